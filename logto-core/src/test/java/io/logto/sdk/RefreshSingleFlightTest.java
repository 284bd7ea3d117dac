package io.logto.sdk;

import io.logto.sdk.testing.FakeLogto;
import io.logto.testing.MutableClock;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import io.logto.sdk.storage.MemoryStorage;
import io.logto.sdk.storage.Storage;
import io.logto.sdk.session.UserSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * N concurrent {@code getAccessToken(resource)} on an expired token in one session: one refresh
 * request, one result (or one failure) for all, and no cached failure.
 */
class RefreshSingleFlightTest {
    private static final int CALLERS = 16;

    private static final String RESOURCE = "https://api.example.com";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private FakeLogto logto;
    private OidcCore core;
    private Storage storage;
    private ExecutorService pool;

    @BeforeEach
    void signInWithAnExpiredResourceToken() {
        logto = new FakeLogto(clock);
        core = logto.core();
        storage = new MemoryStorage();
        logto.signInWithOwnCode(new LogtoClient(core, storage), Map.of());
        logto.stubRefresh("old-token");
        new LogtoClient(core, storage).getAccessToken(RESOURCE).join();
        clock.advance(Duration.ofHours(2));
        pool = Executors.newFixedThreadPool(CALLERS);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        logto.close();
    }

    @Test
    void concurrentCallersOnAnExpiredTokenShareOneRefresh() {
        logto.stubRefresh("new-token");
        int before = logto.refreshRequests();

        List<CompletableFuture<Optional<String>>> results = callConcurrentlyWhileRefreshIsHeld();

        assertThat(results).allSatisfy(r -> assertThat(r.join()).contains("new-token"));
        assertThat(logto.refreshRequests() - before).isEqualTo(1);
        awaitNoRefreshInFlight();
    }

    @Test
    void aFailedRefreshFailsEveryCallerWithTheSameCodeAndTheNextCallTriesAgain() {
        logto.stubRefreshError(500, "server_error");
        int before = logto.refreshRequests();

        List<CompletableFuture<Optional<String>>> results = callConcurrentlyWhileRefreshIsHeld();

        assertThat(results).allSatisfy(r -> assertThat(failureCode(r)).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED));
        assertThat(logto.refreshRequests() - before).isEqualTo(1);

        logto.stubRefresh("new-token");
        assertThat(new LogtoClient(core, storage).getAccessToken(RESOURCE).join()).contains("new-token");
        assertThat(logto.refreshRequests() - before).isEqualTo(2);
    }

    @Test
    void callersArrivingWhileTheTokenExpiresMakeOneRefreshPerExpiry() throws Exception {
        logto.stubRefresh("new-token");
        int rounds = 12;
        int before = logto.refreshRequests();

        for (int round = 0; round < rounds; round++) {
            clock.advance(Duration.ofHours(2)); // the cached token is expired now
            var done = new ArrayList<CompletableFuture<Void>>();
            for (int i = 0; i < 8; i++) {
                done.add(CompletableFuture.runAsync(() -> {
                    for (int call = 0; call < 100; call++) {
                        new LogtoClient(core, storage).getAccessToken(RESOURCE).join();
                    }
                }, pool));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            // Real expiries are an hour apart, not microseconds: let the finished flight unregister.
            awaitNoRefreshInFlight();
            awaitRefreshCount(before + round + 1); // WireMock may journal a request just after answering it
            assertThat(logto.refreshRequests() - before).as("refreshes after round %d", round).isEqualTo(round + 1);
        }

        assertThat(logto.refreshRequests() - before).isEqualTo(rounds);
    }

    @Test
    void aCallerThatSawTheExpiredTokenJustBeforeARefreshFinishedMakesNoSecondRequest() throws Exception {
        logto.stubRefresh("new-token");
        var pausing = new PausingStorage(storage);
        int before = logto.refreshRequests();

        // The late caller reads the expired token, then is held until the other refresh has finished.
        CompletableFuture<Optional<String>> late = CompletableFuture.supplyAsync(() -> {
            pausing.pauseFirstTokenReadOfThisThread();
            return new LogtoClient(core, pausing).getAccessToken(RESOURCE).join();
        }, pool);
        assertThat(pausing.paused.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new LogtoClient(core, storage).getAccessToken(RESOURCE).join()).contains("new-token");
        awaitNoRefreshInFlight();
        pausing.resume.countDown();

        assertThat(late.get(10, TimeUnit.SECONDS)).contains("new-token");
        assertThat(logto.refreshRequests() - before).isEqualTo(1);
    }

    /** Starts {@value #CALLERS} calls, each on its own per-request client, while the refresh response is held. */
    private List<CompletableFuture<Optional<String>>> callConcurrentlyWhileRefreshIsHeld() {
        logto.tokenGate().close();
        var started = new ArrayList<CompletableFuture<CompletableFuture<Optional<String>>>>();
        for (int i = 0; i < CALLERS; i++) {
            started.add(CompletableFuture.supplyAsync(
                    () -> new LogtoClient(core, storage).getAccessToken(RESOURCE), pool));
        }
        List<CompletableFuture<Optional<String>>> results = started.stream().map(CompletableFuture::join).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (logto.tokenGate().held() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(logto.tokenGate().held()).isEqualTo(1);
        assertThat(results).noneMatch(CompletableFuture::isDone);
        logto.tokenGate().open();
        results.forEach(r -> r.handle((v, e) -> null).join());
        return results;
    }

    /** A finished flight unregisters just after its callers got the result. */
    private void awaitRefreshCount(int expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (logto.refreshRequests() < expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private void awaitNoRefreshInFlight() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (core.tokens().refreshesInFlight() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(core.tokens().refreshesInFlight()).isZero();
    }

    private static LogtoException.Code failureCode(CompletableFuture<?> result) {
        try {
            result.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() instanceof LogtoException le ? le.code() : null;
        }
    }

    /** A storage that holds one thread right after it read the access-token map. */
    private static final class PausingStorage implements Storage {
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        private final Storage inner;
        private volatile Thread pausedThread;

        PausingStorage(Storage inner) {
            this.inner = inner;
        }

        void pauseFirstTokenReadOfThisThread() {
            pausedThread = Thread.currentThread();
        }

        @Override
        public String get(String key) {
            String value = inner.get(key);
            if (UserSession.ACCESS_TOKEN_MAP.equals(key) && Thread.currentThread() == pausedThread) {
                pausedThread = null;
                paused.countDown();
                try {
                    resume.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return value;
        }

        @Override
        public void set(String key, String value) {
            inner.set(key, value);
        }

        @Override
        public void delete(String key) {
            inner.delete(key);
        }

        @Override
        public Object mutex() {
            return inner.mutex();
        }
    }
}
