package io.logto.sdk;

import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.RecordingStorage;
import io.logto.sdk.testing.SignIn;
import io.logto.sdk.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No method waits for the network on the caller's thread: while the provider is held up, every
 * I/O method has already returned an unfinished future. (Outcome-based: nothing here measures time.)
 */
class LogtoClientNonBlockingTest {
    private static final int HOLD_MS = 1000;

    private FakeLogto logto;
    private RecordingStorage storage;

    @BeforeEach
    void start() {
        logto = new FakeLogto();
        storage = new RecordingStorage();
    }

    @AfterEach
    void stop() {
        logto.close();
    }

    private void holdUp(String path, boolean isPost) {
        var mapping = isPost ? post(urlPathEqualTo(path)) : get(urlPathEqualTo(path));
        logto.server().stubFor(mapping.atPriority(1).willReturn(FakeLogto.jsonResponse(500, "{}").withFixedDelay(HOLD_MS)));
    }

    private static void assertPending(CompletableFuture<?> future) {
        assertThat(future).as("returned before the provider answered").isNotDone();
        future.handle((v, e) -> null).join();
    }

    @Test
    void signInWhenDiscoveryIsSlowThenReturnsAPendingFuture() {
        holdUp(FakeLogto.DISCOVERY_PATH, false);

        assertPending(new LogtoClient(logto.core(), storage).signIn(FakeLogto.REDIRECT_URI));
    }

    @Test
    void handleSignInCallbackWhenTokenEndpointIsSlowThenReturnsAPendingFuture() {
        var client = new LogtoClient(logto.core(), storage);
        SignIn s = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        holdUp(FakeLogto.TOKEN_PATH, true);

        assertPending(client.handleSignInCallback(s.callback()));
    }

    @Test
    void getAccessTokenAndUserInfoWhenProviderIsSlowThenReturnPendingFutures() {
        var client = new LogtoClient(logto.core(), storage);
        logto.signIn(client);
        logto.clock().advance(Duration.ofHours(2));
        holdUp(FakeLogto.TOKEN_PATH, true);

        assertPending(client.getAccessToken());
        assertPending(client.getAccessTokenClaims("https://api.example.com"));
        assertPending(client.fetchUserInfo());
    }

    @Test
    void signOutWhenRevocationIsSlowThenReturnsAPendingFutureAndStorageIsClearedAtOnce() {
        var client = new LogtoClient(logto.core(), storage);
        logto.signIn(client);
        holdUp(FakeLogto.REVOCATION_PATH, true);

        CompletableFuture<String> url = client.signOut(null);

        assertThat(storage.snapshot()).isEmpty();
        assertPending(url);
    }

    @Test
    void verifyWhenJwksIsSlowThenReturnsAPendingFuture() {
        var core = logto.core();
        core.discovery().fetch().join();
        holdUp(FakeLogto.JWKS_PATH, false);

        assertPending(core.idTokens().verify(logto.tokens().idToken().signedWith(TestKeys.ES384), null, null));
    }
}
