package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When Logto cannot be reached or answers wrongly: clear answers, no stack traces, and nobody stays
 * half signed in.
 */
class ProviderFailuresTest {
    private LoopbackOidcProvider provider;
    private MutableClock clock;
    private TestApp app;

    @BeforeEach
    void start() throws Exception {
        provider = new LoopbackOidcProvider();
        clock = MutableClock.followingSystemTime();
        app = TestApp.builder(provider).clock(clock).start();
    }

    @AfterEach
    void stop() {
        app.close();
        provider.close();
    }

    @Test
    void idTokenAlreadyExpiredThen502AndNotSignedIn() {
        var browser = new Browser();
        String authorize = Browser.location(browser.get(app.url("/sign-in?returnTo=/protected")));
        String callback = browser.loginAtProvider(authorize, "eve", "Eve");
        provider.server().enqueueCallback(new DefaultOAuth2TokenCallback("oidc", "eve", "JWT",
                List.of(LoopbackOidcProvider.APP_ID), Map.of(), -600));

        HttpResponse<String> response = browser.get(callback);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("failed verification", "id_token_invalid").doesNotContain("Exception");
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home anonymous");
        assertThat(browser.get(callback).statusCode()).as("the consumed sign-in cannot be replayed").isEqualTo(400);
    }

    @Test
    void providerDownWhenSigningInThen502PageWithoutStackTrace() {
        provider.close();

        HttpResponse<String> response = new Browser().get(app.url("/sign-in"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("could not be reached", "discovery_failed")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void providerDownWhenAccessTokenExpiredThenPageStillServedFromTheVerifiedIdToken() {
        var browser = new Browser();
        browser.signIn(app.url("/protected"), "bob", "Bob");
        provider.close();

        clock.advance(Duration.ofMinutes(59).plusSeconds(30));
        HttpResponse<String> page = browser.get(app.url("/protected/page"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("sub=bob");
    }

    @Test
    void providerDownWhenUserInfoNeededThen502() {
        var browser = new Browser();
        browser.signIn(app.url("/protected"), "carol", "Carol");
        provider.close();

        HttpResponse<String> page = browser.get(app.url("/protected/userinfo"));

        assertThat(page.statusCode()).isEqualTo(502);
        assertThat(page.body()).doesNotContain("Exception");
    }

    @Test
    void providerDownWhenSigningOutThenSignedOutHereAnyway() {
        var browser = new Browser();
        browser.signIn(app.url("/protected"), "dave", "Dave");
        provider.close();

        HttpResponse<String> response = browser.signOut(app.baseUrl());

        // Discovery is cached, so the browser is still sent to Logto's end-session page; the refresh
        // token revocation (server to server) failed and was only logged.
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(Browser.location(response)).startsWith(provider.endpoint() + "/oidc/endsession?");
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home anonymous");
        assertThat(browser.get(app.url("/protected")).statusCode()).isEqualTo(302);
    }
}
