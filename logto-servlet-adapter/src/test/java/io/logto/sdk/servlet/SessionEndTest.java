package io.logto.sdk.servlet;

import io.logto.sdk.LogtoConfig;
import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protection filter ends sessions as the SDK's rule says (issue 9, item 3), failing closed: a
 * refresh Logto refuses for good (here {@code invalid_client}: the app's secret was rotated or the
 * app deleted) or a maximum session age signs the user out; Logto answering {@code 503} does not.
 */
class SessionEndTest {
    private LoopbackOidcProvider provider;
    private MutableClock clock;
    private TestApp app;

    private void start(UnaryOperator<LogtoConfig.Builder> logto) throws Exception {
        provider = new LoopbackOidcProvider();
        clock = MutableClock.followingSystemTime();
        app = TestApp.builder(provider).clock(clock).logto(logto).start();
    }

    @AfterEach
    void stop() {
        app.close();
        provider.close();
    }

    /** Signs in, then lets the access token expire on the app's clock, so the next page refreshes it. */
    private Browser signedInWithExpiredAccessToken(String sub) {
        var browser = new Browser();
        browser.signIn(app.url("/protected"), sub, sub);
        clock.advance(Duration.ofMinutes(59).plusSeconds(30));
        return browser;
    }

    @Test
    void refreshRefusedWithInvalidClientThenSignedOutAndSentToSignIn() throws Exception {
        start(b -> b);
        var browser = signedInWithExpiredAccessToken("ann");
        provider.refuseNextRefresh(401, "invalid_client");

        HttpResponse<String> page = browser.get(app.url("/protected/page"));

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(Browser.location(page)).startsWith(app.url("/sign-in"));
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home anonymous");
    }

    @Test
    void refreshRefusedWithInvalidClientThenTheOwnerReadsWhyAtWarning() throws Exception {
        start(b -> b);
        var browser = signedInWithExpiredAccessToken("abe");
        provider.refuseNextRefresh(401, "invalid_client");
        var records = new java.util.concurrent.CopyOnWriteArrayList<java.util.logging.LogRecord>();
        var logger = java.util.logging.Logger.getLogger(LogtoAuthFilter.class.getName());
        var handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            browser.get(app.url("/protected/page"));
        } finally {
            logger.removeHandler(handler);
        }

        // Issue 10: a wrong app secret gets its own code and advice in the log, at WARNING.
        assertThat(records).anySatisfy(record -> {
            assertThat(record.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(java.util.List.of(record.getParameters()))
                    .contains(io.logto.sdk.LogtoException.Code.CLIENT_AUTHENTICATION_FAILED);
            assertThat(record.getParameters()[1].toString()).startsWith("Logto rejected the app ID or secret: check");
        });
    }

    @Test
    void refreshRefusedWithUnauthorizedClientOnAnApiRouteThen401() throws Exception {
        start(b -> b);
        var browser = signedInWithExpiredAccessToken("bert");
        provider.refuseNextRefresh(400, "unauthorized_client");

        assertThat(browser.get(app.url("/protected/no-redirect")).statusCode()).isEqualTo(401);
    }

    @Test
    void refreshAnswered503ThenNobodyIsSignedOut() throws Exception {
        start(b -> b);
        var browser = signedInWithExpiredAccessToken("cara");
        provider.refuseNextRefresh(503, "invalid_grant");

        HttpResponse<String> page = browser.get(app.url("/protected/page"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("sub=cara");
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home signed-in sub=cara");
    }

    @Test
    void maxSessionAgeReachedThenSignedOutWithoutAskingLogto() throws Exception {
        start(b -> b.maxSessionAge(Duration.ofMinutes(30)));
        var browser = new Browser();
        browser.signIn(app.url("/protected"), "dirk", "Dirk");
        clock.advance(Duration.ofMinutes(29));
        assertThat(browser.get(app.url("/protected/page")).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(2));
        HttpResponse<String> page = browser.get(app.url("/protected/page"));

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home anonymous");
    }
}
