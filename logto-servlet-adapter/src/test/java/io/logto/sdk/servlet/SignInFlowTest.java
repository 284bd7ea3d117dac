package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole sign-in, sign-out and protection story in a real Jetty 12 against a real OIDC provider,
 * driven by a cookie-keeping HTTP client that looks at every redirect.
 */
class SignInFlowTest {
    private static LoopbackOidcProvider provider;
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        provider = new LoopbackOidcProvider();
        app = TestApp.builder(provider).start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        provider.close();
    }

    @Test
    void protectedPageWhenSignedOutThenRedirectsToSignInRememberingPathAndQuery() {
        var browser = new Browser();

        HttpResponse<String> response = browser.get(app.url("/protected/orders?tab=open&page=2"));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(Browser.location(response))
                .isEqualTo(app.url("/sign-in?returnTo=" + Browser.enc("/protected/orders?tab=open&page=2")));
        assertThat(browser.sessionId()).as("no session for a visitor who is only redirected").isEmpty();
    }

    @Test
    void publicPageWhenAnonymousThenNoSessionIsCreated() {
        var browser = new Browser();

        HttpResponse<String> response = browser.get(app.url("/"));

        assertThat(response.body()).isEqualTo("home anonymous");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void signInThroughProviderThenLandsOnRequestedPageSignedIn() {
        var browser = new Browser();

        HttpResponse<String> toSignIn = browser.get(app.url("/protected/orders?tab=open"));
        HttpResponse<String> toProvider = browser.get(Browser.location(toSignIn));
        String authorize = Browser.location(toProvider);
        String callback = browser.loginAtProvider(authorize, "alice", "Alice");
        HttpResponse<String> back = browser.get(callback);

        assertThat(authorize).startsWith(provider.endpoint() + "/oidc/authorize?");
        assertThat(callback).startsWith(app.url("/callback?"));
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(Browser.location(back)).isEqualTo(app.url("/protected/orders?tab=open"));
        assertThat(browser.get(Browser.location(back)).body())
                .isEqualTo("protected /protected/orders sub=alice name=Alice query=tab=open");
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home signed-in sub=alice");
    }

    @Test
    void signInRotatesTheSessionId() {
        var browser = new Browser();
        HttpResponse<String> toProvider = browser.get(app.url("/sign-in?returnTo=/protected"));
        String beforeCallback = browser.sessionId().orElseThrow();
        String callback = browser.loginAtProvider(Browser.location(toProvider), "bob", "Bob");

        browser.get(callback);

        assertThat(browser.sessionId()).hasValueSatisfying(id -> assertThat(id).isNotEqualTo(beforeCallback));
        assertThat(browser.get(app.url("/protected")).body()).contains("sub=bob");
    }

    @Test
    void sessionIdKnownBeforeSignInThenGrantsNothingAfterIt() {
        var victim = new Browser();
        HttpResponse<String> toProvider = victim.get(app.url("/sign-in"));
        String fixedSessionId = victim.sessionId().orElseThrow();
        var attacker = new Browser();
        attacker.useSessionId(app.baseUrl(), fixedSessionId);

        victim.get(victim.loginAtProvider(Browser.location(toProvider), "victor", "Victor"));

        assertThat(victim.get(app.url("/")).body()).isEqualTo("home signed-in sub=victor");
        assertThat(attacker.get(app.url("/")).body()).isEqualTo("home anonymous");
        assertThat(attacker.get(app.url("/protected")).statusCode()).isEqualTo(302);
    }

    @Test
    void signOutThenSignedOutHereAndSentThroughProviderEndSession() {
        var browser = new Browser();
        browser.signIn(app.url("/protected"), "carol", "Carol");

        HttpResponse<String> toEndSession = browser.signOut(app.baseUrl());
        String endSession = Browser.location(toEndSession);
        HttpResponse<String> home = browser.follow(endSession);

        assertThat(toEndSession.statusCode()).as("303: the browser follows the POST with a GET").isEqualTo(303);
        assertThat(endSession).startsWith(provider.endpoint() + "/oidc/endsession?")
                .contains("client_id=" + LoopbackOidcProvider.APP_ID)
                .contains("post_logout_redirect_uri=" + Browser.enc(app.url("/")));
        assertThat(home.uri()).isEqualTo(URI.create(app.url("/")));
        assertThat(home.body()).isEqualTo("home anonymous");
        assertThat(browser.get(app.url("/protected")).statusCode()).isEqualTo(302);
    }

    @Test
    void noRedirectRouteWhenSignedOutThen401WithJsonBody() {
        HttpResponse<String> response = new Browser().get(app.url("/protected/no-redirect"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"error\":\"unauthorized\"}");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Logto realm=").contains("/sign-in"));
    }

    @Test
    void noRedirectRouteWhenSignedInThenServed() {
        var browser = new Browser();
        browser.signIn(app.url("/protected"), "dave", "Dave");

        HttpResponse<String> response = browser.get(app.url("/protected/no-redirect"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("sub=dave");
    }

    @Test
    void userInfoRouteWhenSignedInThenUserInfoIsFetchedForThisUser() {
        var browser = new Browser();

        HttpResponse<String> response = browser.signIn(app.url("/protected/userinfo"), "erin", "Erin");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("userinfo sub=erin");
    }

    @Test
    void signInOptionsFromTheQueryAreSentToTheProvider() {
        HttpResponse<String> response = new Browser().get(app.url(
                "/sign-in?interactionMode=signUp&firstScreen=identifier:register&directSignIn=social:naver"));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(Browser.location(response))
                .contains("interaction_mode=signUp")
                .contains("first_screen=" + Browser.enc("identifier:register"))
                .contains("direct_sign_in=" + Browser.enc("social:naver"))
                .contains("redirect_uri=" + Browser.enc(app.url("/callback")));
    }

    @Test
    void signInWithUnknownOptionValueThen400() {
        HttpResponse<String> response = new Browser().get(app.url("/sign-in?interactionMode=" + Browser.enc("<b>x</b>")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("<b>x</b>");
    }

    @Test
    void twoTabsSigningInAtOnceThenEachReturnsToItsOwnPage() {
        var browser = new Browser();
        String firstTab = Browser.location(browser.get(app.url("/sign-in?returnTo=/protected/first")));
        String secondTab = Browser.location(browser.get(app.url("/sign-in?returnTo=/protected/second")));

        HttpResponse<String> second = browser.get(browser.loginAtProvider(secondTab, "frank", "Frank"));
        HttpResponse<String> first = browser.get(browser.loginAtProvider(firstTab, "frank", "Frank"));

        assertThat(Browser.location(second)).isEqualTo(app.url("/protected/second"));
        assertThat(Browser.location(first)).isEqualTo(app.url("/protected/first"));
    }
}
