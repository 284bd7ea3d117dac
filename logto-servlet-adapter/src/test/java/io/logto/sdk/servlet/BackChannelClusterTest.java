package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Back-channel logout on two nodes of one app (two Jetty servers, no shared memory), which share
 * only a database: Jetty's JDBC session store (no session cache) and the adapter's
 * {@link JdbcEndedSessions}, in the same H2 server on 127.0.0.1. Logto's call reaches one node; the
 * user's next request, another.
 */
class BackChannelClusterTest {
    private static final String PATH = "/backchannel-logout";

    private LoopbackOidcProvider provider;
    private SessionDatabase database;
    private TestApp nodeA;
    private TestApp nodeB;
    private LogoutRequests logto;

    @BeforeEach
    void start() throws Exception {
        provider = LoopbackOidcProvider.builder().signingKey(TestKeys.es384("provider")).build();
        database = new SessionDatabase();
        // Each node builds its own record object, as separate machines would; the table is what they share.
        nodeA = TestApp.builder(provider).jdbcSessions(database.jdbcUrl(), "nodeA")
                .config(b -> b.backChannelLogoutPath(PATH))
                .endedSessions(JdbcEndedSessions.builder(database.dataSource()).build()).start();
        nodeB = TestApp.builder(provider).jdbcSessions(database.jdbcUrl(), "nodeB").publicBaseUrl(nodeA.baseUrl())
                .config(b -> b.backChannelLogoutPath(PATH))
                .endedSessions(JdbcEndedSessions.builder(database.dataSource()).build()).start();
        logto = new LogoutRequests(provider);
    }

    @AfterEach
    void stop() {
        nodeB.close();
        nodeA.close();
        database.close();
        provider.close();
    }

    private Browser signedInOnA(String sub, String sid) {
        var browser = new Browser();
        browser.signIn(nodeA.url("/protected"), sub, sub, sid == null ? "" : ",\"sid\":\"" + sid + "\"");
        assertThat(browser.get(nodeB.url("/")).body()).isEqualTo("home signed-in sub=" + sub);
        return browser;
    }

    @Test
    void logoutPostedToNodeAThenTheSessionEndsOnNodeBAtItsNextRequestAndOtherUsersGoOn() {
        Browser alice = signedInOnA("alice", "op-a");
        Browser bob = signedInOnA("bob", "op-b");
        Browser carol = signedInOnA("carol", null);

        HttpResponse<String> answer = logto.post(nodeA.url(PATH), logto.signed(logto.token("alice", "op-a")));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(alice.get(nodeB.url("/raw/session")).body()).isEqualTo("logto keys=[]");
        assertThat(alice.get(nodeB.url("/protected/page")).statusCode()).isEqualTo(302);
        assertThat(alice.get(nodeA.url("/")).body()).isEqualTo("home anonymous");
        assertThat(bob.get(nodeB.url("/protected/page")).body()).contains("sub=bob");
        assertThat(carol.get(nodeB.url("/protected/page")).body()).contains("sub=carol");
        assertThat(bob.get(nodeA.url("/")).body()).isEqualTo("home signed-in sub=bob");
    }

    @Test
    void logoutNamingOnlyTheUserPostedToNodeBThenAllTheirSessionsEndOnBothNodes() {
        Browser aliceOne = signedInOnA("alice", "op-1");
        Browser aliceTwo = signedInOnA("alice", null);
        Browser bob = signedInOnA("bob", null);

        assertThat(logto.post(nodeB.url(PATH), logto.signed(logto.token("alice"))).statusCode()).isEqualTo(200);

        assertThat(aliceOne.get(nodeA.url("/")).body()).isEqualTo("home anonymous");
        assertThat(aliceTwo.get(nodeB.url("/")).body()).isEqualTo("home anonymous");
        assertThat(bob.get(nodeA.url("/")).body()).isEqualTo("home signed-in sub=bob");
    }

    @Test
    void logoutReplayedToTheOtherNodeThenItsReplayMemoryIsItsOwnButNothingMoreEnds() throws Exception {
        String token = logto.signed(logto.token("alice"));
        assertThat(logto.post(nodeA.url(PATH), token).statusCode()).isEqualTo(200);
        Thread.sleep(1_100); // the next sign-in is in a later second than the logout
        Browser aliceAgain = signedInOnA("alice", null);

        // Node B has not seen this jti; the record still refuses to move alice's sign-out time for it.
        assertThat(logto.post(nodeB.url(PATH), token).statusCode()).isEqualTo(200);

        assertThat(aliceAgain.get(nodeA.url("/")).body()).isEqualTo("home signed-in sub=alice");
        assertThat(aliceAgain.get(nodeB.url("/")).body()).isEqualTo("home signed-in sub=alice");
    }
}
