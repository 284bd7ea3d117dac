package io.logto.sdk.oidc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Runs at most one operation per key at a time; callers that arrive while it runs share its result.
 * The key is forgotten before the result is published, so a failure is not cached: the next call
 * starts again. Holds only in-flight keys. Thread-safe.
 */
final class SingleFlight<K, V> {
    private final ConcurrentMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

    CompletableFuture<V> run(K key, Supplier<CompletableFuture<V>> operation) {
        var mine = new CompletableFuture<V>();
        CompletableFuture<V> existing = inFlight.putIfAbsent(key, mine);
        if (existing != null) {
            return existing.copy();
        }
        CompletableFuture<V> started;
        try {
            started = operation.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        started.whenComplete((value, error) -> {
            inFlight.remove(key, mine);
            if (error != null) {
                mine.completeExceptionally(HttpTransport.unwrap(error));
            } else {
                mine.complete(value);
            }
        });
        return mine.copy();
    }

    /** How many operations are running (for tests and metrics). */
    int size() {
        return inFlight.size();
    }
}
