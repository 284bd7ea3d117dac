package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The protection filter keeps the access token fresh without the user noticing. */
class TokenRefreshTest {
    private LoopbackOidcProvider provider;
    private MutableClock clock;
    private TestApp app;

    @BeforeEach
    void start() throws Exception {
        provider = new LoopbackOidcProvider();
        clock = MutableClock.followingSystemTime();
        // Only this node's clock moves forward an hour, not the provider's: the refreshed ID token is
        // then "issued an hour ago" by this node's clock, beyond the default maxIdTokenAge.
        app = TestApp.builder(provider).clock(clock).logto(b -> b.maxIdTokenAge(Duration.ofHours(2))).start();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        provider.close();
    }

    @Test
    void accessTokenStillValidThenProtectedPagesReuseIt() {
        var browser = new Browser();
        browser.signIn(app.url("/protected"), "alice", "Alice");

        String first = browser.get(app.url("/protected/token")).body();
        String second = browser.get(app.url("/protected/token")).body();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void accessTokenExpiredThenProtectedPageRefreshesItTransparently() {
        var browser = new Browser();
        browser.signIn(app.url("/protected"), "alice", "Alice");
        String before = browser.get(app.url("/protected/token")).body();

        clock.advance(Duration.ofMinutes(59).plusSeconds(30));
        HttpResponse<String> page = browser.get(app.url("/protected/page"));
        String after = browser.get(app.url("/protected/token")).body();

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("sub=alice");
        assertThat(after).startsWith("token=").isNotEqualTo(before);
    }
}
