package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes of the same app (two Jetty servers, no shared memory) behind one cookie, sharing
 * sessions only through Jetty's JDBC session store on an H2 server: what one node writes into the
 * session, the other reads on the next request.
 */
class ClusteredSessionTest {
    private LoopbackOidcProvider provider;
    private SessionDatabase database;
    private MutableClock clockOfB;
    private TestApp nodeA;
    private TestApp nodeB;

    @BeforeEach
    void start() throws Exception {
        provider = new LoopbackOidcProvider();
        database = new SessionDatabase();
        clockOfB = MutableClock.followingSystemTime();
        nodeA = TestApp.builder(provider).jdbcSessions(database.jdbcUrl(), "nodeA").start();
        // Both nodes are the same app at the same public address (here A's); the test's browser reaches
        // each on its own port, as a load balancer would, and sends the same session cookie to both.
        // B's clock runs an hour ahead of the provider's in one test: its refreshed ID token then looks an
        // hour old, beyond the default maxIdTokenAge.
        nodeB = TestApp.builder(provider).jdbcSessions(database.jdbcUrl(), "nodeB").clock(clockOfB)
                .logto(b -> b.maxIdTokenAge(Duration.ofHours(2))).publicBaseUrl(nodeA.baseUrl()).start();
    }

    @AfterEach
    void stop() throws Exception {
        nodeB.close();
        nodeA.close();
        database.close();
        provider.close();
    }

    @Test
    void signedInOnNodeAThenSignedInOnNodeBWithTheSameCookie() {
        var browser = new Browser();
        browser.signIn(nodeA.url("/protected"), "alice", "Alice");

        HttpResponse<String> onB = browser.get(nodeB.url("/protected/page"));

        assertThat(onB.statusCode()).isEqualTo(200);
        assertThat(onB.body()).isEqualTo("protected /protected/page sub=alice name=Alice");
    }

    @Test
    void accessTokenRefreshedOnNodeBThenNodeASeesTheNewToken() {
        var browser = new Browser();
        browser.signIn(nodeA.url("/protected"), "bob", "Bob");
        String tokenAtSignIn = browser.get(nodeA.url("/protected/token")).body();

        // The access token (valid an hour, used until a minute before) has expired on B's clock.
        clockOfB.advance(Duration.ofMinutes(59).plusSeconds(30));
        String tokenRefreshedOnB = browser.get(nodeB.url("/protected/token")).body();
        String tokenSeenOnA = browser.get(nodeA.url("/protected/token")).body();

        assertThat(tokenRefreshedOnB).startsWith("token=").isNotEqualTo(tokenAtSignIn);
        assertThat(tokenSeenOnA).isEqualTo(tokenRefreshedOnB);
        assertThat(browser.get(nodeA.url("/protected/page")).body()).contains("sub=bob");
    }

    @Test
    void signedOutOnNodeBThenSignedOutOnNodeA() {
        var browser = new Browser();
        browser.signIn(nodeA.url("/protected"), "carol", "Carol");

        // The sign-out button rendered by node A, submitted to node B: the token lives in the shared session.
        String token = Browser.csrfToken(browser.get(nodeA.url("/account")).body()).orElseThrow();
        HttpResponse<String> signOut = browser.post(nodeB.url("/sign-out"), SignOutForm.PARAMETER + "=" + token,
                "Origin", nodeA.baseUrl(), "Sec-Fetch-Site", "same-origin");

        assertThat(signOut.statusCode()).isEqualTo(303);

        assertThat(browser.get(nodeA.url("/")).body()).isEqualTo("home anonymous");
        assertThat(browser.get(nodeA.url("/protected/page")).statusCode()).isEqualTo(302);
    }

    @Test
    void signInStartedOnNodeAThenCallbackServedByNodeBCompletesIt() {
        var browser = new Browser();
        String authorize = Browser.location(browser.get(nodeA.url("/sign-in?returnTo=/protected/from-a")));
        String callback = browser.loginAtProvider(authorize, "dave", "Dave");
        // The load balancer sends the callback to the other node.
        String callbackOnB = callback.replace(nodeA.baseUrl(), nodeB.baseUrl());

        HttpResponse<String> back = browser.get(callbackOnB);

        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(Browser.location(back)).isEqualTo(nodeA.url("/protected/from-a"));
        assertThat(browser.get(nodeA.url("/protected/from-a")).body()).contains("sub=dave");
        assertThat(browser.get(nodeB.url("/protected/from-a")).body()).contains("sub=dave");
    }
}
