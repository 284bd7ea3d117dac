package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another site tries to sign the user out (issue 9, item 1): by a link or image (GET), by a form
 * that posts without the session's token, with another session's token, or with the right token
 * but from another origin. None of them may end the session here, revoke its refresh token or send
 * the browser to Logto's end-session page — not even when Logto is unreachable and only the local
 * session could be ended.
 */
class SignOutForgeryTest {
    private static final String EVIL = "https://evil.example";

    private LoopbackOidcProvider provider;
    private TestApp app;

    @BeforeEach
    void start() throws Exception {
        provider = new LoopbackOidcProvider();
        app = TestApp.builder(provider).start();
    }

    @AfterEach
    void stop() {
        app.close();
        provider.close();
    }

    @Test
    void signOutByCrossSiteGetThenStillSignedInAndNotSentToEndSession() {
        var victim = signedIn("vera");

        HttpResponse<String> response = victim.get(app.url("/sign-out"), "Sec-Fetch-Site", "cross-site");

        assertThat(response.statusCode()).as("a confirmation page, nothing done").isEqualTo(200);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertStillSignedIn(victim, "vera");
    }

    @Test
    void signOutByForeignFormPostWithoutTokenThenStillSignedIn() {
        var victim = signedIn("walt");

        HttpResponse<String> response = victim.post(app.url("/sign-out"), "",
                "Origin", EVIL, "Sec-Fetch-Site", "cross-site");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertStillSignedIn(victim, "walt");
    }

    @Test
    void signOutByPostWithoutAnyHeaderOrTokenThenStillSignedIn() {
        // An old browser sends neither Origin nor Sec-Fetch-Site: the token alone decides.
        var victim = signedIn("xena");

        HttpResponse<String> response = victim.post(app.url("/sign-out"), "");

        assertThat(response.statusCode()).isEqualTo(403);
        assertStillSignedIn(victim, "xena");
    }

    @Test
    void signOutWithTheAttackersOwnSessionTokenThenRefused() {
        var attacker = signedIn("mallory");
        String attackersToken = Browser.csrfToken(attacker.get(app.url("/account")).body()).orElse("");
        var victim = signedIn("yann");

        HttpResponse<String> response = victim.post(app.url("/sign-out"), "logto_csrf=" + attackersToken);

        assertThat(response.statusCode()).isEqualTo(403);
        assertStillSignedIn(victim, "yann");
        assertStillSignedIn(attacker, "mallory");
    }

    @Test
    void signOutWithTheRightTokenButFromAnotherOriginThenRefused() {
        // Defence in depth: a token that leaked (a log, a Referer) is still useless from another site.
        var victim = signedIn("zoe");
        String token = Browser.csrfToken(victim.get(app.url("/account")).body()).orElse("");

        HttpResponse<String> foreignOrigin = victim.post(app.url("/sign-out"), "logto_csrf=" + token,
                "Origin", EVIL);
        HttpResponse<String> crossSite = victim.post(app.url("/sign-out"), "logto_csrf=" + token,
                "Sec-Fetch-Site", "cross-site");

        assertThat(foreignOrigin.statusCode()).isEqualTo(403);
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertStillSignedIn(victim, "zoe");
    }

    @Test
    void signOutForgedWhileLogtoIsUnreachableThenTheLocalSessionStaysToo() {
        var victim = signedIn("abel");
        provider.close();

        HttpResponse<String> byGet = victim.get(app.url("/sign-out"), "Sec-Fetch-Site", "cross-site");
        HttpResponse<String> byPost = victim.post(app.url("/sign-out"), "", "Origin", EVIL);

        assertThat(byGet.headers().firstValue("Location")).isEmpty();
        assertThat(byPost.headers().firstValue("Location")).isEmpty();
        assertStillSignedIn(victim, "abel");
    }

    @Test
    void confirmationPageCannotBeFramedSoItsButtonCannotBeClickjacked() {
        var victim = signedIn("bea");

        HttpResponse<String> page = victim.get(app.url("/sign-out"), "Sec-Fetch-Site", "cross-site");

        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
    }

    private Browser signedIn(String sub) {
        var browser = new Browser();
        browser.signIn(app.url("/protected"), sub, sub);
        assertStillSignedIn(browser, sub);
        return browser;
    }

    private void assertStillSignedIn(Browser browser, String sub) {
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home signed-in sub=" + sub);
    }
}
