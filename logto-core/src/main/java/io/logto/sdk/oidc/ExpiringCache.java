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
    private final ConcurrentMap<K, V> values = new ConcurrentHashMap<>();
    private final SingleFlight<K, V> fetches = new SingleFlight<>();

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
        V cached = values.get(key);
        if (cached != null && fresh.test(cached)) {
            return CompletableFuture.completedFuture(cached);
        }
        return fetches.run(key, () -> {
            // A fetch that finished between the read above and this flight has stored its value.
            V stored = values.get(key);
            if (stored != null && fresh.test(stored)) {
                return CompletableFuture.completedFuture(stored);
            }
            return fetch.get().thenApply(value -> {
                store(key, value);
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
        values.remove(key);
    }

    /**
     * How many values are held (for tests and metrics).
     *
     * @return the number of values
     */
    public int size() {
        return values.size();
    }

    private void store(K key, V value) {
        if (values.size() >= maxEntries && !values.containsKey(key)) {
            values.entrySet().removeIf(entry -> !fresh.test(entry.getValue()));
            Iterator<Map.Entry<K, V>> any = values.entrySet().iterator();
            while (values.size() >= maxEntries && any.hasNext()) {
                any.next();
                any.remove();
            }
        }
        values.put(key, value);
    }
}
