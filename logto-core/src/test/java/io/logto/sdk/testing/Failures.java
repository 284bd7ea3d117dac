package io.logto.sdk.testing;

import io.logto.sdk.LogtoException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Unwraps how an SDK future failed. */
public final class Failures {
    private Failures() {
    }

    /**
     * The {@link LogtoException} {@code future} failed with; an assertion error when it succeeded,
     * failed with anything else, or did not finish within 30 s (a hang is a bug too).
     */
    public static LogtoException of(CompletableFuture<?> future) {
        try {
            Object value = future.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected a LogtoException, but the future succeeded with " + value);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof LogtoException logto) {
                return logto;
            }
            throw new AssertionError("expected a LogtoException, got " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (TimeoutException e) {
            throw new AssertionError("the future did not complete", e);
        }
    }

    /** The exception {@code action} throws, which must be a {@link LogtoException}. */
    public static LogtoException ofCall(Runnable action) {
        try {
            action.run();
        } catch (LogtoException e) {
            return e;
        }
        throw new AssertionError("expected a LogtoException, but the call returned");
    }

    /** The exception of any type {@code action} throws. */
    public static RuntimeException ofCallOrAny(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected an exception, but the call returned");
    }
}
