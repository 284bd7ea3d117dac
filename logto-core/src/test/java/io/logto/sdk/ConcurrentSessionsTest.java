package io.logto.sdk;

import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.RecordingStorage;
import io.logto.testing.SignIn;
import io.logto.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 64 threads, many sessions sharing one core: sign-ins, refreshes and sign-outs at once. No
 * session sees another's tokens, no update is lost, each expired token is refreshed exactly once.
 */
class ConcurrentSessionsTest {
    private static final int SESSIONS = 32;
    private static final int THREADS = 64;

    private FakeLogto logto;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        logto = new FakeLogto();
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        logto.close();
    }

    /** Runs all tasks at once (released together) and returns their results in order. */
    private <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        var gate = new CountDownLatch(1);
        var futures = new ArrayList<Future<T>>();
        for (var task : tasks) {
            futures.add(pool.submit(() -> {
                gate.await();
                return task.call();
            }));
        }
        gate.countDown();
        var results = new ArrayList<T>();
        for (var f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    private static String code(int i) {
        return "code-" + i;
    }

    @Test
    void sessionsWhenSigningInRefreshingAndSigningOutAtOnceThenNoLeakNoLossOneRefreshEach() throws Exception {
        OidcCore core = logto.core();
        var storages = new ArrayList<RecordingStorage>();
        var signIns = new ArrayList<SignIn>();
        for (int i = 0; i < SESSIONS; i++) {
            var storage = new RecordingStorage();
            storages.add(storage);
            SignIn s = logto.startSignIn(new LogtoClient(core, storage), FakeLogto.REDIRECT_URI);
            signIns.add(s);
            String idToken = logto.tokens().idToken().claim("sub", "user-" + i).claim("nonce", s.nonce())
                    .signedWith(TestKeys.ES384);
            logto.server().stubFor(post(urlPathEqualTo(FakeLogto.TOKEN_PATH)).withRequestBody(containing("code=" + code(i)))
                    .willReturn(FakeLogto.jsonResponse(200, FakeLogto.toJson(
                            logto.tokenResponse("access-" + i, "refresh-" + i, idToken)))));
            logto.server().stubFor(post(urlPathEqualTo(FakeLogto.TOKEN_PATH))
                    .withRequestBody(containing("refresh_token=refresh-" + i + "&"))
                    .willReturn(FakeLogto.jsonResponse(200, FakeLogto.toJson(
                            logto.tokenResponse("access-" + i + "-b", null, null))).withFixedDelay(100)));
        }

        // Every session's callback at once, each on a new per-request client.
        var callbacks = new ArrayList<Callable<Boolean>>();
        for (int i = 0; i < SESSIONS; i++) {
            int n = i;
            callbacks.add(() -> {
                var client = new LogtoClient(core, storages.get(n));
                client.handleSignInCallback(signIns.get(n).redirectUri() + "?code=" + code(n) + "&state="
                        + SignIn.enc(signIns.get(n).state()) + "&iss=" + SignIn.enc(logto.issuer())).join();
                return client.isAuthenticated().join();
            });
        }
        assertThat(together(callbacks)).containsOnly(true);
        for (int i = 0; i < SESSIONS; i++) {
            var client = new LogtoClient(core, storages.get(i));
            assertThat(client.getIdTokenClaims().sub()).isEqualTo("user-" + i);
            assertThat(client.getRefreshToken()).contains("refresh-" + i);
        }

        // Every access token expired; 4 requests per session ask for it at once.
        logto.clock().advance(Duration.ofHours(2));
        var reads = new ArrayList<Callable<String>>();
        for (int r = 0; r < 4; r++) {
            for (int i = 0; i < SESSIONS; i++) {
                int n = i;
                reads.add(() -> new LogtoClient(core, storages.get(n)).getAccessToken().join().orElseThrow() + "@" + n);
            }
        }
        for (String result : together(reads)) {
            String[] parts = result.split("@");
            assertThat(parts[0]).isEqualTo("access-" + parts[1] + "-b");
        }
        for (int i = 0; i < SESSIONS; i++) {
            int refreshes = logto.server().countRequestsMatching(postRequestedFor(urlPathEqualTo(FakeLogto.TOKEN_PATH))
                    .withRequestBody(containing("refresh_token=refresh-" + i + "&")).build()).getCount();
            assertThat(refreshes).as("refreshes of session %d", i).isEqualTo(1);
        }

        // Half the sessions sign out while the other half read their tokens.
        var mixed = new ArrayList<Callable<String>>();
        for (int i = 0; i < SESSIONS; i++) {
            int n = i;
            mixed.add(n % 2 == 0
                    ? () -> new LogtoClient(core, storages.get(n)).signOut(null).join()
                    : () -> new LogtoClient(core, storages.get(n)).getAccessToken().join().orElseThrow());
        }
        together(mixed);
        for (int i = 0; i < SESSIONS; i++) {
            var client = new LogtoClient(core, storages.get(i));
            if (i % 2 == 0) {
                assertThat(storages.get(i).snapshot()).isEmpty();
            } else {
                assertThat(client.getAccessToken().join()).contains("access-" + i + "-b");
                assertThat(client.getIdTokenClaims().sub()).isEqualTo("user-" + i);
            }
        }
        assertThat(core.tokens().refreshesInFlight()).isZero();
    }
}
