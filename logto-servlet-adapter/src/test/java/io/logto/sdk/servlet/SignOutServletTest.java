package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-out as the user does it: the app's button, the confirmation page of an old link, a script. */
class SignOutServletTest {
    private static LoopbackOidcProvider provider;
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        provider = new LoopbackOidcProvider();
        app = TestApp.builder(provider).start();
    }

    @AfterAll
    static void stop() {
        app.close();
        provider.close();
    }

    @Test
    void signOutButtonOfAPageThenSignedOutAndSentThroughEndSession() {
        var browser = signedIn("anna");

        HttpResponse<String> response = browser.signOut(app.baseUrl());

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(Browser.location(response)).startsWith(provider.endpoint() + "/oidc/endsession?");
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home anonymous");
    }

    @Test
    void signOutButtonPostsToTheConfiguredSignOutUrlWithTheToken() {
        var browser = signedIn("ben");

        String page = browser.get(app.url("/account")).body();

        assertThat(page).startsWith("<form method=\"post\" action=\"" + app.url("/sign-out") + "\">")
                .contains("<input type=\"hidden\" name=\"" + SignOutForm.PARAMETER + "\" value=\"")
                .endsWith("<button type=\"submit\">Sign out</button></form>");
        assertThat(Browser.csrfToken(page)).hasValueSatisfying(t -> assertThat(t).matches("[A-Za-z0-9_-]{43}"));
    }

    @Test
    void oldSignOutLinkThenConfirmationPageWhoseButtonSignsOut() {
        var browser = signedIn("cleo");

        HttpResponse<String> page = browser.get(app.url("/sign-out"));
        HttpResponse<String> confirmed = browser.submitForm(app.baseUrl(), page.body());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Do you want to sign out?");
        assertThat(confirmed.statusCode()).isEqualTo(303);
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home anonymous");
    }

    @Test
    void refusedPostThenTheSamePageLetsTheUserConfirm() {
        var browser = signedIn("dora");

        HttpResponse<String> refused = browser.post(app.url("/sign-out"), "");
        HttpResponse<String> confirmed = browser.submitForm(app.baseUrl(), refused.body());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(confirmed.statusCode()).isEqualTo(303);
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home anonymous");
    }

    @Test
    void scriptSendingTheTokenInAHeaderThenSignedOut() {
        var browser = signedIn("emil");
        String token = Browser.csrfToken(browser.get(app.url("/account")).body()).orElseThrow();

        HttpResponse<String> response = browser.post(app.url("/sign-out"), "", SignOutForm.HEADER, token,
                "Origin", Browser.origin(app.baseUrl()), "Sec-Fetch-Site", "same-origin");

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home anonymous");
    }

    @Test
    void tokenSeenBeforeSignInIsReplacedAtSignIn() {
        var browser = new Browser();
        String before = Browser.csrfToken(browser.get(app.url("/account")).body()).orElseThrow();
        String authorize = Browser.location(browser.get(app.url("/sign-in")));
        browser.get(browser.loginAtProvider(authorize, "finn", "Finn"));

        String after = Browser.csrfToken(browser.get(app.url("/account")).body()).orElseThrow();
        HttpResponse<String> withOldToken = browser.post(app.url("/sign-out"), "logto_csrf=" + before);

        assertThat(after).isNotEqualTo(before);
        assertThat(withOldToken.statusCode()).isEqualTo(403);
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home signed-in sub=finn");
    }

    @Test
    void tokenIsForgottenAtSignOut() {
        var browser = signedIn("gus");
        String token = Browser.csrfToken(browser.get(app.url("/account")).body()).orElseThrow();
        browser.signOut(app.baseUrl());

        String next = Browser.csrfToken(browser.get(app.url("/account")).body()).orElseThrow();

        assertThat(next).isNotEqualTo(token);
    }

    @Test
    void signOutWhenNotSignedInThenJustSentToThePostSignOutPage() {
        var browser = new Browser();

        HttpResponse<String> get = browser.get(app.url("/sign-out"));
        HttpResponse<String> post = browser.post(app.url("/sign-out"), "");

        assertThat(get.statusCode()).isEqualTo(303);
        assertThat(Browser.location(get)).isEqualTo(app.url("/"));
        assertThat(post.statusCode()).isEqualTo(303);
        assertThat(Browser.location(post)).isEqualTo(app.url("/"));
        assertThat(browser.sessionId()).as("no session for it").isEmpty();
    }

    private static Browser signedIn(String sub) {
        var browser = new Browser();
        browser.signIn(app.url("/protected"), sub, sub);
        return browser;
    }
}
