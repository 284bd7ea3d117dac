package io.logto.sdk.oidc;

import io.logto.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataCacheTest {
    private final MutableClock clock = new MutableClock();
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile boolean failing;

    private MetadataCache<Integer> cache() {
        return new MetadataCache<>(() -> {
            int n = fetches.incrementAndGet();
            return failing ? CompletableFuture.failedFuture(new IllegalStateException("down"))
                    : CompletableFuture.completedFuture(n);
        }, clock, Duration.ofMinutes(10));
    }

    @Test
    void getWhenFreshThenFetchedOnce() {
        var cache = cache();

        assertThat(cache.get().join()).isEqualTo(1);
        assertThat(cache.get().join()).isEqualTo(1);
        assertThat(fetches).hasValue(1);
    }

    @Test
    void getWhenStaleThenFetchedAgain() {
        var cache = cache();
        cache.get().join();

        clock.advance(Duration.ofMinutes(10));

        assertThat(cache.get().join()).isEqualTo(2);
    }

    @Test
    void getWhenFetchFailedThenNextCallRetries() {
        var cache = cache();
        failing = true;
        assertThatThrownBy(() -> cache.get().join()).hasCauseInstanceOf(IllegalStateException.class);

        failing = false;

        assertThat(cache.get().join()).isEqualTo(2);
    }

    @Test
    void refreshWhenWithinIntervalThenNoFetch() {
        var cache = cache();
        cache.get().join();

        assertThat(cache.refresh(Duration.ofSeconds(30)).join()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(31));
        assertThat(cache.refresh(Duration.ofSeconds(30)).join()).isEqualTo(2);
        assertThat(cache.refresh(Duration.ofSeconds(30)).join()).isEqualTo(2);
        assertThat(fetches).hasValue(2);
    }

    @Test
    void refreshWhenFetchFailsThenPreviousValueKeptAndRetryRateLimited() {
        var cache = cache();
        cache.get().join();
        clock.advance(Duration.ofSeconds(31));
        failing = true;

        assertThatThrownBy(() -> cache.refresh(Duration.ofSeconds(30)).join()).hasCauseInstanceOf(IllegalStateException.class);

        assertThat(cache.get().join()).isEqualTo(1);
        assertThat(cache.refresh(Duration.ofSeconds(30)).join()).isEqualTo(1);
        assertThat(fetches).hasValue(2);
    }

    @Test
    void getWhenCallerCancelsItsFutureThenCacheUnharmed() {
        var cache = cache();
        cache.get().cancel(true);

        assertThat(cache.get().join()).isEqualTo(1);
    }
}
