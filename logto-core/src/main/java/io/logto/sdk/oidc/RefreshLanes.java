package io.logto.sdk.oidc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Runs the refreshes of one session (one refresh token) one after another, each with the newest
 * refresh token. Providers that rotate refresh tokens (Logto does for public clients) refuse a
 * consumed one and may revoke the whole grant, so two refreshes for different resources must not
 * race with the same token. A lane exists only while it has work. Thread-safe.
 */
final class RefreshLanes {
    private final ConcurrentMap<String, Lane> lanes = new ConcurrentHashMap<>();

    private static final class Lane {
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        private volatile String current;
        private int pending;

        Lane(String refreshToken) {
            this.current = refreshToken;
        }
    }

    /**
     * Queues {@code request} behind the other refreshes of {@code refreshToken}'s session. The
     * request receives the refresh token to send: the given one, or the one a refresh before it
     * rotated to.
     */
    CompletableFuture<RefreshedTokens> run(String refreshToken,
                                           Function<String, CompletableFuture<TokenResponse>> request) {
        String laneKey = TokenClient.fingerprint(refreshToken);
        var result = new CompletableFuture<RefreshedTokens>();
        lanes.compute(laneKey, (key, existing) -> {
            Lane lane = existing != null ? existing : new Lane(refreshToken);
            lane.pending++;
            lane.tail = lane.tail.thenCompose(previousDone -> {
                String used = lane.current;
                return Futures.supplyOrFailOnAny(() -> request.apply(used)).handle((tokens, error) -> {
                    if (error != null) {
                        result.completeExceptionally(Futures.unwrap(error));
                    } else {
                        tokens.refreshToken().ifPresent(rotated -> lane.current = rotated);
                        result.complete(new RefreshedTokens(tokens, used));
                    }
                    return null;
                });
            });
            return lane;
        });
        // Registered outside compute(): completion may already have happened inside it.
        result.whenComplete((ok, error) -> lanes.computeIfPresent(laneKey,
                (key, lane) -> --lane.pending == 0 ? null : lane));
        return result;
    }

    /** Lanes with work (for tests). */
    int size() {
        return lanes.size();
    }
}
