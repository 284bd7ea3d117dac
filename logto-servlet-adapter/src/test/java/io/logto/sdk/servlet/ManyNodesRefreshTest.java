package io.logto.sdk.servlet;

import io.logto.testing.MutableClock;
import io.logto.testing.RotatingOidcProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14's proof: three Jetty nodes of one app sharing sessions only through a JDBC session
 * store (no session cache: each request reads the session from the database and writes it back),
 * the refresh leases in {@link JdbcRefreshLeases} on the same database, against a provider that
 * rotates the refresh token on every refresh and revokes the whole grant when a consumed one comes
 * back ({@link RotatingOidcProvider}, as Logto's engine). 16 concurrent requests on each node hit a
 * protected page whose access token has expired; 20 expiries in a row. H2 here;
 * {@link PostgresManyNodesRefreshTest} runs the same on PostgreSQL in CI.
 */
class ManyNodesRefreshTest {
    static final int NODES = 3;
    static final int REQUESTS_PER_NODE = 16;
    static final int EXPIRIES = 20;

    private final MutableClock clock = MutableClock.followingSystemTime();
    private RotatingOidcProvider provider;
    private SessionDatabases.Database database;
    private final List<TestApp> nodes = new ArrayList<>();
    private ExecutorService browsers;

    /** The database the nodes share; a subclass gives another. */
    SessionDatabases.Database openDatabase() throws Exception {
        return SessionDatabases.h2();
    }

    @BeforeEach
    void start() throws Exception {
        provider = new RotatingOidcProvider(clock);
        database = openDatabase();
        browsers = Executors.newFixedThreadPool(NODES * REQUESTS_PER_NODE);
    }

    @AfterEach
    void stop() throws Exception {
        browsers.shutdownNow();
        for (TestApp node : nodes) {
            node.close();
        }
        database.close();
        provider.close();
    }

    /** Three nodes of the app on the shared database, with the refresh leases there too when asked. */
    private void startNodes(boolean leases) throws Exception {
        RefreshLeases shared = leases ? JdbcRefreshLeases.create(database.dataSource()) : null;
        for (int i = 0; i < NODES; i++) {
            var builder = TestApp.builder(provider.endpoint())
                    .jdbcSessions(database.driver(), database.jdbcUrl(), "node" + i)
                    .clock(clock)
                    .web(web -> shared == null ? web : web.withRefreshLeases(shared));
            if (i > 0) {
                // One app at one public address (the first node's); the browser reaches each node directly.
                builder.publicBaseUrl(nodes.get(0).baseUrl());
            }
            nodes.add(builder.start());
        }
    }

    @Test
    void threeNodesAnd16ConcurrentRequestsEachOnAnExpiredTokenMakeOneRefreshPerExpiry() throws Exception {
        startNodes(true);
        var browser = new Browser();
        browser.signIn(nodes.get(0).url("/protected"), "alice", "Alice");
        String token = browser.get(nodes.get(0).url("/protected/token")).body();

        for (int expiry = 1; expiry <= EXPIRIES; expiry++) {
            // The access token (an hour, used until a minute before) has expired on every node.
            clock.advance(Duration.ofMinutes(59).plusSeconds(30));

            List<HttpResponse<String>> answers = burst(browser, "/protected/token");

            assertThat(answers).as("expiry %d: every request served", expiry)
                    .allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
            assertThat(answers.stream().map(HttpResponse::body).distinct().toList())
                    .as("expiry %d: one new token for all", expiry).hasSize(1).doesNotContain(token);
            token = answers.get(0).body();
            assertThat(provider.refreshes()).as("refresh requests after expiry %d", expiry).isEqualTo(expiry);
            assertThat(provider.refusedRefreshes()).as("refused refreshes after expiry %d", expiry).isZero();
        }

        assertThat(provider.reuses()).isZero();
        assertThat(provider.revokedGrants()).isZero();
        assertThat(provider.liveGrantsOf("alice")).isEqualTo(1);
        for (TestApp node : nodes) {
            assertThat(browser.get(node.url("/protected/page")).body()).isEqualTo("protected /protected/page sub=alice name=Alice");
            assertThat(browser.get(node.url("/protected/token")).body()).isEqualTo(token);
        }
        assertThat(provider.refreshes()).isEqualTo(EXPIRIES);
    }

    @Test
    void withoutLeasesTheSameBurstMakesTheProviderRevokeTheGrant() throws Exception {
        // The control: what the leases prevent is real with this provider and this session store.
        startNodes(false);
        var browser = new Browser();
        browser.signIn(nodes.get(0).url("/protected"), "bob", "Bob");

        for (int expiry = 1; expiry <= 3 && provider.revokedGrants() == 0; expiry++) {
            clock.advance(Duration.ofMinutes(59).plusSeconds(30));
            burst(browser, "/protected/token");
        }

        assertThat(provider.reuses()).isPositive();
        assertThat(provider.revokedGrants()).isEqualTo(1);
        assertThat(provider.liveGrantsOf("bob")).isZero();
    }

    @Test
    void signOutOnOneNodeRemovesTheLeaseRow() throws Exception {
        startNodes(true);
        var browser = new Browser();
        browser.signIn(nodes.get(0).url("/protected"), "carol", "Carol");
        clock.advance(Duration.ofMinutes(59).plusSeconds(30));
        assertThat(browser.get(nodes.get(1).url("/protected/token")).statusCode()).isEqualTo(200);
        assertThat(database.count("logto_refresh_leases")).isEqualTo(1);

        // The sign-out button of the app (whose public address is the first node's), posted to the third node.
        String csrf = Browser.csrfToken(browser.get(nodes.get(2).url("/account")).body()).orElseThrow();
        assertThat(browser.post(nodes.get(2).url("/sign-out"), SignOutForm.PARAMETER + "=" + csrf,
                "Origin", nodes.get(0).baseUrl(), "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(303);

        assertThat(database.count("logto_refresh_leases")).isZero();
        assertThat(browser.get(nodes.get(0).url("/protected/page")).statusCode()).isEqualTo(302);
        assertThat(provider.liveGrantsOf("carol")).isZero();
    }

    /** {@value #REQUESTS_PER_NODE} GETs of {@code path} on each node, released at once. */
    private List<HttpResponse<String>> burst(Browser browser, String path) {
        var start = new CountDownLatch(1);
        var answers = new ArrayList<CompletableFuture<HttpResponse<String>>>();
        for (int i = 0; i < NODES * REQUESTS_PER_NODE; i++) {
            String url = nodes.get(i % NODES).url(path);
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return browser.get(url);
            }, browsers));
        }
        start.countDown();
        return answers.stream().map(CompletableFuture::join).toList();
    }
}
