package io.logto.sdk.oidc;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SingleFlightTest {
    @Test
    void runWhenSameKeyWhileRunningThenShared() {
        var flight = new SingleFlight<String, String>();
        var started = new AtomicInteger();
        var pending = new CompletableFuture<String>();

        var a = flight.run("k", () -> {
            started.incrementAndGet();
            return pending;
        });
        var b = flight.run("k", () -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("other");
        });
        pending.complete("v");

        assertThat(a.join()).isEqualTo("v");
        assertThat(b.join()).isEqualTo("v");
        assertThat(started).hasValue(1);
        assertThat(flight.size()).isZero();
    }

    @Test
    void runWhenDifferentKeysThenIndependent() {
        var flight = new SingleFlight<String, String>();

        assertThat(flight.run("a", () -> CompletableFuture.completedFuture("1")).join()).isEqualTo("1");
        assertThat(flight.run("b", () -> CompletableFuture.completedFuture("2")).join()).isEqualTo("2");
    }

    @Test
    void runWhenFailedThenNotCachedAndNextRunStartsAgain() {
        var flight = new SingleFlight<String, String>();

        var failed = flight.run("k", () -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
        assertThatThrownBy(failed::join).hasCauseInstanceOf(IllegalStateException.class);

        assertThat(flight.run("k", () -> CompletableFuture.completedFuture("ok")).join()).isEqualTo("ok");
        assertThat(flight.size()).isZero();
    }

    @Test
    void runWhenOperationThrowsThenFailedFuture() {
        var flight = new SingleFlight<String, String>();

        var f = flight.run("k", () -> {
            throw new IllegalArgumentException("sync");
        });

        assertThatThrownBy(f::join).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(flight.size()).isZero();
    }

    @Test
    void runWhenOneCallerCancelsItsCopyThenOthersStillGetTheResult() {
        var flight = new SingleFlight<String, String>();
        var pending = new CompletableFuture<String>();
        var a = flight.run("k", () -> pending);
        var b = flight.run("k", () -> pending);

        a.cancel(true);
        pending.complete("v");

        assertThat(b.join()).isEqualTo("v");
    }
}
