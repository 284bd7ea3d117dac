package io.logto.sdk;

import io.logto.sdk.session.UserSession;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.sdk.testing.RecordingStorage;
import io.logto.testing.SignIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What happens to a refresh whose session changes while its request is on the way: the provider's
 * answer is held ({@link io.logto.sdk.testing.TokenGate}) until the test has changed the session, so
 * each race is run in the order it names, never by timing. Every test counts the refresh requests.
 */
class RefreshRacesTest {
    private FakeLogto logto;
    private RecordingStorage storage;
    private LogtoClient client;

    @BeforeEach
    void signInWithAnExpiredAccessToken() {
        logto = new FakeLogto();
        storage = new RecordingStorage();
        client = new LogtoClient(logto.core(), storage);
        logto.signIn(client);
        logto.clock().advance(Duration.ofHours(2));
        logto.resetCounts();
    }

    @AfterEach
    void stop() {
        logto.close();
    }

    /** Starts {@code getAccessToken()} with the provider's answer held; returns once the request is held. */
    private CompletableFuture<Optional<String>> refreshHeldAtTheProvider() {
        logto.tokenGate().close();
        CompletableFuture<Optional<String>> inFlight = client.getAccessToken();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (logto.tokenGate().held() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(logto.tokenGate().held()).as("the refresh request reached the provider").isEqualTo(1);
        return inFlight;
    }

    /** Refresh grants sending {@code refreshToken} get {@code json} with {@code status}. */
    private void answerRefreshOf(String refreshToken, int status, Map<String, Object> json) {
        logto.stubJson(post(urlPathEqualTo(FakeLogto.TOKEN_PATH))
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=" + refreshToken)),
                status, json);
    }

    private List<String> refreshTokensSent() {
        return logto.tokenRequests().stream()
                .map(r -> SignIn.query(r.getBodyAsString()))
                .filter(form -> form.getOrDefault("grant_type", List.of()).contains("refresh_token"))
                .map(form -> form.get("refresh_token").get(0))
                .toList();
    }

    @Test
    void aLateRefreshIsNotStoredOverASignInThatHappenedWhileItWasOnItsWay() {
        answerRefreshOf("refresh-1", 200, logto.tokenResponse("late-access", "refresh-1b", null));
        CompletableFuture<Optional<String>> late = refreshHeldAtTheProvider();

        // The user signs in again (another account, say) while the old session's refresh is held.
        SignIn again = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        logto.stubJson(post(urlPathEqualTo(FakeLogto.TOKEN_PATH)).withRequestBody(containing("grant_type=authorization_code")),
                200, logto.tokenResponse("new-access", "refresh-2",
                        logto.tokens().idToken().claim("nonce", again.nonce()).claim("sub", "user-2")
                                .signedWith(logto.signingKey())));
        client.handleSignInCallback(again.callback()).join();
        logto.tokenGate().open();

        assertThat(late.join()).as("the caller that asked still gets its answer").contains("late-access");
        assertThat(client.getRefreshToken()).as("the new sign-in's refresh token").contains("refresh-2");
        assertThat(client.getIdTokenClaims().sub()).isEqualTo("user-2");
        assertThat(client.getAccessToken().join()).as("the new sign-in's access token").contains("new-access");
        assertThat(refreshTokensSent()).containsExactly("refresh-1");
    }

    @Test
    void aRefreshRefusedBecauseAnotherRequestRotatedTheTokenIsRetriedOnceWithTheRotatedToken() {
        answerRefreshOf("refresh-1", 400, Map.of("error", "invalid_grant"));
        answerRefreshOf("refresh-2", 200, logto.tokenResponse("access-2", "refresh-3", null));
        CompletableFuture<Optional<String>> inFlight = refreshHeldAtTheProvider();

        // Another request (another node sharing the session) rotated refresh-1 to refresh-2 meanwhile.
        var session = new UserSession(storage);
        session.saveTokens(session.idToken().orElseThrow(), "refresh-2");
        logto.tokenGate().open();

        assertThat(inFlight.join()).contains("access-2");
        assertThat(refreshTokensSent()).containsExactly("refresh-1", "refresh-2");
        assertThat(client.getRefreshToken()).contains("refresh-3");
        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @Test
    void aRefreshRefusedWithoutAnyRotationIsNotRetriedWithTheSameToken() {
        answerRefreshOf("refresh-1", 400, Map.of("error", "invalid_grant"));

        LogtoException e = Failures.of(client.getAccessToken());

        assertThat(e.code()).isEqualTo(LogtoException.Code.REFRESH_TOKEN_INVALID);
        assertThat(refreshTokensSent()).as("one request: the refused token is never sent again").containsExactly("refresh-1");
        assertThat(client.getRefreshToken()).isEmpty();
    }

    @Test
    void aRetryRefusedAgainIsNotRetriedASecondTimeAndEndsTheSession() {
        answerRefreshOf("refresh-1", 400, Map.of("error", "invalid_grant"));
        answerRefreshOf("refresh-2", 400, Map.of("error", "invalid_grant"));
        CompletableFuture<Optional<String>> inFlight = refreshHeldAtTheProvider();
        var session = new UserSession(storage);
        session.saveTokens(session.idToken().orElseThrow(), "refresh-2");
        logto.tokenGate().open();

        LogtoException e = Failures.of(inFlight);

        assertThat(e.code()).isEqualTo(LogtoException.Code.REFRESH_TOKEN_INVALID);
        assertThat(refreshTokensSent()).containsExactly("refresh-1", "refresh-2");
        assertThat(client.getRefreshToken()).as("the refused rotated token is forgotten").isEmpty();
    }

    @Test
    void aRefreshFailingTransientlyAfterARotationIsNotRetriedAndKeepsTheRotatedToken() {
        answerRefreshOf("refresh-1", 503, Map.of("error", "temporarily_unavailable"));
        CompletableFuture<Optional<String>> inFlight = refreshHeldAtTheProvider();
        var session = new UserSession(storage);
        session.saveTokens(session.idToken().orElseThrow(), "refresh-2");
        logto.tokenGate().open();

        LogtoException e = Failures.of(inFlight);

        assertThat(e.code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
        assertThat(refreshTokensSent()).containsExactly("refresh-1");
        assertThat(client.getRefreshToken()).contains("refresh-2");
    }
}
