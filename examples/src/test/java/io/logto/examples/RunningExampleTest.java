package io.logto.examples;

import io.logto.sdk.LogtoConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixture the route tests of every example share: one local provider per class, and the
 * example under test started on a free loopback port per test (stopped after it). The attacks every
 * example must withstand alike are tests here, run once per example.
 */
public abstract class RunningExampleTest {
    /** The local development provider, started once per test class. */
    protected static LocalOidcProvider provider;

    private ExampleApp.Running app;

    @BeforeAll
    static void startProvider() {
        provider = LocalOidcProvider.start();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    /** The example under test. */
    protected abstract ExampleApp example();

    /** Starts the example with {@code scopes}; returns its base URL. */
    protected URI start(List<String> scopes) throws IOException {
        ExampleSettings settings = ExampleSettings.fromEnvironment(Map.of())
                .withBaseUrl(URI.create("http://127.0.0.1:0"));
        LogtoConfig config = settings.logtoConfig(provider.endpoint()).toBuilder().scopes(scopes).build();
        app = example().start(config, settings.baseUrl());
        return app.baseUrl();
    }

    /** Starts the example with the default scopes; returns its base URL. */
    protected URI start() throws IOException {
        return start(ExampleSettings.DEFAULT_SCOPES);
    }

    @Test
    void signOutForgedByAnotherSiteLeavesTheUserSignedIn() throws Exception {
        URI base = start();
        var victim = new Visitor();
        victim.signIn(base, "ada", "{\"name\":\"Ada\"}");
        var attacker = new Visitor();
        attacker.signIn(base, "mallory", "{\"name\":\"Mallory\"}");
        String attackersToken = Visitor.csrfToken(attacker.get(base + "/").body());

        HttpResponse<String> link = victim.get(base + "/sign-out", "Sec-Fetch-Site", "cross-site");
        HttpResponse<String> form = victim.post(base + "/sign-out", "", "Origin", "https://evil.example",
                "Sec-Fetch-Site", "cross-site");
        HttpResponse<String> oldBrowser = victim.post(base + "/sign-out", "logto_csrf=" + attackersToken);

        assertThat(link.statusCode()).as("a confirmation page").isEqualTo(200);
        assertThat(List.of(link, form, oldBrowser)).allSatisfy(response ->
                assertThat(response.headers().firstValue("Location")).as("never sent to end-session").isEmpty());
        assertThat(victim.get(base + "/protected/no-redirect").statusCode()).isEqualTo(200);
    }

    @Test
    void signOutWithTheRightTokenButFromAnotherSiteLeavesTheUserSignedIn() throws Exception {
        URI base = start();
        var victim = new Visitor();
        victim.signIn(base, "ada", "{\"name\":\"Ada\"}");
        String token = Visitor.csrfToken(victim.get(base + "/").body());

        HttpResponse<String> response = victim.post(base + "/sign-out", "logto_csrf=" + token,
                "Origin", "https://evil.example");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(victim.get(base + "/protected/no-redirect").statusCode()).isEqualTo(200);
    }

    @Test
    void forgedSignInsFromAnotherSiteLeaveTheUsersOwnPendingSignInUsable() throws Exception {
        URI base = start();
        var victim = new Visitor();
        String own = victim.get(base + "/sign-in", "Sec-Fetch-Site", "same-origin").headers()
                .firstValue("Location").orElseThrow();

        for (int i = 0; i < 20; i++) {
            victim.get(base + "/sign-in", "Sec-Fetch-Site", "cross-site");
        }
        HttpResponse<String> callback = victim.get(victim.logIn(own, "ada", "{\"name\":\"Ada\"}"));

        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
        assertThat(victim.get(base + "/protected/no-redirect").statusCode()).isEqualTo(200);
    }

    @Test
    void signInRefusedWhenFullThenTheContinueButtonStartsIt() throws Exception {
        URI base = start();
        var visitor = new Visitor();
        for (int i = 0; i < 5; i++) {
            visitor.get(base + "/sign-in", "Sec-Fetch-Site", "cross-site");
        }

        HttpResponse<String> refused = visitor.get(base + "/sign-in?directSignIn=social:naver",
                "Sec-Fetch-Site", "cross-site");
        HttpResponse<String> continued = visitor.post(base + "/sign-in", "logto_csrf="
                + Visitor.csrfToken(refused.body()) + "&directSignIn=social%3Anaver", "Sec-Fetch-Site", "same-origin");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(continued.statusCode()).isEqualTo(302);
        assertThat(continued.headers().firstValue("Location").orElseThrow()).contains("direct_sign_in=social%3Anaver");
    }

    @Test
    void signOutConfirmationPageButtonSignsOut() throws Exception {
        URI base = start();
        var visitor = new Visitor();
        visitor.signIn(base, "ada", "{\"name\":\"Ada\"}");

        HttpResponse<String> page = visitor.get(base + "/sign-out");
        HttpResponse<String> confirmed = visitor.post(base + "/sign-out",
                "logto_csrf=" + Visitor.csrfToken(page.body()), "Sec-Fetch-Site", "same-origin");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(confirmed.statusCode()).isEqualTo(303);
        assertThat(visitor.get(base + "/protected/no-redirect").statusCode()).isEqualTo(401);
    }

    @Test
    void noRedirectAnswersAlikeInEveryExample() throws Exception {
        URI base = start();
        var visitor = new Visitor();

        HttpResponse<String> signedOut = visitor.get(base + "/protected/no-redirect");
        visitor.signIn(base, "ada", "{\"name\":\"Ada\"}");
        HttpResponse<String> signedIn = visitor.get(base + "/protected/no-redirect");

        assertThat(signedOut.statusCode()).isEqualTo(401);
        assertThat(signedOut.headers().firstValue("WWW-Authenticate")).hasValue("Logto realm=\"" + base + "/sign-in\"");
        assertThat(signedOut.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(signedOut.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(signedOut.body()).isEqualTo(ExampleAnswers.UNAUTHORIZED_JSON);
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.body()).isEqualTo("{\"sub\":\"ada\",\"name\":\"Ada\"}");
    }

    @Test
    void aPathThatDoesNotExistOffersHomeNotSigningIn() throws Exception {
        URI base = start();

        HttpResponse<String> response = new Visitor().get(base + "/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("href=\"/\">Home</a>").doesNotContain("Sign in again");
    }

    @Test
    void theLocalProvidersLoginFormSaysItIsADevelopmentStandIn() throws Exception {
        URI base = start();
        var visitor = new Visitor();
        String authorizationUrl = visitor.get(base + "/sign-in").headers().firstValue("Location").orElseThrow();

        String form = visitor.get(authorizationUrl).body();

        assertThat(form).contains("id=\"development-stand-in\"", "This is not Logto", "LOGTO_ENDPOINT")
                .contains("name=\"username\"", "name=\"claims\"");
    }
}
