package io.logto.sdk.e2e;

import io.logto.sdk.LogtoClient;
import io.logto.sdk.oidc.OidcCore;
import io.logto.sdk.oidc.QueryString;
import io.logto.sdk.storage.MemoryStorage;
import io.logto.sdk.storage.Storage;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many sessions at once against a real provider: 64 threads sign in, refresh and sign out in
 * parallel. No session sees another's tokens, no update is lost, and each expired token of each
 * session is refreshed with exactly one request.
 */
class ConcurrentSessionsE2ETest {
    private static final int SESSIONS = 16;
    private static final int CALLERS_PER_SESSION = 4;
    private static final String REDIRECT_URI = "http://127.0.0.1:3000/callback";
    private static MockProvider provider;
    private static OidcCore core;
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        provider = new MockProvider();
        core = OidcCore.create(provider.config().build());
        pool = Executors.newFixedThreadPool(SESSIONS * CALLERS_PER_SESSION);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        provider.close();
    }

    @Test
    void manySessionsSignInRefreshAndSignOutAtOnceWithoutLeakingOrLosingUpdates() throws Exception {
        List<Storage> storages = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            storages.add(new MemoryStorage());
        }

        // Sign in every session in parallel, each as its own user.
        runAll(SESSIONS, i -> {
            LogtoClient client = new LogtoClient(core, storages.get(i));
            String callback = provider.login(client.signIn(REDIRECT_URI).join(), "user-" + i, "{}");
            client.handleSignInCallback(callback).join();
            return null;
        });
        for (int i = 0; i < SESSIONS; i++) {
            assertThat(new LogtoClient(core, storages.get(i)).getIdTokenClaims().sub()).isEqualTo("user-" + i);
        }
        drainRecordedRequests();

        // Expire every session's access token, then let 4 callers per session ask at once.
        storages.forEach(s -> new LogtoClient(core, s).clearAccessToken());
        List<String> tokens = runAll(SESSIONS * CALLERS_PER_SESSION, n ->
                new LogtoClient(core, storages.get(n % SESSIONS)).getAccessToken().join().orElseThrow());

        Map<String, Integer> refreshesPerToken = new HashMap<>();
        for (RecordedRequest request : drainRecordedRequests()) {
            Map<String, List<String>> form = QueryString.parse(request.getBody().readUtf8());
            if (form.getOrDefault("grant_type", List.of()).contains("refresh_token")) {
                refreshesPerToken.merge(form.get("refresh_token").get(0), 1, Integer::sum);
            }
        }
        assertThat(refreshesPerToken).hasSize(SESSIONS).allSatisfy((token, count) -> assertThat(count).isOne());
        for (int n = 0; n < tokens.size(); n++) {
            int session = n % SESSIONS;
            assertThat(subjectOf(tokens.get(n))).isEqualTo("user-" + session);
            assertThat(tokens.get(n)).isEqualTo(new LogtoClient(core, storages.get(session)).getAccessToken().join()
                    .orElseThrow());
        }

        // Sign out half the sessions while the other half keep reading: only the first half is signed out.
        runAll(SESSIONS, i -> {
            LogtoClient client = new LogtoClient(core, storages.get(i));
            if (i % 2 == 0) {
                client.signOut(null).join();
            } else {
                client.getAccessToken().join();
            }
            return null;
        });
        for (int i = 0; i < SESSIONS; i++) {
            LogtoClient client = new LogtoClient(core, storages.get(i));
            assertThat(client.isAuthenticated().join()).isEqualTo(i % 2 == 1);
            if (i % 2 == 1) {
                assertThat(client.getIdTokenClaims().sub()).isEqualTo("user-" + i);
            }
        }
    }

    private interface Task<T> {
        T run(int index) throws Exception;
    }

    /** Runs {@code count} tasks at once (all released by one latch) and returns their results in order. */
    private static <T> List<T> runAll(int count, Task<T> task) throws Exception {
        var gate = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            Callable<T> call = () -> {
                gate.await();
                return task.run(index);
            };
            futures.add(pool.submit(call));
        }
        gate.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    private static List<RecordedRequest> drainRecordedRequests() {
        List<RecordedRequest> requests = new ArrayList<>();
        while (true) {
            try {
                RecordedRequest r = provider.server().takeRequest(200, TimeUnit.MILLISECONDS);
                if (r == null) {
                    return requests;
                }
                requests.add(r);
            } catch (RuntimeException noMore) {
                return requests;
            }
        }
    }

    private static String subjectOf(String jwt) throws Exception {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        return (String) new com.fasterxml.jackson.databind.ObjectMapper().readValue(payload, Map.class).get("sub");
    }
}
