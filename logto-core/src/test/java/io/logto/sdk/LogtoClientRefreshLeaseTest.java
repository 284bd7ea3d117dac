package io.logto.sdk;

import io.logto.sdk.session.UserSession;
import io.logto.sdk.storage.Storage;
import io.logto.sdk.testing.CapturedLogs;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.sdk.testing.RotatingRefreshTokens;
import io.logto.sdk.testing.SharedSessionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One node whose storage coordinates processes ({@link Storage#isAtomicAcrossProcesses()}, here a
 * {@link SharedSessionStore}): refreshes go through the session's refresh lease, which may hold the
 * session's tokens. The fast, single-node half of {@link SharedRefreshTest}: the lease and the session
 * key that names it go with the tokens, a shared refresh's result is stored only in the session it
 * belongs to, and each test counts the refresh requests against a provider that rotates refresh tokens
 * and revokes the grant when a consumed one comes back ({@link RotatingRefreshTokens}).
 */
class LogtoClientRefreshLeaseTest {
    private static final String API = "https://api.example.com";

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
    private SharedSessionStore store;
    private SharedSessionStore.Request storage;
    private LogtoClient client;
    private RotatingRefreshTokens provider;

    @BeforeEach
    void signInWithAnExpiredAccessToken() {
        logto = shared;
        logto.reset();
        store = new SharedSessionStore();
        storage = store.open(true);
        client = new LogtoClient(logto.core(), storage);
        logto.signInWithOwnCode(client, Map.of());
        provider = logto.rotateRefreshTokens();
        provider.startGrant("grant", "refresh-1");
        logto.clock().advance(Duration.ofHours(2));
    }

    /** Starts {@code getAccessToken(resource)} with the provider's answer held; returns once it is held. */
    private CompletableFuture<Optional<String>> refreshHeldAtTheProvider(String resource) {
        logto.tokenGate().close();
        CompletableFuture<Optional<String>> inFlight = client.getAccessToken(resource);
        awaitHeldRefreshes(1);
        return inFlight;
    }

    private void awaitHeldRefreshes(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (logto.tokenGate().held() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(logto.tokenGate().held()).as("refresh requests held at the provider").isEqualTo(count);
    }

    @Test
    void aSharedRefreshIsStoredAndTheNextCallUsesItsTokenWithNoSecondRequest() {
        String token = client.getAccessToken().join().orElseThrow();

        assertThat(client.getAccessToken().join()).contains(token);
        assertThat(client.getRefreshToken()).as("the rotated token replaces the consumed one").contains("rotated-1");
        assertThat(store.lease()).as("the lease records the result for other processes").contains("rotated-1");
        assertThat(logto.refreshRequests()).isEqualTo(1);
        assertThat(provider.reuses()).isZero();
    }

    @Test
    void aSharedRefreshRefusedForGoodSignsTheSessionOutAfterOneRequest() {
        provider.revoke("grant");

        LogtoException e = Failures.of(client.getAccessToken());

        assertThat(e.code()).isEqualTo(LogtoException.Code.REFRESH_TOKEN_INVALID);
        assertThat(client.getRefreshToken()).isEmpty();
        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(logto.refreshRequests()).isEqualTo(1);
    }

    @Test
    void signOutRemovesTheLeaseWhichHoldsTheSessionsTokens() {
        client.getAccessToken().join();
        assertThat(store.lease()).contains("rotated-1");

        client.signOut(null).join();

        assertThat(store.lease()).isNull();
        assertThat(storage.get(Storage.SESSION_KEY)).isNull();
    }

    @Test
    void signOutLocallyRemovesTheLeaseAndTheSessionKeyWithTheTokens() {
        client.getAccessToken().join();
        assertThat(store.lease()).contains("rotated-1");

        client.signOutLocally().join();

        assertThat(store.lease()).isNull();
        assertThat(storage.get(Storage.SESSION_KEY)).isNull();
        assertThat(storage.get(UserSession.REFRESH_TOKEN)).isNull();
    }

    @Test
    void signOutLocallyWhenTheLeaseCannotBeRemovedThenTheTokensAreGoneAnywayAndAWarningSaysSo() {
        // A lease left behind ends on its own; a sign-out that failed on it would leave the user signed in.
        var failing = new AtomicBoolean();
        var leaseStoreDown = new Storage() {
            @Override
            public String get(String key) {
                return storage.get(key);
            }

            @Override
            public void set(String key, String value) {
                storage.set(key, value);
            }

            @Override
            public void delete(String key) {
                storage.delete(key);
            }

            @Override
            public boolean compareAndSet(String key, String expected, String value) {
                if (failing.get()) {
                    throw new IllegalStateException("lease table unavailable");
                }
                return storage.compareAndSet(key, expected, value);
            }

            @Override
            public boolean isAtomicAcrossProcesses() {
                return true;
            }
        };
        client = new LogtoClient(logto.core(), leaseStoreDown);
        client.getAccessToken().join();
        failing.set(true);

        try (var logs = CapturedLogs.of(LogtoClient.class)) {
            client.signOutLocally().join();

            assertThat(logs.warnings()).singleElement().asString()
                    .contains("refresh lease could not be removed", "STORAGE_FAILED");
        }
        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(storage.get(UserSession.REFRESH_TOKEN)).isNull();
        assertThat(store.lease()).as("left behind, to end on its own").isNotNull();
    }

    @Test
    void aSignInOverAnEarlierOneRemovesTheEarlierLeaseAndWritesANewSessionKey() {
        String firstKey = storage.get(Storage.SESSION_KEY);
        client.getAccessToken().join();
        assertThat(store.lease()).contains("rotated-1");

        logto.signInWithOwnCode(client, Map.of("sid", "op-session-2"));

        assertThat(store.lease()).as("the earlier sign-in's tokens leave with it").isNull();
        assertThat(firstKey).matches("[A-Za-z0-9_-]{22}");
        assertThat(storage.get(Storage.SESSION_KEY)).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(firstKey);
    }

    @Test
    void aSessionSignedOutDuringASharedRefreshStaysSignedOut() {
        CompletableFuture<Optional<String>> inFlight = refreshHeldAtTheProvider("");

        client.signOutLocally().join();
        logto.tokenGate().open();
        inFlight.join();

        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(client.getRefreshToken()).isEmpty();
        assertThat(storage.get(UserSession.ACCESS_TOKEN_MAP)).isNull();
        assertThat(logto.refreshRequests()).isEqualTo(1);
    }

    @Test
    void aRefreshForAnotherTargetThatWaitedForTheLeaseKeepsItsNewerTokenOverTheOneStoredMeanwhile() {
        // The userinfo refresh holds the lease; the API refresh waits for it, goes on from its rotated
        // token and rotates again. The session must end with the newest token: the one in between is
        // consumed, and sending it would make Logto revoke the grant.
        CompletableFuture<Optional<String>> first = refreshHeldAtTheProvider("");
        CompletableFuture<Optional<String>> second = client.getAccessToken(API);
        logto.tokenGate().passHeldAndCloseAgain();   // the second refresh is held until the first is stored
        assertThat(first.join()).isPresent();
        assertThat(client.getRefreshToken()).contains("rotated-1");
        awaitHeldRefreshes(1);
        logto.tokenGate().open();

        assertThat(second.join()).isPresent();
        assertThat(client.getRefreshToken()).contains("rotated-2");
        assertThat(logto.refreshRequests()).isEqualTo(2);
        assertThat(provider.reuses()).isZero();
        assertThat(client.getAccessToken().join()).as("the first refresh's token is still cached").isEqualTo(first.join());
    }
}
