package io.logto.sdk.oidc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A cache of one piece of provider metadata (the discovery document, the key set), fetched
 * asynchronously and kept for {@link io.logto.sdk.LogtoConfig#metadataCacheTtl()}. Concurrent callers
 * share one fetch; a failed fetch is not kept, so the next call tries again, and it does not replace
 * the last good value; {@link #refresh} refetches early, rate-limited. Unrelated to refreshing tokens.
 * Holds at most one value. Thread-safe.
 */
final class MetadataCache<T> {
    private final Supplier<CompletableFuture<T>> fetch;
    private final Clock clock;
    private final Duration lifetime;
    private Entry<T> entry;
    /** When {@link #refresh} last started a fetch, so that failing refetches are rate-limited too. */
    private Instant lastRefresh;

    private record Entry<T>(CompletableFuture<T> value, Instant fetchedAt) {
    }

    MetadataCache(Supplier<CompletableFuture<T>> fetch, Clock clock, Duration lifetime) {
        this.fetch = fetch;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** The cached value, or a shared fetch when there is none, it failed, or it is too old. */
    CompletableFuture<T> get() {
        Entry<T> current;
        synchronized (this) {
            current = entry;
            if (current == null || current.value.isCompletedExceptionally() || isStale(current)) {
                current = startFetch();
            }
        }
        return current.value.copy();
    }

    /**
     * Fetches again unless the last fetch started less than {@code minInterval} ago; returns the
     * newest value either way.
     */
    CompletableFuture<T> refresh(Duration minInterval) {
        Entry<T> current;
        synchronized (this) {
            current = entry;
            Instant now = clock.instant();
            boolean recent = current != null && !current.value.isCompletedExceptionally()
                    && (current.fetchedAt.plus(minInterval).isAfter(now)
                    || lastRefresh != null && lastRefresh.plus(minInterval).isAfter(now));
            if (!recent) {
                lastRefresh = now;
                current = startFetch();
            }
        }
        return current.value.copy();
    }

    /** When the current value was fetched; {@code null} before the first fetch. */
    synchronized Instant fetchedAt() {
        return entry == null ? null : entry.fetchedAt;
    }

    private boolean isStale(Entry<T> e) {
        return e.value.isDone() && !e.fetchedAt.plus(lifetime).isAfter(clock.instant());
    }

    private Entry<T> startFetch() {
        // A failed fetch must not throw away a good value (a provider blip would fail every caller).
        Entry<T> previous = entry != null && entry.value.isDone() && !entry.value.isCompletedExceptionally()
                ? entry : null;
        CompletableFuture<T> future = Futures.supplyOrFailOnAny(fetch);
        Entry<T> created = new Entry<>(future, clock.instant());
        entry = created;
        future.whenComplete((value, error) -> {
            if (error != null) {
                synchronized (this) {
                    if (entry == created) {
                        entry = previous;
                    }
                }
            }
        });
        return created;
    }
}
