package io.logto.sdk.oidc;

import io.logto.sdk.LogtoException;
import io.logto.sdk.testing.Failures;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ExpiringCache}: reuse while fresh, one fetch for concurrent callers, no failures kept, bounded. */
class ExpiringCacheTest {
    /** A value that says whether it is still fresh. */
    private record Value(String name, boolean fresh) {
    }

    private final ExpiringCache<String, Value> cache = new ExpiringCache<>(3, Value::fresh);
    private final AtomicInteger fetches = new AtomicInteger();

    private CompletableFuture<Value> fetch(String name, boolean fresh) {
        fetches.incrementAndGet();
        return CompletableFuture.completedFuture(new Value(name, fresh));
    }

    @Test
    void getWhenFreshThenNoFetch() {
        cache.get("a", () -> fetch("a1", true)).join();

        assertThat(cache.get("a", () -> fetch("a2", true)).join().name()).isEqualTo("a1");
        assertThat(fetches).hasValue(1);
    }

    @Test
    void getWhenStaleThenFetchedAgain() {
        cache.get("a", () -> fetch("a1", false)).join();

        assertThat(cache.get("a", () -> fetch("a2", true)).join().name()).isEqualTo("a2");
    }

    @Test
    void getWhileAFetchRunsThenCallersShareIt() {
        var pending = new CompletableFuture<Value>();
        CompletableFuture<Value> first = cache.get("a", () -> {
            fetches.incrementAndGet();
            return pending;
        });
        CompletableFuture<Value> second = cache.get("a", () -> fetch("other", true));

        pending.complete(new Value("shared", true));

        assertThat(first.join().name()).isEqualTo("shared");
        assertThat(second.join().name()).isEqualTo("shared");
        assertThat(fetches).hasValue(1);
    }

    @Test
    void getWhenTheFetchFailsThenNothingIsKept() {
        LogtoException e = Failures.of(cache.get("a", () -> CompletableFuture.failedFuture(
                new LogtoException(LogtoException.Code.TOKEN_REQUEST_FAILED, "down"))));

        assertThat(e.code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
        assertThat(cache.size()).isZero();
        assertThat(cache.get("a", () -> fetch("a1", true)).join().name()).isEqualTo("a1");
    }

    @Test
    void storeWhenFullThenStaleValuesGoFirstAndTheSizeStaysBounded() {
        cache.get("stale", () -> fetch("s", false)).join();
        cache.get("b", () -> fetch("b", true)).join();
        cache.get("c", () -> fetch("c", true)).join();

        cache.get("d", () -> fetch("d", true)).join();
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("b", () -> fetch("b2", true)).join().name()).isEqualTo("b");

        for (int i = 0; i < 20; i++) {
            String key = "k" + i;
            cache.get(key, () -> fetch(key, true)).join();
        }
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void getRightAfterForgetNeverJoinsTheFetchThatJustFinished() {
        var pending = new CompletableFuture<Value>();
        var afterForget = new CompletableFuture<Value>();
        CompletableFuture<Value> first = cache.get("a", () -> pending);
        // Runs inside the fetch's completion, while its flight is not yet forgotten: the narrowest window.
        first.thenRun(() -> {
            cache.forget("a");
            cache.get("a", () -> fetch("a2", true)).thenAccept(afterForget::complete);
        });

        pending.complete(new Value("a1", true));

        assertThat(afterForget.join().name()).isEqualTo("a2");
    }

    @Test
    void getRightAfterAValueStaleOnArrivalFetchesAgain() {
        var pending = new CompletableFuture<Value>();
        var next = new CompletableFuture<Value>();
        CompletableFuture<Value> first = cache.get("a", () -> pending);
        first.thenRun(() -> cache.get("a", () -> fetch("a2", true)).thenAccept(next::complete));

        pending.complete(new Value("a1", false));

        assertThat(next.join().name()).isEqualTo("a2");
    }
}
