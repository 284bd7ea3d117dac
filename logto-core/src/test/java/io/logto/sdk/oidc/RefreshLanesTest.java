package io.logto.sdk.oidc;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshLanesTest {
    private final RefreshLanes lanes = new RefreshLanes();

    private static TokenResponse rotatedTo(String newRefreshToken) {
        return new TokenResponse("access", "Bearer", Optional.of(3600L), "", Optional.empty(),
                Optional.ofNullable(newRefreshToken));
    }

    @Test
    void runWhenTwoRefreshesOfOneSessionOverlapThenSecondWaitsAndUsesRotatedToken() {
        List<String> sent = new CopyOnWriteArrayList<>();
        var firstResponse = new CompletableFuture<TokenResponse>();

        CompletableFuture<RefreshedTokens> first = lanes.run("rt-1", token -> {
            sent.add(token);
            return firstResponse;
        });
        CompletableFuture<RefreshedTokens> second = lanes.run("rt-1", token -> {
            sent.add(token);
            return CompletableFuture.completedFuture(rotatedTo("rt-3"));
        });

        assertThat(sent).containsExactly("rt-1");
        assertThat(second).isNotDone();

        firstResponse.complete(rotatedTo("rt-2"));

        assertThat(sent).containsExactly("rt-1", "rt-2");
        assertThat(first.join().refreshTokenUsed()).isEqualTo("rt-1");
        assertThat(second.join().refreshTokenUsed()).isEqualTo("rt-2");
        assertThat(second.join().tokens().refreshToken()).contains("rt-3");
        assertThat(lanes.size()).isZero();
    }

    @Test
    void runWhenProviderDoesNotRotateThenQueuedRefreshReusesSameToken() {
        List<String> sent = new CopyOnWriteArrayList<>();
        var firstResponse = new CompletableFuture<TokenResponse>();
        lanes.run("rt", token -> {
            sent.add(token);
            return firstResponse;
        });
        CompletableFuture<RefreshedTokens> second = lanes.run("rt", token -> {
            sent.add(token);
            return CompletableFuture.completedFuture(rotatedTo(null));
        });

        firstResponse.complete(rotatedTo(null));

        assertThat(second.join().refreshTokenUsed()).isEqualTo("rt");
        assertThat(sent).containsExactly("rt", "rt");
    }

    @Test
    void runWhenEarlierRefreshFailsThenLaterOneStillRuns() {
        var firstResponse = new CompletableFuture<TokenResponse>();
        CompletableFuture<RefreshedTokens> first = lanes.run("rt", token -> firstResponse);
        CompletableFuture<RefreshedTokens> second = lanes.run("rt",
                token -> CompletableFuture.completedFuture(rotatedTo(null)));

        firstResponse.completeExceptionally(new IllegalStateException("boom"));

        assertThat(first).isCompletedExceptionally();
        assertThat(second.join().refreshTokenUsed()).isEqualTo("rt");
        assertThat(lanes.size()).isZero();
    }

    @Test
    void runWhenSessionsDifferThenRefreshesDoNotWaitForEachOther() {
        var slow = new CompletableFuture<TokenResponse>();
        lanes.run("session-a", token -> slow);
        CompletableFuture<RefreshedTokens> other = lanes.run("session-b",
                token -> CompletableFuture.completedFuture(rotatedTo(null)));

        assertThat(other).isDone();
        assertThat(lanes.size()).isEqualTo(1);
        slow.complete(rotatedTo(null));
        assertThat(lanes.size()).isZero();
    }
}
