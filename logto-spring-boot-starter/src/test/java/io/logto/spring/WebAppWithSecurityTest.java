package io.logto.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.servlet.SignOutForm;
import io.logto.spring.app.SecuredApp;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring MVC application with Spring Security and the starter's filter chain, against a real
 * provider on loopback: the Logto session as the Authentication, {@code @PreAuthorize}, Spring's
 * CSRF on sign-out, the resource server's answers, health and metrics.
 */
@SpringBootTest(classes = SecuredApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebAppWithSecurityTest {
    @DynamicPropertySource
    static void logto(DynamicPropertyRegistry registry) {
        TestProvider.webAndApi(registry);
    }

    @Autowired
    private Environment environment;
    @Autowired
    private MeterRegistry meters;

    private Browser browser;

    @BeforeEach
    void newBrowser() {
        browser = new Browser(environment.getRequiredProperty("local.server.port", Integer.class));
    }

    @Test
    void protectedPageWhenSignedOutThenRedirectToSignInWithReturnPath() {
        HttpResponse<String> response = browser.get("/protected/page?tab=1");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(Browser.location(response)).isEqualTo(TestProvider.BASE_URL + "/sign-in?returnTo=%2Fprotected%2Fpage%3Ftab%3D1");
        assertThat(browser.get("/me.json").statusCode()).isEqualTo(401);
        assertThat(browser.get("/whoami").body()).isEqualTo("nobody");
    }

    @Test
    void signInThenTheLogtoSessionIsTheAuthenticationWithRolesButNoScopeAuthorities() {
        HttpResponse<String> callback = browser.signIn("/protected/page", "ada", "{\"name\":\"Ada\",\"roles\":[\"admin\"]}");

        assertThat(Browser.location(callback)).isEqualTo(TestProvider.BASE_URL + "/protected/page");
        assertThat(browser.get("/protected/page").body()).isEqualTo("Hello Ada (ada), signed in: true");
        assertThat(browser.get("/whoami").body())
                .startsWith("ada LogtoAuthentication ")
                .contains("ROLE_admin")
                // Requested scopes are not granted permissions: SCOPE_ is only ever a verified API token's.
                .doesNotContain("SCOPE_");
    }

    @Test
    void preAuthorizeWhenTheUserHasTheRoleThenAllowedElse403() {
        browser.signIn("/sign-in", "ada", "{\"roles\":[\"admin\"]}");
        var other = new Browser(environment.getRequiredProperty("local.server.port", Integer.class));
        other.signIn("/sign-in", "bob", "{\"roles\":[\"viewer\"]}");

        assertThat(browser.get("/admin").body()).isEqualTo("admin area");
        assertThat(other.get("/admin").statusCode()).isEqualTo(403);
    }

    @Test
    void callbackRenewsTheSessionId() {
        browser.get("/sign-out-form");
        String before = browser.cookie("JSESSIONID").orElseThrow();

        browser.signIn("/sign-in", "ada", "{}");

        assertThat(browser.cookie("JSESSIONID")).isPresent().get().isNotEqualTo(before);
    }

    @Test
    void signOutWhenSpringsCsrfTokenIsMissingThen403AndStillSignedIn() {
        browser.signIn("/sign-in", "ada", "{}");
        String logtoToken = Browser.hiddenField(browser.get("/sign-out-form").body(), SignOutForm.PARAMETER);

        HttpResponse<String> refused = browser.post("/sign-out", SignOutForm.PARAMETER + "=" + logtoToken,
                "Origin", TestProvider.BASE_URL);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(browser.get("/whoami").body()).startsWith("ada ");
    }

    @Test
    void signOutWithBothTokensThenRedirectToLogtoAndSignedOut() {
        browser.signIn("/sign-in", "ada", "{}");
        String form = browser.get("/sign-out-form").body();

        HttpResponse<String> signedOut = browser.post("/sign-out", SignOutForm.PARAMETER + "="
                        + Browser.hiddenField(form, SignOutForm.PARAMETER) + "&_csrf=" + Browser.hiddenField(form, "_csrf"),
                "Origin", TestProvider.BASE_URL);

        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(Browser.location(signedOut)).startsWith(TestProvider.PROVIDER.issuer());
        assertThat(browser.get("/whoami").body()).isEqualTo("nobody");
    }

    @Test
    void sessionReadsWhenSignedInThenNoRequestToLogto() {
        browser.signIn("/sign-in", "ada", "{\"roles\":[\"admin\"]}");
        int before = TestProvider.PROVIDER.requestCount();

        for (int i = 0; i < 5; i++) {
            assertThat(browser.get("/whoami").body()).startsWith("ada ");
            assertThat(browser.get("/admin").statusCode()).isEqualTo(200);
        }

        assertThat(TestProvider.PROVIDER.requestCount()).isEqualTo(before);
    }

    @Test
    void apiWhenNoTokenThen401WithABearerChallenge() {
        HttpResponse<String> response = browser.get("/api/profile");

        assertThat(response.statusCode()).isEqualTo(401);
        // Spring Security 7 adds resource_metadata (RFC 9728); 6.5 sends the bare scheme.
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer")
                .doesNotContain("error=");
    }

    @Test
    void apiWhenTheTokenIsForAnotherApiThen401InvalidToken() {
        String token = TestProvider.signed(TestProvider.accessToken("https://other.example.com", "read:profile"));

        HttpResponse<String> response = browser.get("/api/profile", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    @Test
    void apiWhenTheTokenHasExpiredThen401InvalidToken() {
        String token = TestProvider.signed(TestProvider.accessToken(TestProvider.API, "read:profile").expiresIn(-3600));

        HttpResponse<String> response = browser.get("/api/profile", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    @Test
    void apiWhenTheTokenLacksTheRequiredScopeThen403InsufficientScope() {
        String token = TestProvider.signed(TestProvider.accessToken(TestProvider.API, "write:profile"));

        HttpResponse<String> response = browser.get("/api/profile", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"insufficient_scope\"");
    }

    @Test
    void apiWhenAnOrganizationTokenCarriesTheScopeNameThenNotAGlobalPermission() {
        String token = TestProvider.signed(TestProvider.accessToken(TestProvider.API, "read:profile")
                .claim("organization_id", TestProvider.ORGANIZATION));

        HttpResponse<String> response = browser.get("/api/profile", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void apiWhenTheTokenIsValidThenAuthenticatedWithScopeAuthorities() {
        String token = TestProvider.signed(TestProvider.accessToken(TestProvider.API, "read:profile write:profile"));

        HttpResponse<String> response = browser.get("/api/profile", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("user-7f3a JwtAuthenticationToken LOGTO_API_TOKEN,SCOPE_read:profile,SCOPE_write:profile");
    }

    @Test
    void verifiedAccessTokenParameterWhenTheResourceServerAcceptedTheTokenThenItsClaims() {
        String token = TestProvider.signed(TestProvider.accessToken(TestProvider.API, "read:profile")
                .claim("tenant_tier", "gold"));

        HttpResponse<String> response = browser.get("/api/token", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"sub\":\"user-7f3a\",\"scopes\":\"read:profile\",\"clientId\":\""
                + io.logto.testing.LoopbackOidcProvider.APP_ID + "\",\"jti\":true,\"extra\":\"tenant_tier\"}");
        assertThat(browser.get("/token/optional", "Authorization", "Bearer " + token).body()).isEqualTo("user-7f3a");
    }

    @Test
    void verifiedAccessTokenParameterWhenSignedInWithASessionThenNone() {
        // A session is not an access token: the parameter never turns a signed-in user into one.
        browser.signIn("/sign-in", "ada", "{}");

        assertThat(browser.get("/token/optional").body()).isEqualTo("none");
    }

    @Test
    void sessionCookieWhenTheAppSetsNoSameSiteThenLax() {
        HttpResponse<String> response = browser.get("/sign-in", "Sec-Fetch-Site", "same-origin");

        assertThat(response.headers().allValues("Set-Cookie")).anySatisfy(cookie ->
                assertThat(cookie).startsWith("JSESSIONID=").containsIgnoringCase("SameSite=Lax"));
    }

    @Test
    void organizationRouteWhenTheOrganizationTokenIsForThePathsOrganizationThenAllowedElse403() {
        // Outside logto.api.paths (whose required scope is a global permission): @PreAuthorize decides.
        String forOrg1 = TestProvider.signed(TestProvider.accessToken("urn:logto:organization:" + TestProvider.ORGANIZATION,
                "invite:member"));
        String forOrg2 = TestProvider.signed(TestProvider.accessToken("urn:logto:organization:org-2", "invite:member"));

        HttpResponse<String> allowed = browser.get("/orgs/org-1/members", "Authorization", "Bearer " + forOrg1);
        HttpResponse<String> otherOrganization = browser.get("/orgs/org-1/members", "Authorization", "Bearer " + forOrg2);

        assertThat(allowed.statusCode()).as(allowed.headers().map() + allowed.body()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo("members of org-1");
        assertThat(otherOrganization.statusCode()).isEqualTo(403);
    }

    @Test
    void healthWhenLogtoAnswersThenUpWithItsKeys() throws Exception {
        HttpResponse<String> response = browser.get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode logto = new ObjectMapper().readTree(response.body()).path("components").path("logto");
        assertThat(logto.path("status").asText()).isEqualTo("UP");
        assertThat(logto.path("details").path("keys").asInt()).isEqualTo(1);
    }

    @Test
    void metricsCountSignInsAndFailuresByCode() {
        double completed = count("completed", "none");
        double mismatched = count("failed", "CALLBACK_STATE_MISMATCH");

        browser.signIn("/sign-in", "ada", "{}");
        browser.get("/sign-in", "Sec-Fetch-Site", "same-origin");
        browser.get("/callback?code=x&state=forged&iss=" + TestProvider.PROVIDER.issuer());

        assertThat(count("completed", "none")).isEqualTo(completed + 1);
        assertThat(count("failed", "CALLBACK_STATE_MISMATCH")).isEqualTo(mismatched + 1);
    }

    private double count(String outcome, String code) {
        var counter = meters.find(LogtoMicrometerListener.SIGN_INS).tag("outcome", outcome).tag("code", code).counter();
        return counter == null ? 0 : counter.count();
    }
}
