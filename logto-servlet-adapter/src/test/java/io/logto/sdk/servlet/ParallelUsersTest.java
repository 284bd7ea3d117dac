package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Many users signing in and browsing at the same time, each in their own browser, on one node. */
class ParallelUsersTest {
    private static final int USERS = 8;
    private static final int REQUESTS_PER_USER = 15;

    private static LoopbackOidcProvider provider;
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        provider = new LoopbackOidcProvider();
        app = TestApp.builder(provider).start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        provider.close();
    }

    @Test
    void usersInParallelThenEachSeesOnlyTheirOwnIdentity() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(USERS);
        try {
            var go = new CountDownLatch(1);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String sub = "user-" + i;
                results.add(pool.submit(browse(sub, go)));
            }
            go.countDown();
            for (int i = 0; i < USERS; i++) {
                String sub = "user-" + i;
                assertThat(results.get(i).get())
                        .hasSize(1 + REQUESTS_PER_USER * 3)
                        .allSatisfy(body -> assertThat(body).endsWith(" sub=" + sub));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One user's session: sign in, then visit pages that read the session and the user info. */
    private static Callable<List<String>> browse(String sub, CountDownLatch go) {
        return () -> {
            var browser = new Browser();
            go.await();
            var bodies = new ArrayList<String>();
            bodies.add(browser.signIn(app.url("/protected"), sub, sub).body().replace(" name=" + sub, ""));
            for (int r = 0; r < REQUESTS_PER_USER; r++) {
                bodies.add(browser.get(app.url("/")).body());
                bodies.add(browser.get(app.url("/protected/userinfo")).body());
                bodies.add(browser.get(app.url("/protected/no-redirect")).body().replace(" name=" + sub, ""));
            }
            return bodies;
        };
    }
}
