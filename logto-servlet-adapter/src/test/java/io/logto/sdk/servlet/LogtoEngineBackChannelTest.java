package io.logto.sdk.servlet;

import io.logto.sdk.LogtoConfig;
import io.logto.testing.LogtoEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Back-channel logout with Logto's engine sending the logout token itself ({@link LogtoEngine}:
 * oidc-provider 9.11.3 configured like Logto, run by Node): the user signs in through the engine's
 * interaction endpoints, signs out of another app of the same Logto session (RP-initiated logout,
 * confirmed with {@code logout=yes} as Logto's page does), the engine POSTs a logout token to the
 * app, and the app's session is gone. Runs in the Maven profile {@code engine} (Node 20+ and
 * {@code npm ci} in {@code logto-testing/engine}; {@code .ci/run} does both), never in the plain build.
 */
@Tag("engine")
class LogtoEngineBackChannelTest {
    private static final String PATH = "/backchannel-logout";

    private final List<AutoCloseable> started = new ArrayList<>();
    private LogtoEngine engine;

    @AfterEach
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String at(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private LogtoEngine engine(LogtoEngine.Builder builder) {
        engine = builder.start();
        started.add(engine);
        return engine;
    }

    private LogtoConfig appConfig() {
        return LogtoConfig.builder().endpoint(engine.endpoint()).appId(LogtoEngine.APP_ID)
                .appSecret(LogtoEngine.APP_SECRET).scopes(List.of("email")).build();
    }

    private TestApp app(TestApp.Builder builder) throws Exception {
        TestApp app = builder.start();
        started.add(app);
        return app;
    }

    /** Signs {@code username} in to the app through Logto's pages; returns the app browser and the Logto one. */
    private Signed signIn(TestApp app, String username) {
        var atApp = new Browser();
        var atLogto = engine.browser();
        String authorize = Browser.location(atApp.get(Browser.location(atApp.get(app.url("/protected/page")))));
        assertThat(authorize).startsWith(engine.issuer() + "/auth?");
        String callback = atLogto.signIn(authorize, username, username + "-password");
        assertThat(atApp.follow(callback).body()).contains("sub=user-" + username);
        return new Signed(atApp, atLogto);
    }

    private record Signed(Browser atApp, LogtoEngine.Browser atLogto) {
    }

    @Test
    void signOutAtLogtoThenTheEnginesLogoutTokenEndsTheSessionOnTheOtherNodeToo() throws Exception {
        int portA = freePort();
        int portB = freePort();
        // Logto calls node B; the user's sessions live in the database both nodes share.
        engine(LogtoEngine.builder().redirectUri(at(portA, "/callback")).backChannelLogoutUri(at(portB, PATH))
                .sessionRequired(true).ssrfProtectionDisabled(true));
        var database = new SessionDatabase();
        started.add(database);
        TestApp nodeA = app(TestApp.builder(appConfig()).port(portA).jdbcSessions(database.jdbcUrl(), "nodeA")
                .config(b -> b.backChannelLogoutPath(PATH))
                .endedSessions(JdbcEndedSessions.builder(database.dataSource()).build()));
        TestApp nodeB = app(TestApp.builder(appConfig()).port(portB).jdbcSessions(database.jdbcUrl(), "nodeB")
                .publicBaseUrl(nodeA.baseUrl()).config(b -> b.backChannelLogoutPath(PATH))
                .endedSessions(JdbcEndedSessions.builder(database.dataSource()).build()));
        Signed alice = signIn(nodeA, "alice");
        Signed bob = signIn(nodeA, "bob");
        assertThat(alice.atApp().get(nodeB.url("/raw/session")).body()).contains("logto.sid");

        assertThat(alice.atLogto().signOut(LogtoEngine.OTHER_APP_ID)).isEqualTo(303);

        assertThat(engine.awaitLog("backchannel.", Duration.ofSeconds(10)))
                .startsWith("backchannel.success web-app user-alice ");
        assertThat(alice.atApp().get(nodeA.url("/raw/session")).body()).isEqualTo("logto keys=[]");
        assertThat(alice.atApp().get(nodeA.url("/")).body()).isEqualTo("home anonymous");
        assertThat(alice.atApp().get(nodeB.url("/protected/page")).statusCode()).isEqualTo(302);
        assertThat(bob.atApp().get(nodeB.url("/protected/page")).body()).contains("sub=user-bob");
        assertThat(bob.atApp().get(nodeA.url("/")).body()).isEqualTo("home signed-in sub=user-bob");
    }

    @Test
    void signOutAtLogtoWithoutSessionRequiredThenTheTokenNamesTheUserAndAllTheirSessionsEnd() throws Exception {
        int port = freePort();
        engine(LogtoEngine.builder().redirectUri(at(port, "/callback")).backChannelLogoutUri(at(port, PATH))
                .sessionRequired(false).ssrfProtectionDisabled(true));
        TestApp app = app(TestApp.builder(appConfig()).port(port).config(b -> b.backChannelLogoutPath(PATH)));
        Signed aliceOnLaptop = signIn(app, "alice");
        Signed aliceOnPhone = signIn(app, "alice"); // another browser: another Logto session
        Signed bob = signIn(app, "bob");
        assertThat(aliceOnLaptop.atApp().get(app.url("/raw/session")).body()).doesNotContain("logto.sid");

        aliceOnLaptop.atLogto().signOut(LogtoEngine.OTHER_APP_ID);

        // The engine logs the Logto session's sid; the token carries none, so alice's other session ends too.
        assertThat(engine.awaitLog("backchannel.", Duration.ofSeconds(10)))
                .startsWith("backchannel.success web-app user-alice ");
        assertThat(aliceOnLaptop.atApp().get(app.url("/")).body()).isEqualTo("home anonymous");
        assertThat(aliceOnPhone.atApp().get(app.url("/")).body()).isEqualTo("home anonymous");
        assertThat(bob.atApp().get(app.url("/")).body()).isEqualTo("home signed-in sub=user-bob");
    }

    @Test
    void signOutAtLogtoWithItsSsrfProtectionOnThenTheCallToLoopbackIsRefusedAndTheSessionStays() throws Exception {
        // Logto Cloud, or a self-hosted Logto whose operator did not allow private addresses.
        int port = freePort();
        engine(LogtoEngine.builder().redirectUri(at(port, "/callback")).backChannelLogoutUri(at(port, PATH))
                .ssrfProtectionDisabled(false));
        TestApp app = app(TestApp.builder(appConfig()).port(port).config(b -> b.backChannelLogoutPath(PATH)));
        Signed alice = signIn(app, "alice");

        alice.atLogto().signOut(LogtoEngine.OTHER_APP_ID);

        assertThat(engine.awaitLog("backchannel.", Duration.ofSeconds(10)))
                .startsWith("backchannel.error web-app").contains("special-use IP address");
        assertThat(((MemoryEndedSessions) app.web().endedSessions()).size()).isZero();
        assertThat(alice.atApp().get(app.url("/")).body()).isEqualTo("home signed-in sub=user-alice");
    }
}
