package io.logto.sdk;

import io.logto.sdk.session.UserSession;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.sdk.testing.RecordingStorage;
import io.logto.testing.SignIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions end on their own, failing closed (issue 9, item 3): an ID token that expired without a
 * refresh token, a refresh Logto refuses for good (secret rotated, app deleted, user's access
 * withdrawn), a maximum session age. Transient failures never end one.
 */
class SessionEndTest {
    private static final String ORG = "urn:logto:organization:org-1";

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

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        storage = new RecordingStorage();
    }

    /** A sign-in whose token response has no refresh token (prompt=login apps, or offline_access refused). */
    private LogtoClient signedInWithoutRefreshToken() {
        var client = new LogtoClient(logto.core(), storage);
        SignIn s = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        logto.stubToken(logto.tokenResponse("access-1", null,
                logto.tokens().idToken().claim("nonce", s.nonce()).signedWith(logto.signingKey())));
        client.handleSignInCallback(s.callback()).join();
        return client;
    }

    private LogtoClient signedIn(LogtoConfig config) {
        var client = new LogtoClient(logto.core(config), storage);
        logto.signIn(client);
        return client;
    }

    @Test
    void idTokenExpiredAndNoRefreshTokenThenSignedOut() {
        var client = signedInWithoutRefreshToken();
        assertThat(client.isAuthenticated().join()).isTrue();

        logto.clock().advance(Duration.ofHours(1).plus(LogtoConfig.DEFAULT_CLOCK_SKEW).plusSeconds(1));

        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(Failures.ofCall(client::getIdTokenClaims).code()).isEqualTo(LogtoException.Code.NOT_AUTHENTICATED);
        assertThat(Failures.of(client.getAccessToken()).code()).isEqualTo(LogtoException.Code.NOT_AUTHENTICATED);
        assertThat(client.getIdToken()).as("an ended session's tokens are removed when tokens are asked for").isEmpty();
    }

    @Test
    void idTokenExpiredAYearAgoAndNoRefreshTokenThenSignedOut() {
        var client = signedInWithoutRefreshToken();

        logto.clock().advance(Duration.ofDays(365));

        assertThat(client.isAuthenticated().join()).isFalse();
    }

    @Test
    void idTokenExpiredButWithinClockSkewThenStillSignedIn() {
        var client = signedInWithoutRefreshToken();

        logto.clock().advance(Duration.ofHours(1).plus(LogtoConfig.DEFAULT_CLOCK_SKEW));

        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @Test
    void idTokenExpiredWithARefreshTokenThenStillSignedInWithoutNetwork() {
        var client = signedIn(logto.config());
        logto.resetCounts();

        logto.clock().advance(Duration.ofDays(3));

        assertThat(client.isAuthenticated().join()).isTrue();
        assertThat(client.getIdTokenClaims().sub()).isNotEmpty();
        assertThat(logto.tokenRequests()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"400, invalid_grant", "400, unsupported_grant_type", "403, access_denied"})
    void refreshRefusedForGoodThenSignedOutAndTokensRemoved(int status, String error) {
        var client = signedIn(logto.config());
        logto.clock().advance(Duration.ofHours(2));
        logto.stubTokenError(status, error);

        LogtoException e = Failures.of(client.getAccessToken());

        assertThat(e.code()).isEqualTo(LogtoException.Code.REFRESH_TOKEN_INVALID);
        assertThat(e.error()).contains(error);
        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(client.getRefreshToken()).isEmpty();
        assertThat(client.getIdToken()).isEmpty();
    }

    // The app's credentials refused (401/400 invalid_client, 400 unauthorized_client) end the session
    // the same way, with their own code: ConfigurationMistakesTest.

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"500, invalid_grant", "503, invalid_client", "502, server_error", "429, invalid_grant",
            "400, invalid_request", "400, invalid_scope", "400, invalid_target"})
    void refreshFailingTransientlyOrForOneRequestThenStillSignedIn(int status, String error) {
        var client = signedIn(logto.config());
        logto.clock().advance(Duration.ofHours(2));
        logto.stubTokenError(status, error);

        LogtoException e = Failures.of(client.getAccessToken());

        assertThat(e.code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
        assertThat(client.isAuthenticated().join()).isTrue();
        assertThat(client.getRefreshToken()).contains("refresh-1");
    }

    @Test
    void organizationTokenDeniedThenStillSignedIn() {
        // Not a member of that organization: a refusal about one organization, not about the session.
        var client = signedIn(logto.configBuilder().scopes(java.util.List.of(LogtoScopes.ORGANIZATIONS)).build());
        logto.stubTokenError(403, "access_denied");

        LogtoException e = Failures.of(client.getAccessToken(ORG));

        assertThat(e.code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @Test
    void maxSessionAgeReachedThenSignedOutAndNoRefreshIsTried() {
        var client = signedIn(logto.configBuilder().maxSessionAge(Duration.ofHours(8)).build());
        logto.clock().advance(Duration.ofHours(7));
        assertThat(client.isAuthenticated().join()).isTrue();
        logto.resetCounts();

        logto.clock().advance(Duration.ofHours(1).plusSeconds(1));

        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(Failures.of(client.getAccessToken()).code()).isEqualTo(LogtoException.Code.NOT_AUTHENTICATED);
        assertThat(logto.tokenRequests()).as("the refresh token is not used").isEmpty();
        assertThat(client.getRefreshToken()).isEmpty();
    }

    @Test
    void maxSessionAgeCountsFromTheSignInNotFromTheLastRefresh() {
        var config = logto.configBuilder().maxSessionAge(Duration.ofHours(3)).build();
        var client = signedIn(config);
        logto.stubToken(logto.tokenResponse("access-2", "refresh-2", null));
        logto.clock().advance(Duration.ofHours(2));
        client.getAccessToken().join();

        logto.clock().advance(Duration.ofHours(1).plusSeconds(1));

        assertThat(client.isAuthenticated().join()).isFalse();
    }

    @Test
    void maxSessionAgeWhenTheSessionHasNoSignInTimeThenItCountsAsEnded() {
        signedIn(logto.config());
        storage.delete(UserSession.SIGNED_IN_AT);
        var strict = new LogtoClient(logto.core(logto.configBuilder().maxSessionAge(Duration.ofDays(30)).build()),
                storage);

        assertThat(strict.isAuthenticated().join()).isFalse();
    }

    @Test
    void storedIdTokenUnreadableThenNotAuthenticated() {
        storage.set(UserSession.ID_TOKEN, "garbage");
        storage.set(UserSession.REFRESH_TOKEN, "refresh-1");

        assertThat(new LogtoClient(logto.core(), storage).isAuthenticated().join()).isFalse();
    }

    @Test
    void maxSessionAgeWhenNotPositiveThenInvalidConfig() {
        assertThat(Failures.ofCall(() -> logto.configBuilder().maxSessionAge(Duration.ZERO).build()).code())
                .isEqualTo(LogtoException.Code.INVALID_CONFIG);
        assertThat(logto.config().maxSessionAge()).isEmpty();
    }
}
