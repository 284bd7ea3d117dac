package io.logto.examples.servlet;

import io.logto.examples.ExampleApp;
import io.logto.examples.ExampleSettings;
import io.logto.examples.RunningExampleTest;
import io.logto.examples.Visitor;
import io.logto.examples.pages.Pages;
import io.logto.sdk.LogtoConfig;
import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The servlet example's routes through HTTP: the adapter's endpoints and filter, against the local provider. */
class ServletExampleTest extends RunningExampleTest {
    private static final String SESSION_COOKIE = "JSESSIONID";

    @Override
    protected ExampleApp example() {
        return ServletExample::start;
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void homeWhenSignedOutOffersSignInAndNaverWithoutCreatingASession() throws Exception {
        URI base = start();
        HttpResponse<String> response = new Visitor().get(base + "/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("id=\"sign-in\"", "id=\"sign-in-naver\"",
                "href=\"/sign-in?directSignIn=social:naver\"");
        assertThat(response.headers().allValues("Set-Cookie")).as("anonymous visitors get no session").isEmpty();
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void noRedirectWhenSignedOutAnswers401Json() throws Exception {
        URI base = start();
        HttpResponse<String> response = new Visitor().get(base + "/protected/no-redirect");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(response.body()).contains("\"error\":\"unauthorized\"");
    }

    @Test
    void protectedPagesWhenSignedOutRedirectToSignInAndRememberWhereTo() throws Exception {
        URI base = start();
        for (String path : List.of("/protected", "/protected/userinfo", "/protected/organizations")) {
            HttpResponse<String> response = new Visitor().get(base + path);
            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(location(response)).as(path).isEqualTo(base + "/sign-in?returnTo=" + encode(path));
        }
    }

    @Test
    void signInFromAProtectedPageLandsBackOnIt() throws Exception {
        URI base = start();
        var visitor = new Visitor();
        String signIn = location(visitor.get(base + "/protected"));
        HttpResponse<String> toProvider = visitor.get(signIn);
        assertThat(location(toProvider)).startsWith(provider.issuer() + "/authorize?")
                .contains("redirect_uri=" + encode(base + "/callback"));

        HttpResponse<String> callback = visitor.get(visitor.logIn(location(toProvider), "ada", "{\"name\":\"Ada\"}"));
        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(location(callback)).isEqualTo(base + "/protected");
        HttpResponse<String> page = visitor.get(location(callback));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Protected</title>", "<strong id=\"user-name\">Ada</strong>");
    }

    @Test
    void continueWithNaverAsksLogtoForDirectSignIn() throws Exception {
        URI base = start();
        HttpResponse<String> response = new Visitor().get(base + Pages.SIGN_IN_WITH_NAVER);
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(location(response)).startsWith(provider.issuer() + "/authorize?")
                .contains("direct_sign_in=social%3Anaver");
    }

    @Test
    void signInUsesAnHttpOnlyLaxSessionCookieRotatedWhenSignedIn() throws Exception {
        URI base = start();
        var visitor = new Visitor();
        HttpResponse<String> signIn = visitor.get(base + "/sign-in");
        assertThat(signIn.headers().allValues("Set-Cookie")).singleElement().asString()
                .startsWith(SESSION_COOKIE + "=").contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure");
        String cookieBeforeSignIn = visitor.cookie(base, SESSION_COOKIE);

        visitor.get(visitor.logIn(location(signIn), "grace", "{\"name\":\"Grace\"}"));
        assertThat(visitor.cookie(base, SESSION_COOKIE)).isNotEqualTo(cookieBeforeSignIn);
        assertThat(visitor.get(base + "/").body()).contains("<strong id=\"user-name\">Grace</strong>");

        var attacker = new Visitor();
        attacker.setCookie(base, SESSION_COOKIE, cookieBeforeSignIn);
        assertThat(attacker.get(base + "/").body()).as("the pre-sign-in id is worthless").contains("id=\"sign-in\"");
    }

    @Test
    void signOutGoesThroughTheProviderAndLeavesTheUserSignedOut() throws Exception {
        URI base = start();
        var visitor = new Visitor();
        visitor.signIn(base, "ada", "{\"name\":\"Ada\"}");
        assertThat(visitor.get(base + "/protected/no-redirect").statusCode()).isEqualTo(200);

        HttpResponse<String> signOut = visitor.signOut(base);
        assertThat(signOut.statusCode()).isEqualTo(303);
        assertThat(location(signOut)).startsWith(provider.issuer() + "/endsession?")
                .contains("post_logout_redirect_uri=" + encode(base + "/"));
        assertThat(visitor.get(base + "/protected/no-redirect").statusCode()).isEqualTo(401);
        assertThat(visitor.get(base + "/").body()).contains("id=\"sign-in\"");
    }

    @Test
    void callbackWithoutAPendingSignInIsRejected() throws Exception {
        URI base = start();
        HttpResponse<String> response = new Visitor().get(base + "/callback?code=abc&state=def");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("sign_in_session_not_found");
    }

    @Test
    void providerErrorAtCallbackIsShownEscaped() throws Exception {
        URI base = start();
        var visitor = new Visitor();
        // Logto returns the sign-in's state with an error; the SDK checks it before showing the error.
        String authorizationUrl = visitor.get(base + "/sign-in").headers().firstValue("Location").orElseThrow();
        String state = io.logto.testing.SignIn.query(URI.create(authorizationUrl).getRawQuery()).get("state").get(0);
        HttpResponse<String> response = visitor.get(base + "/callback?state=" + state
                + "&error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("access_denied").doesNotContain("<script>");
    }

    @Test
    void claimsAreEscapedOnEveryPage() throws Exception {
        URI base = start();
        var visitor = new Visitor();
        visitor.signIn(base, "mallory", "{\"name\":\"<img src=x onerror=alert(1)>\"}");
        for (String path : List.of("/", "/protected", "/protected/userinfo")) {
            String body = visitor.get(base + path).body();
            assertThat(body).as(path).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img");
        }
    }

    @Test
    void userInfoPageShowsWhatTheFilterFetched() throws Exception {
        URI base = start();
        var visitor = new Visitor();
        visitor.signIn(base, "ada", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}");
        HttpResponse<String> response = visitor.get(base + "/protected/userinfo");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<title>User info</title>", "<td>sub</td><td>ada</td>",
                "<strong id=\"user-name\">Ada</strong>");
    }

    @Test
    void noRedirectWhenSignedInAnswersTheUserAsJson() throws Exception {
        URI base = start();
        var visitor = new Visitor();
        visitor.signIn(base, "ada", "{\"name\":\"Ada\"}");
        HttpResponse<String> response = visitor.get(base + "/protected/no-redirect");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"sub\":\"ada\",\"name\":\"Ada\"}");
    }

    @Test
    void organizationsPageShowsEachOrganizationTokensClaims() throws Exception {
        URI base = start();
        var visitor = new Visitor();
        visitor.signIn(base, "ada", "{\"organizations\":[\"acme\"]}");
        String body = visitor.get(base + "/protected/organizations").body();
        assertThat(body).contains("Organization <code>acme</code>", "<td>sub</td><td>ada</td>");
    }

    @Test
    void organizationsPageWithoutOrganizationsSaysSo() throws Exception {
        URI base = start();
        var visitor = new Visitor();
        visitor.signIn(base, "ada", "{\"name\":\"Ada\"}");
        assertThat(visitor.get(base + "/protected/organizations").body()).contains("id=\"no-organizations\"");
    }

    @Test
    void organizationsPageExplainsAMissingOrganizationsScope() throws Exception {
        URI base = start(List.of("email"));
        var visitor = new Visitor();
        visitor.signIn(base, "ada", "{\"organizations\":[\"acme\"]}");
        String body = visitor.get(base + "/protected/organizations").body();
        assertThat(body).contains("id=\"organizations-not-configured\"", "urn:logto:scope:organizations");
    }

    @Test
    void unknownPathsAndOtherMethodsAreRefused() throws Exception {
        URI base = start();
        var visitor = new Visitor();
        assertThat(visitor.get(base + "/nope").statusCode()).isEqualTo(404);
        assertThat(visitor.get(base + "/nope").body()).contains("id=\"error\"");
        assertThat(visitor.post(base + "/", "").statusCode()).isEqualTo(405);
    }

    @Test
    void aTakenPortIsReportedAsABindException() throws Exception {
        URI base = start();
        LogtoConfig config = ExampleSettings.fromEnvironment(Map.of()).logtoConfig(provider.endpoint());
        assertThatThrownBy(() -> ServletExample.start(config, base).close()).isInstanceOf(BindException.class)
                .hasMessageContaining(String.valueOf(base.getPort()));
    }
}
