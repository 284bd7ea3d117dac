package io.logto.sdk;

import io.logto.sdk.session.UserSession;
import io.logto.sdk.testing.Failures;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.RotatingRefreshTokens;
import io.logto.sdk.testing.SharedSessionStore;
import io.logto.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One JVM, a storage that gives each request its own copy of the session (encrypted cookies: the
 * browser sends the cookie it had when the request started), a provider that revokes the grant when
 * a consumed refresh token comes back: a request that read the session before another request's
 * refresh was stored must not send the consumed token.
 */
class RecentRotationsTest {
    private static final String RESOURCE = "https://api.example.com";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private FakeLogto logto;
    private OidcCore core;
    private final SharedSessionStore session = new SharedSessionStore();
    private RotatingRefreshTokens provider;

    @BeforeEach
    void signIn() {
        logto = new FakeLogto(clock);
        core = logto.core();
        try (var request = session.open(false)) {
            logto.signInWithOwnCode(new LogtoClient(core, request), Map.of());
        }
        provider = logto.rotateRefreshTokens();
        provider.startGrant("grant", "refresh-1");
        clock.advance(Duration.ofHours(2));
    }

    /** The finished refresh is no longer joinable: only the memory of rotations can help now. */
    private void awaitNoRefreshInFlight() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (core.tokens().refreshesInFlight() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(core.tokens().refreshesInFlight()).isZero();
    }

    @AfterEach
    void stop() {
        logto.close();
    }

    @Test
    void aRequestWithAnOlderCopyAfterTheRefreshGetsItsResultAndSendsNothing() {
        var late = session.open(false);
        String first;
        try (var request = session.open(false)) {
            first = new LogtoClient(core, request).getAccessToken(RESOURCE).join().orElseThrow();
        }
        awaitNoRefreshInFlight();

        String second = new LogtoClient(core, late).getAccessToken(RESOURCE).join().orElseThrow();

        assertThat(second).isEqualTo(first);
        assertThat(late.get(UserSession.REFRESH_TOKEN)).isEqualTo("rotated-1");
        assertThat(provider.refreshes()).isEqualTo(1);
        assertThat(provider.reuses()).isZero();
    }

    @Test
    void aRequestWithAnOlderCopyForAnotherTargetIsSentWithTheNewestToken() {
        var late = session.open(false);
        try (var request = session.open(false)) {
            new LogtoClient(core, request).getAccessToken(RESOURCE).join();
        }
        awaitNoRefreshInFlight();

        new LogtoClient(core, late).getAccessToken().join();

        assertThat(late.get(UserSession.REFRESH_TOKEN)).isEqualTo("rotated-2");
        assertThat(provider.refreshes()).isEqualTo(2);
        assertThat(provider.reuses()).isZero();
        assertThat(provider.isRevoked("grant")).isFalse();
    }

    @Test
    void anOlderCopyAfterTheSessionSignedOutIsRefusedAndSendsNothing() {
        var late = session.open(false);
        try (var request = session.open(false)) {
            new LogtoClient(core, request).getAccessToken(RESOURCE).join();
        }
        awaitNoRefreshInFlight();
        try (var request = session.open(false)) {
            new LogtoClient(core, request).signOutLocally().join();
        }

        // The refresh's result belongs to the signed-out session: not served, and the consumed
        // token does not go out either.
        LogtoException refused = Failures.of(new LogtoClient(core, late).getAccessToken(RESOURCE));

        assertThat(refused.code()).isEqualTo(LogtoException.Code.REFRESH_TOKEN_INVALID);
        assertThat(late.get(UserSession.REFRESH_TOKEN)).isNull();
        assertThat(provider.refreshes()).isEqualTo(1);
        assertThat(provider.reuses()).isZero();
    }
}
