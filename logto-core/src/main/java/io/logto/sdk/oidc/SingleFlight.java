package io.logto.sdk.oidc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Runs at most one operation per key at a time; callers that arrive while it runs share its result.
 * A success is published before its key is forgotten (so callers that store it have done so); a
 * failure is forgotten before it is published, so it is not cached: the next call starts again.
 * Holds only in-flight keys. Thread-safe.
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
            if (error != null) {
                inFlight.remove(key, mine);
                mine.completeExceptionally(HttpTransport.unwrap(error));
            } else {
                // Publish first: the callers' continuations (which store the result) run inside
                // complete(), so a caller that arrives before the key is gone shares this result
                // instead of starting a second operation with what may be a consumed input.
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
