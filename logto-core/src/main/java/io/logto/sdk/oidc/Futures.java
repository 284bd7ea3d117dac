package io.logto.sdk.oidc;

import io.logto.sdk.LogtoException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** The SDK's two ways of keeping failures inside its futures. Stateless and thread-safe. */
public final class Futures {
    private Futures() {
    }

    /**
     * Runs the synchronous start of an async method; a {@link LogtoException} it throws fails the
     * returned future instead, so that callers see every SDK failure in one place.
     *
     * @param start the start, which returns the method's future
     * @param <T>   the future's value type
     * @return {@code start}'s future, or a future failed with what {@code start} threw
     */
    public static <T> CompletableFuture<T> supplyOrFail(Supplier<CompletableFuture<T>> start) {
        try {
            return start.get();
        } catch (LogtoException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Like {@link #supplyOrFail}, for any {@link RuntimeException}: for the SDK's own pipelines,
     * where an exception thrown by a step must fail its future rather than escape to a thread that
     * nobody watches.
     */
    static <T> CompletableFuture<T> supplyOrFailOnAny(Supplier<CompletableFuture<T>> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The failure inside the wrappers a future adds ({@link CompletionException},
     * {@link ExecutionException}).
     *
     * @param error a future's failure
     * @return the innermost cause that is not such a wrapper
     */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
