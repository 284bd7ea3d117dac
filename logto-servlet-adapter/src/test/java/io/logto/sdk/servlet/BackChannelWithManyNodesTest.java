package io.logto.sdk.servlet;

import io.logto.sdk.storage.CookieKeys;
import io.logto.testing.MutableClock;
import io.logto.testing.RotatingOidcProvider;
import io.logto.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Back-channel logout (issue 13) with the ways to run many nodes (issue 14): sessions in encrypted
 * cookies, which no server can delete, are signed out by the record of ended sessions on every node
 * — a copy of the cookies kept from before the logout too; JDBC sessions with refresh leases lose
 * their lease and session key with the tokens. Against the strict provider (a refresh token sent
 * twice would revoke the grant; revocation at sign-out shows as a grant gone).
 */
class BackChannelWithManyNodesTest {
    private static final String PATH = "/backchannel-logout";
    private static final String KEYS = "k1:" + Base64.getEncoder().encodeToString(key());

    private final MutableClock clock = MutableClock.followingSystemTime();
    private RotatingOidcProvider provider;
    private SessionDatabases.Database database;
    private LogoutRequests logto;
    private final List<TestApp> nodes = new ArrayList<>();

    private static byte[] key() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        return key;
    }

    @BeforeEach
    void start() throws Exception {
        provider = new RotatingOidcProvider(clock);
        database = SessionDatabases.h2();
        logto = new LogoutRequests(provider.issuer(), TestKeys.ES384, clock);
    }

    @AfterEach
    void stop() throws Exception {
        for (TestApp node : nodes) {
            node.close();
        }
        database.close();
        provider.close();
    }

    /** A node at the first node's public address, its record of ended sessions in the shared database. */
    private TestApp node(TestApp.Builder builder, UnaryOperator<LogtoServletConfig.Builder> config) throws Exception {
        builder.clock(clock).endedSessions(JdbcEndedSessions.builder(database.dataSource()).build());
        if (nodes.isEmpty()) {
            // The first node serves the back-channel endpoint; the others only read the shared record.
            builder.config(c -> config.apply(c).backChannelLogoutPath(PATH));
        } else {
            builder.config(config).publicBaseUrl(nodes.get(0).baseUrl());
        }
        TestApp node = builder.start();
        nodes.add(node);
        return node;
    }

    private TestApp cookieNode() throws Exception {
        return node(TestApp.builder(provider.endpoint()), c -> c.cookieSessions(CookieKeys.parse(KEYS)));
    }

    private TestApp jdbcNode(RefreshLeases leases) throws Exception {
        return node(TestApp.builder(provider.endpoint())
                .jdbcSessions(database.driver(), database.jdbcUrl(), "node" + nodes.size())
                .web(web -> web.withRefreshLeases(leases)), c -> c);
    }

    private static Browser signedIn(TestApp node, String sub, String sid) {
        var browser = new Browser();
        browser.signIn(node.url("/protected"), sub, sub, ",\"sid\":\"" + sid + "\"");
        return browser;
    }

    private void awaitGrantsRevoked(String sub) throws InterruptedException {
        // signOutLocally revokes in the background; the answer does not wait for it.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (provider.liveGrantsOf(sub) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(provider.liveGrantsOf(sub)).as("live grants of %s", sub).isZero();
    }

    @Test
    void cookieSessionEndedByALogoutIsSignedOutOnEveryNodeAndAKeptCopyOfItsCookiesStaysSignedOut() throws Exception {
        TestApp a = cookieNode();
        TestApp b = cookieNode();
        Browser alice = signedIn(a, "alice", "op-cookie-1");
        Browser bob = signedIn(a, "bob", "op-cookie-2");
        assertThat(alice.get(b.url("/")).body()).isEqualTo("home signed-in sub=alice");
        Map<String, String> keptCopy = alice.cookiesStartingWith("logto-");
        assertThat(keptCopy).isNotEmpty();

        assertThat(logto.post(a.url(PATH), logto.signed(logto.token("alice", "op-cookie-1"))).statusCode())
                .isEqualTo(200);

        // Node B never saw the logout: the shared record tells it, and it rewrites the cookies.
        HttpResponse<String> onB = alice.get(b.url("/"));
        assertThat(onB.body()).isEqualTo("home anonymous");
        assertThat(onB.headers().allValues("Set-Cookie")).anySatisfy(h -> assertThat(h).startsWith("logto-0="));
        assertThat(alice.get(a.url("/protected/page")).statusCode()).isEqualTo(302);
        awaitGrantsRevoked("alice");

        var thief = new Browser();
        keptCopy.forEach((name, value) -> thief.setCookie(a.baseUrl(), name, value));
        keptCopy.forEach((name, value) -> thief.setCookie(b.baseUrl(), name, value));
        assertThat(thief.get(b.url("/")).body()).isEqualTo("home anonymous");
        assertThat(thief.get(a.url("/protected/page")).statusCode()).isEqualTo(302);

        assertThat(bob.get(b.url("/")).body()).isEqualTo("home signed-in sub=bob");
        assertThat(provider.reuses()).isZero();
    }

    @Test
    void cookieSessionSignedInAfterTheLogoutIsNotEndedByIt() throws Exception {
        TestApp a = cookieNode();
        TestApp b = cookieNode();
        signedIn(a, "carol", "op-cookie-3");
        assertThat(logto.post(a.url(PATH), logto.signed(logto.token("carol"))).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(2));

        Browser carolAgain = signedIn(a, "carol", "op-cookie-4");

        assertThat(carolAgain.get(b.url("/")).body()).isEqualTo("home signed-in sub=carol");
    }

    @Test
    void jdbcSessionWithRefreshLeasesEndedByALogoutLosesItsLeaseAndSessionKeyWithTheTokens() throws Exception {
        RefreshLeases leases = JdbcRefreshLeases.create(database.dataSource());
        TestApp a = jdbcNode(leases);
        TestApp b = jdbcNode(leases);
        Browser alice = signedIn(a, "alice", "op-jdbc-1");
        Browser bob = signedIn(a, "bob", "op-jdbc-2");
        clock.advance(Duration.ofMinutes(59).plusSeconds(30));
        assertThat(alice.get(b.url("/protected/token")).body()).startsWith("token=");
        assertThat(bob.get(b.url("/protected/token")).body()).startsWith("token=");
        assertThat(provider.refreshes()).isEqualTo(2);
        assertThat(database.count(JdbcRefreshLeases.DEFAULT_TABLE)).isEqualTo(2);
        assertThat(alice.get(b.url("/raw/session")).body())
                .contains("logto.sessionKey", "logto.sid", "logto.sub", "logto.refreshToken");

        assertThat(logto.post(a.url(PATH), logto.signed(logto.token("alice", "op-jdbc-1"))).statusCode())
                .isEqualTo(200);

        assertThat(alice.get(b.url("/raw/session")).body()).isEqualTo("logto keys=[]");
        assertThat(database.count(JdbcRefreshLeases.DEFAULT_TABLE)).as("bob's lease only").isEqualTo(1);
        assertThat(alice.get(a.url("/")).body()).isEqualTo("home anonymous");
        awaitGrantsRevoked("alice");
        assertThat(bob.get(a.url("/protected/page")).body()).contains("sub=bob");
        assertThat(provider.reuses()).isZero();
    }
}
