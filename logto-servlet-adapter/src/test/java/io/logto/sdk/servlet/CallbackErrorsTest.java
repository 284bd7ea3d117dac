package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.SignIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the callback does when something is wrong, and that no redirect ever leaves the app: a clear,
 * escaped error (or the configured error page), never a stack trace, never a half-signed-in session.
 */
class CallbackErrorsTest {
    private static LoopbackOidcProvider provider;
    private static TestApp app;
    private static TestApp appWithErrorPage;

    @BeforeAll
    static void start() throws Exception {
        provider = new LoopbackOidcProvider();
        app = TestApp.builder(provider).start();
        appWithErrorPage = TestApp.builder(provider).config(c -> c.errorPath("/sign-in-failed")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        appWithErrorPage.close();
        app.close();
        provider.close();
    }

    @Test
    void callbackWithAccessDeniedThen400PageWithEscapedProviderTextAndNotSignedIn() {
        var browser = new Browser();
        String state = stateOf(Browser.location(browser.get(app.url("/sign-in"))));

        HttpResponse<String> response = browser.get(app.url("/callback?error=access_denied&error_description="
                + Browser.enc("<script>alert('x')</script>") + "&state=" + state));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWithIgnoringCase("text/html;charset=utf-8"));
        assertThat(response.body())
                .contains("Sign-in failed", "access_denied", "callback_error")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .doesNotContain("<script>");
        assertNoStackTrace(response);
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home anonymous");
    }

    @Test
    void callbackWithForeignStateThen400StateMismatchAndNotSignedIn() {
        var browser = new Browser();
        String authorize = Browser.location(browser.get(app.url("/sign-in")));
        String callback = browser.loginAtProvider(authorize, "mallory", "Mallory");
        String forged = callback.replaceAll("state=[^&]+", "state=forged-state");

        HttpResponse<String> response = browser.get(forged);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("state mismatch", "callback_state_mismatch");
        assertNoStackTrace(response);
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home anonymous");
        assertThat(browser.get(callback).statusCode()).as("the real callback still works").isEqualTo(302);
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home signed-in sub=mallory");
    }

    @Test
    void callbackWithoutPendingSignInThen400ExplainingTheLostSession() {
        var victim = new Browser();
        String authorize = Browser.location(victim.get(app.url("/sign-in")));
        String callback = victim.loginAtProvider(authorize, "victim", "Victim");
        var otherBrowser = new Browser();

        HttpResponse<String> response = otherBrowser.get(callback);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("no longer pending", "session cookie", "sign_in_session_not_found");
        assertNoStackTrace(response);
        assertThat(otherBrowser.get(app.url("/")).body()).isEqualTo("home anonymous");
    }

    @Test
    void callbackReplayedWithBackButtonAfterSignInThenBackToDefaultPageStillSignedIn() {
        var browser = new Browser();
        String authorize = Browser.location(browser.get(app.url("/sign-in?returnTo=/protected/x")));
        String callback = browser.loginAtProvider(authorize, "grace", "Grace");
        browser.get(callback);

        HttpResponse<String> replay = browser.get(callback);

        assertThat(replay.statusCode()).isEqualTo(302);
        assertThat(Browser.location(replay)).isEqualTo(app.url("/"));
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home signed-in sub=grace");
    }

    @Test
    void callbackReplayedAfterSignOutThen400AndStaysSignedOut() {
        var browser = new Browser();
        String authorize = Browser.location(browser.get(app.url("/sign-in")));
        String callback = browser.loginAtProvider(authorize, "heidi", "Heidi");
        browser.get(callback);
        browser.signOut(app.baseUrl());

        HttpResponse<String> replay = browser.get(callback);

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home anonymous");
    }

    @Test
    void callbackErrorWhenErrorPageConfiguredThenRedirectsThereWithMachineCode() {
        var browser = new Browser();
        String state = stateOf(Browser.location(browser.get(appWithErrorPage.url("/sign-in"))));

        HttpResponse<String> response = browser.get(appWithErrorPage.url(
                "/callback?error=access_denied&error_description=nope&state=" + state));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(Browser.location(response))
                .isEqualTo(appWithErrorPage.url("/sign-in-failed?code=callback_error&error=access_denied"));
        assertThat(browser.follow(Browser.location(response)).body())
                .isEqualTo("sign-in failed code=callback_error error=access_denied");
    }

    @Test
    void callbackErrorWithOddProviderErrorCodeThenErrorPageGetsOnlyTheMachineCode() {
        var browser = new Browser();
        String state = stateOf(Browser.location(browser.get(appWithErrorPage.url("/sign-in"))));

        HttpResponse<String> response = browser.get(appWithErrorPage.url(
                "/callback?error=" + Browser.enc("x\"><img src=y>") + "&state=" + state));

        assertThat(Browser.location(response)).isEqualTo(appWithErrorPage.url("/sign-in-failed?code=callback_error"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/x", "https://evil.example/", "/\\evil.example", "/%2F%2Fevil.example",
            "/%252F%252Fevil.example", "%2F%2Fevil.example", "javascript:alert(1)", "/%09/evil.example",
            "http:/evil.example"})
    void signInWithForeignReturnToThenLandsOnDefaultPageOfThisApp(String returnTo) {
        var browser = new Browser();
        String authorize = Browser.location(browser.get(app.url("/sign-in?returnTo=" + Browser.enc(returnTo))));
        String callback = browser.loginAtProvider(authorize, "ivan", "Ivan");

        HttpResponse<String> back = browser.get(callback);

        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(Browser.location(back)).isEqualTo(app.url("/"));
    }

    @Test
    void signInWithLocalReturnToThenLandsThere() {
        var browser = new Browser();
        String authorize = Browser.location(browser.get(app.url("/sign-in?returnTo="
                + Browser.enc("/protected/a%20b?q=1#frag"))));

        HttpResponse<String> back = browser.get(browser.loginAtProvider(authorize, "judy", "Judy"));

        assertThat(URI.create(Browser.location(back))).isEqualTo(URI.create(app.url("/protected/a%20b?q=1#frag")));
    }

    private static String stateOf(String authorizeUrl) {
        return SignIn.query(URI.create(authorizeUrl).getRawQuery()).get("state").get(0);
    }

    private static void assertNoStackTrace(HttpResponse<String> response) {
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "io.logto.sdk.");
    }
}
