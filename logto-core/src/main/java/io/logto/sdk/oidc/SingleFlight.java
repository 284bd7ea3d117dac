package io.logto.sdk.oidc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Runs at most one operation per key at a time; callers that arrive while it runs share its result.
 * A failure forgets the key before it is published, so it is not cached: the next call starts again.
 * A success is published first (the callers' dependent actions run) and the key forgotten after, so
 * that whatever those actions store is visible before a new operation can start. Holds only
 * in-flight keys. Thread-safe.
 */
final class SingleFlight<K, V> {
    private final ConcurrentMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

    CompletableFuture<V> run(K key, Supplier<CompletableFuture<V>> operation) {
        var mine = new CompletableFuture<V>();
        CompletableFuture<V> existing = inFlight.putIfAbsent(key, mine);
        if (existing != null) {
            return existing.copy();
        }
        Futures.supplyOrFailOnAny(operation).whenComplete((value, error) -> {
            if (error != null) {
                inFlight.remove(key, mine);
                mine.completeExceptionally(Futures.unwrap(error));
            } else {
                // Callers' callbacks (which store the new token) run inside complete(); forgetting the
                // key only afterwards means a caller that finds no flight also finds the stored result.
                mine.complete(value);
                inFlight.remove(key, mine);
            }
        });
        return mine.copy();
    }

    /** How many operations are running (for tests and metrics). */
    int size() {
        return inFlight.size();
    }
}
