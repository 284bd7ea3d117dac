package io.logto.sdk.oidc;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Values fetched per key and reused while they are fresh, such as an app's own access tokens: a
 * fresh value is returned at once, and concurrent callers that find none share one fetch
 * ({@link SingleFlight}). A failed fetch is not kept, so the next call fetches again. Holds at most
 * {@code maxEntries} values: when full, stale ones are dropped first, then an arbitrary one.
 * Thread-safe.
 *
 * @param <K> the key
 * @param <V> the value
 */
public final class ExpiringCache<K, V> {
    private final int maxEntries;
    private final Predicate<V> fresh;
    private final ConcurrentMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final SingleFlight<Flight<K>, V> fetches = new SingleFlight<>();

    /** What is known of a key: its last value ({@code null} once forgotten) and the fetch generation that got it. */
    private record Entry<V>(V value, long generation) {
    }

    /**
     * One generation of fetches of a key: the first is 0, and a caller that finds the value of
     * generation {@code n} stale or forgotten fetches generation {@code n + 1}. {@link SingleFlight}
     * publishes a result before it forgets the flight, so without generations a caller arriving in
     * between would join the finished fetch of the very value it found stale.
     */
    private record Flight<K>(K key, long generation) {
    }

    /**
     * An empty cache.
     *
     * @param maxEntries the most values held
     * @param fresh      whether a value may still be handed out (asked at every read)
     */
    public ExpiringCache(int maxEntries, Predicate<V> fresh) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
        this.fresh = Objects.requireNonNull(fresh, "fresh");
    }

    /**
     * The fresh value of {@code key}, or the result of {@code fetch}, shared with every caller that
     * arrives while it runs and kept for later ones.
     *
     * @param key   the key
     * @param fetch gets a new value
     * @return the value; fails as {@code fetch} failed
     */
    public CompletableFuture<V> get(K key, Supplier<CompletableFuture<V>> fetch) {
        Entry<V> entry = entries.get(key);
        if (isFresh(entry)) {
            return CompletableFuture.completedFuture(entry.value);
        }
        long generation = entry == null ? 0 : entry.generation + 1;
        return fetches.run(new Flight<>(key, generation), () -> {
            // A fetch that finished between the read above and this flight has stored its value.
            Entry<V> stored = entries.get(key);
            if (isFresh(stored)) {
                return CompletableFuture.completedFuture(stored.value);
            }
            return fetch.get().thenApply(value -> {
                store(key, value, generation);
                return value;
            });
        });
    }

    /**
     * Forgets the value of {@code key} (e.g. after an API refused it), so the next call fetches.
     *
     * @param key the key
     */
    public void forget(K key) {
        entries.computeIfPresent(key, (k, entry) -> new Entry<>(null, entry.generation));
    }

    /**
     * How many values are held (for tests and metrics).
     *
     * @return the number of values
     */
    public int size() {
        return (int) entries.values().stream().filter(entry -> entry.value != null).count();
    }

    private boolean isFresh(Entry<V> entry) {
        return entry != null && entry.value != null && fresh.test(entry.value);
    }

    private void store(K key, V value, long generation) {
        if (entries.size() >= maxEntries && !entries.containsKey(key)) {
            entries.entrySet().removeIf(e -> !isFresh(e.getValue()));
            Iterator<Map.Entry<K, Entry<V>>> any = entries.entrySet().iterator();
            while (entries.size() >= maxEntries && any.hasNext()) {
                any.next();
                any.remove();
            }
        }
        entries.put(key, new Entry<>(value, generation));
    }
}
