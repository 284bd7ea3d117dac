package io.logto.sdk;

import io.logto.sdk.session.RefreshLease;
import io.logto.sdk.session.UserSession;
import io.logto.sdk.storage.Storage;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.RotatingRefreshTokens;
import io.logto.sdk.testing.SharedSessionStore;
import io.logto.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several processes (one {@link OidcCore} each) serving one session through a store that gives each
 * request a copy of the session and writes it back whole ({@link SharedSessionStore}, what a JDBC
 * session store does), against a provider that rotates the refresh token on every refresh and
 * revokes the grant when a consumed one comes back ({@link RotatingRefreshTokens}). What it defends:
 * a second refresh with the same token would sign the user out everywhere.
 */
class SharedRefreshTest {
    private static final String RESOURCE = "https://api.example.com";
    private static final int NODES = 3;
    private static final int REQUESTS_PER_NODE = 16;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private FakeLogto logto;
    private final List<OidcCore> nodes = new ArrayList<>();
    private SharedSessionStore session;
    private RotatingRefreshTokens provider;
    private ExecutorService pool;

    @BeforeEach
    void signIn() {
        logto = new FakeLogto(clock);
        for (int i = 0; i < NODES; i++) {
            nodes.add(logto.core(logto.configBuilder().requestTimeout(Duration.ofMillis(500)).build()));
        }
        session = new SharedSessionStore();
        // Signed in through a patient node: the sign-in is not what these tests are about.
        OidcCore signInNode = logto.core(logto.configBuilder().requestTimeout(Duration.ofSeconds(10)).build());
        try (var request = session.open(true)) {
            logto.signInWithOwnCode(new LogtoClient(signInNode, request), Map.of());
        }
        provider = logto.rotateRefreshTokens();
        provider.startGrant("grant", "refresh-1");
        // Each node has its discovery document and key set before the bursts, as a node that has served
        // a while has: with a 500 ms request timeout a busy machine must not fail the bursts' first fetches.
        String idToken = logto.tokens().idToken().signedWith(logto.signingKey());
        for (OidcCore node : nodes) {
            warmUp(node, idToken);
        }
        pool = Executors.newFixedThreadPool(NODES * REQUESTS_PER_NODE);
    }

    /** Fetches the node's discovery document and keys, trying again when a busy machine made the first try time out. */
    private static void warmUp(OidcCore node, String idToken) {
        for (int attempt = 1; ; attempt++) {
            try {
                node.discovery().fetch().join();
                node.idTokens().verifyAfterRefresh(idToken, Optional.empty()).join();
                return;
            } catch (java.util.concurrent.CompletionException slow) {
                if (attempt == 5) {
                    throw slow;
                }
            }
        }
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        logto.close();
    }

    @Test
    void threeNodesWith16ConcurrentRequestsEachMakeOneRefreshPerExpiryFor20Expiries() {
        for (int expiry = 1; expiry <= 20; expiry++) {
            clock.advance(Duration.ofHours(2));

            List<Object> results = concurrentRequests(true);

            assertThat(results).as("expiry %d", expiry).allSatisfy(r -> assertThat(r).isInstanceOf(String.class));
            assertThat(results.stream().distinct()).as("one token for all, expiry %d", expiry).hasSize(1);
            assertThat(provider.refreshes()).as("refreshes after expiry %d", expiry).isEqualTo(expiry);
        }
        assertThat(provider.reuses()).isZero();
        assertThat(provider.isRevoked("grant")).isFalse();
        try (var request = session.open(true)) {
            assertThat(new LogtoClient(nodes.get(1), request).isAuthenticated().join()).isTrue();
            assertThat(request.get(UserSession.REFRESH_TOKEN)).isEqualTo("rotated-20");
        }
    }

    @Test
    void withoutCoordinationTheSameRequestsMakeTheProviderRevokeTheGrant() {
        // The control: the race is real, and the provider is as strict as Logto's.
        clock.advance(Duration.ofHours(2));

        List<Object> results = concurrentRequests(false);

        assertThat(provider.reuses()).isPositive();
        assertThat(provider.isRevoked("grant")).isTrue();
        assertThat(results).anySatisfy(r -> assertThat(r).isEqualTo(LogtoException.Code.REFRESH_TOKEN_INVALID));
    }

    @Test
    void aRequestThatWritesBackAnOlderCopyOfTheSessionCausesNoSecondRefresh() {
        clock.advance(Duration.ofHours(2));
        SharedSessionStore.Request slow = session.open(true);   // started before the refresh
        try (var request = session.open(true)) {
            new LogtoClient(nodes.get(0), request).getAccessToken(RESOURCE).join();
        }
        slow.close();                                            // writes the consumed refresh token back
        assertThat(session.committed().get(UserSession.REFRESH_TOKEN)).isEqualTo("refresh-1");

        String token;
        try (var request = session.open(true)) {
            token = new LogtoClient(nodes.get(1), request).getAccessToken(RESOURCE).join().orElseThrow();
        }

        assertThat(token).startsWith("access-1-");
        assertThat(provider.refreshes()).isEqualTo(1);
        assertThat(provider.reuses()).isZero();
        assertThat(session.committed().get(UserSession.REFRESH_TOKEN)).isEqualTo("rotated-1");
    }

    @Test
    void anotherTargetAfterAnotherNodesRefreshIsRefreshedWithTheNewToken() {
        clock.advance(Duration.ofHours(2));
        SharedSessionStore.Request older = session.open(true);
        try (var request = session.open(true)) {
            new LogtoClient(nodes.get(0), request).getAccessToken(RESOURCE).join();
        }

        // This request's copy still holds refresh-1, which the provider has consumed.
        Optional<String> userInfoToken = new LogtoClient(nodes.get(1), older).getAccessToken().join();
        older.close();

        assertThat(userInfoToken).hasValueSatisfying(t -> assertThat(t).startsWith("access-2-"));
        assertThat(provider.reuses()).isZero();
        assertThat(session.committed().get(UserSession.REFRESH_TOKEN)).isEqualTo("rotated-2");
    }

    @Test
    void aRefusedRefreshSignsEveryNodeOutWithOneRequest() {
        provider.revoke("grant");
        clock.advance(Duration.ofHours(2));
        int before = logto.refreshRequests();

        List<Object> results = concurrentRequests(true);

        assertThat(results).allSatisfy(r -> assertThat(r).isEqualTo(LogtoException.Code.REFRESH_TOKEN_INVALID));
        assertThat(logto.refreshRequests() - before).isEqualTo(1);
        assertThat(session.committed()).doesNotContainKey(UserSession.REFRESH_TOKEN);
    }

    @Test
    void aLeaseLeftLongAgoByACrashedHolderIsTakenAtOnce() {
        clock.advance(Duration.ofHours(2));
        session.plantLease(RefreshLease.EMPTY.heldBy("crashed", clock.millis() - Duration.ofMinutes(5).toMillis()).toJson());

        long started = System.nanoTime();
        String token;
        try (var request = session.open(true)) {
            token = new LogtoClient(nodes.get(0), request).getAccessToken(RESOURCE).join().orElseThrow();
        }

        assertThat(token).startsWith("access-1-");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aHolderThatNeverReleasesBlocksTheSessionForOneLeaseLengthAtMost() {
        clock.advance(Duration.ofHours(2));
        Duration lease = SharedRefresh.leaseLength(nodes.get(0).config());
        // A lease that looks alive by the (standing) clock forever: only the waiter's own watch ends it.
        session.plantLease(RefreshLease.EMPTY.heldBy("hung", clock.millis() + lease.toMillis()).toJson());

        long started = System.nanoTime();
        String token;
        try (var request = session.open(true)) {
            token = new LogtoClient(nodes.get(0), request).getAccessToken(RESOURCE).join().orElseThrow();
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(token).startsWith("access-1-");
        assertThat(waited).isGreaterThanOrEqualTo(lease).isLessThan(lease.plusSeconds(4));
        assertThat(provider.refreshes()).isEqualTo(1);
    }

    @Test
    void aSlowRefreshOfOneSessionDoesNotDelayAnotherSession() throws Exception {
        var other = new SharedSessionStore();
        try (var request = other.open(true)) {
            logto.signInWithOwnCode(new LogtoClient(nodes.get(0), request), Map.of());
            request.set(UserSession.REFRESH_TOKEN, "refresh-other");
        }
        provider.startGrant("other", "refresh-other");
        provider.delay("refresh-1", 3000);
        clock.advance(Duration.ofHours(2));

        OidcCore patient = logto.core(logto.configBuilder().requestTimeout(Duration.ofSeconds(10)).build());

        var slowRequest = session.open(true);
        CompletableFuture<Optional<String>> slow = new LogtoClient(patient, slowRequest).getAccessToken(RESOURCE);
        long started = System.nanoTime();
        try (var request = other.open(true)) {
            // Same node, and a second node: neither waits for the first session's refresh.
            new LogtoClient(patient, request).getAccessToken(RESOURCE).get(2, TimeUnit.SECONDS);
            new LogtoClient(nodes.get(1), request).getAccessToken().get(2, TimeUnit.SECONDS);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(slow).isNotDone();
        assertThat(slow.get(10, TimeUnit.SECONDS)).isPresent();
        slowRequest.close();
    }

    @Test
    void signOutRemovesTheLeaseWhichMayHoldTokens() {
        clock.advance(Duration.ofHours(2));
        try (var request = session.open(true)) {
            var client = new LogtoClient(nodes.get(0), request);
            client.getAccessToken(RESOURCE).join();
            assertThat(session.lease()).contains("rotated-1");
            client.signOut(null).join();
        }

        assertThat(session.lease()).isNull();
    }

    @Test
    void theSessionKeyIsWrittenAtSignInAndRemovedWithTheTokens() {
        String key = session.committed().get(Storage.SESSION_KEY);

        assertThat(key).matches("[A-Za-z0-9_-]{22}");
        try (var request = session.open(true)) {
            new LogtoClient(nodes.get(0), request).signOut(null).join();
        }
        assertThat(session.committed()).doesNotContainKey(Storage.SESSION_KEY);
    }

    @Test
    void signOutLocallyRemovesTheLeaseAndTheSessionKeyWithTheTokens() {
        clock.advance(Duration.ofHours(2));
        try (var request = session.open(true)) {
            var client = new LogtoClient(nodes.get(0), request);
            client.getAccessToken(RESOURCE).join();
            assertThat(session.lease()).contains("rotated-1");
            client.signOutLocally().join();
        }

        assertThat(session.lease()).isNull();
        assertThat(session.committed()).doesNotContainKeys(Storage.SESSION_KEY, UserSession.REFRESH_TOKEN,
                UserSession.SUB, UserSession.SID);
    }

    @Test
    void signOutLocallyOnOneNodeSignsTheOthersOutAndLeavesNoLease() {
        clock.advance(Duration.ofHours(2));
        try (var request = session.open(true)) {
            new LogtoClient(nodes.get(0), request).getAccessToken(RESOURCE).join();
        }
        try (var request = session.open(true)) {
            new LogtoClient(nodes.get(1), request).signOutLocally().join();
        }

        try (var request = session.open(true)) {
            var client = new LogtoClient(nodes.get(2), request);
            assertThat(client.isAuthenticated().join()).isFalse();
            assertThat(client.getAccessToken(RESOURCE).join()).isEmpty();
        }
        assertThat(session.lease()).isNull();
        assertThat(provider.refreshes()).isEqualTo(1);
    }

    @Test
    void aSignInOverAnEarlierOneRemovesItsLeaseAndWritesANewSessionKeyBesideTheNewSid() {
        String firstKey = session.committed().get(Storage.SESSION_KEY);
        clock.advance(Duration.ofHours(2));
        try (var request = session.open(true)) {
            new LogtoClient(nodes.get(0), request).getAccessToken(RESOURCE).join();
        }
        assertThat(session.lease()).isNotNull();

        try (var request = session.open(true)) {
            logto.signInWithOwnCode(new LogtoClient(nodes.get(1), request), Map.of("sid", "op-session-2"));
        }

        assertThat(session.lease()).isNull();
        Map<String, String> committed = session.committed();
        // This app's key of the sign-in and Logto's session id are two entries that never mix.
        assertThat(committed.get(Storage.SESSION_KEY)).isNotEqualTo(firstKey).isNotEqualTo("op-session-2");
        assertThat(committed).containsEntry(UserSession.SID, "op-session-2");
    }

    /**
     * {@value #REQUESTS_PER_NODE} requests on each of the {@value #NODES} nodes, each on a copy of the
     * session taken before any of them started, all calling {@code getAccessToken(RESOURCE)} at once;
     * each writes its copy back. A result is the token, or the failure's code.
     */
    private List<Object> concurrentRequests(boolean coordinated) {
        var requests = new ArrayList<SharedSessionStore.Request>();
        for (int i = 0; i < NODES * REQUESTS_PER_NODE; i++) {
            requests.add(session.open(coordinated));
        }
        var start = new CountDownLatch(1);
        var futures = new ArrayList<CompletableFuture<Object>>();
        for (int i = 0; i < requests.size(); i++) {
            OidcCore node = nodes.get(i % NODES);
            SharedSessionStore.Request request = requests.get(i);
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    return new LogtoClient(node, request).getAccessToken(RESOURCE).join().orElseThrow();
                } catch (CompletionException e) {
                    return ((LogtoException) e.getCause()).code();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    request.close();
                }
            }, pool));
        }
        start.countDown();
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
