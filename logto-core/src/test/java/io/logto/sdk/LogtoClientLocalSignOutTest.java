package io.logto.sdk;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.logto.sdk.session.UserSession;
import io.logto.sdk.testing.CapturedLogs;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.RecordingStorage;
import io.logto.testing.SignIn;
import io.logto.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LogtoClient#signOutLocally()} (this app only: forget and revoke, no redirect) and
 * {@link LogtoClient#signedInSession()} (what a back-channel logout is matched against).
 */
class LogtoClientLocalSignOutTest {
    private static FakeLogto shared;

    @BeforeAll
    static void startProvider() {
        shared = new FakeLogto();
    }

    @AfterAll
    static void stopProvider() {
        shared.close();
    }

    private FakeLogto logto;
    private RecordingStorage storage;
    private LogtoClient client;

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        storage = new RecordingStorage();
        client = new LogtoClient(logto.core(), storage);
    }

    private int revocations() {
        return logto.count("POST", FakeLogto.REVOCATION_PATH);
    }

    @Test
    void signOutLocallyWhenSignedInThenTokensGoneAndRefreshTokenRevokedWithoutRedirect() {
        logto.signIn(client);

        client.signOutLocally().join();

        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(client.getRefreshToken()).isEmpty();
        assertThat(client.signedInSession()).isEmpty();
        assertThat(storage.snapshot()).isEmpty();
        var revocation = logto.server().findAll(WireMock.postRequestedFor(urlPathEqualTo(FakeLogto.REVOCATION_PATH)));
        assertThat(revocation).hasSize(1);
        assertThat(SignIn.query(revocation.get(0).getBodyAsString()).get("token")).containsExactly("refresh-1");
        assertThat(logto.count("GET", FakeLogto.END_SESSION_PATH)).isZero();
    }

    @Test
    void signOutLocallyWhenASignInIsPendingThenItStays() {
        logto.signIn(client);
        SignIn pending = logto.startSignIn(client, FakeLogto.REDIRECT_URI);

        client.signOutLocally().join();

        assertThat(client.pendingSignInStates()).containsExactly(pending.state());
        assertThat(storage.snapshot()).containsOnlyKeys(UserSession.SIGN_IN_SESSION);
    }

    @Test
    void signOutLocallyWhenRevocationFailsThenStillCompletesNormallyAndSignedOut() {
        logto.signIn(client);
        logto.server().stubFor(post(urlPathEqualTo(FakeLogto.REVOCATION_PATH)).willReturn(aResponse().withStatus(503)));

        assertThat(client.signOutLocally()).succeedsWithin(Duration.ofSeconds(30));
        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(revocations()).isEqualTo(1);
    }

    @Test
    void signOutLocallyWhenRevocationFailsThenAWarningNamesWhyAndNotTheToken() {
        // Revocation is best effort, so the log is the only place an operator learns it failed.
        logto.signIn(client);
        logto.server().stubFor(post(urlPathEqualTo(FakeLogto.REVOCATION_PATH)).willReturn(aResponse().withStatus(503)));

        try (var logs = CapturedLogs.of(LogtoClient.class)) {
            client.signOutLocally().join();

            assertThat(logs.warnings()).singleElement().asString()
                    .contains("local sign-out", "TOKEN_REQUEST_FAILED", "503").doesNotContain("refresh-1");
        }
    }

    @Test
    void signOutLocallyWhenTheProviderIsUnreachableThenTheTokensAreGoneBeforeTheFutureCompletes() {
        logto.signIn(client);
        logto.server().stubFor(post(urlPathEqualTo(FakeLogto.REVOCATION_PATH))
                .willReturn(aResponse().withStatus(200).withFixedDelay(1_000)));

        var revoked = client.signOutLocally();

        assertThat(client.getIdToken()).isEmpty();
        assertThat(client.getRefreshToken()).isEmpty();
        assertThat(revoked).succeedsWithin(Duration.ofSeconds(30));
    }

    @Test
    void signOutLocallyWhenSignedOutThenNothingIsRevoked() {
        assertThat(client.signOutLocally()).isCompleted();
        assertThat(revocations()).isZero();
    }

    @Test
    void signOutLocallyThenTheNextSignInStartsFresh() {
        logto.signIn(client);
        client.signOutLocally().join();

        logto.signIn(client);

        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @Test
    void signedInSessionWhenTheIdTokenHasSidThenSubSidAndSignInTimeAreStored() {
        Instant signedInAt = logto.clock().instant();
        signInWith(Map.of("sid", "op-session-1"));
        logto.clock().advance(Duration.ofMinutes(5));

        Optional<SignedInSession> session = client.signedInSession();

        assertThat(session).contains(new SignedInSession("user-7f3a", Optional.of("op-session-1"),
                Instant.ofEpochSecond(signedInAt.getEpochSecond())));
        assertThat(storage.snapshot()).containsEntry(UserSession.SUB, "user-7f3a")
                .containsEntry(UserSession.SID, "op-session-1");
    }

    @Test
    void signedInSessionWhenTheIdTokenHasNoSidThenSidIsEmpty() {
        signInWith(Map.of());

        assertThat(client.signedInSession().orElseThrow().sid()).isEmpty();
        assertThat(storage.snapshot()).doesNotContainKey(UserSession.SID);
    }

    @Test
    void signedInSessionWhenStoredByAnEarlierVersionThenReadFromTheIdTokenAndOlderThanAnyLogout() {
        signInWith(Map.of("sid", "op-session-2"));
        storage.delete(UserSession.SUB);
        storage.delete(UserSession.SID);
        storage.delete(UserSession.SIGNED_IN_AT);

        assertThat(client.signedInSession()).contains(
                new SignedInSession("user-7f3a", Optional.of("op-session-2"), Instant.EPOCH));
    }

    @Test
    void signedInSessionWhenNoOneIsSignedInThenEmpty() {
        assertThat(client.signedInSession()).isEmpty();
    }

    @Test
    void signedInSessionWhenAnotherSignInReplacesTheSessionThenItsOwnSidIsKept() {
        signInWith(Map.of("sid", "first"));
        signInWith(Map.of());

        assertThat(client.signedInSession().orElseThrow().sid()).isEmpty();
    }

    private void signInWith(Map<String, Object> claims) {
        SignIn s = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        var token = logto.tokens().idToken().claim("nonce", s.nonce());
        claims.forEach(token::claim);
        logto.stubToken(logto.tokenResponse("access-1", "refresh-1", token.signedWith(TestKeys.ES384)));
        client.handleSignInCallback(s.callback()).join();
    }
}
