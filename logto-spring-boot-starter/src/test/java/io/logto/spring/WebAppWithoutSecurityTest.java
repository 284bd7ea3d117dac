package io.logto.spring;

import io.logto.spring.app.PlainApp;
import io.logto.sdk.servlet.SignOutForm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.ClassUtils;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring MVC application without Spring Security (Surefire's execution {@code without-spring-security}
 * runs the tests of this tag with every Spring Security jar off the class path): the adapter's endpoints, page
 * protection and bearer interceptor, against a real provider on loopback.
 */
@Tag("without-spring-security")
@SpringBootTest(classes = PlainApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebAppWithoutSecurityTest {
    @DynamicPropertySource
    static void logto(DynamicPropertyRegistry registry) {
        TestProvider.webAndApi(registry);
    }

    @Autowired
    private Environment environment;
    @Autowired
    private ApplicationContext context;

    private Browser browser;

    @BeforeEach
    void newBrowser() {
        browser = new Browser(environment.getRequiredProperty("local.server.port", Integer.class));
    }

    @Test
    void theClassPathHasNoSpringSecurity() {
        assertThat(ClassUtils.isPresent("org.springframework.security.web.SecurityFilterChain", getClass().getClassLoader()))
                .isFalse();
        assertThat(context.getBeansOfType(LogtoBearerInterceptor.class)).hasSize(1);
    }

    @Test
    void protectedPageWhenSignedOutThenRedirectToSignInWithReturnPath() {
        HttpResponse<String> response = browser.get("/protected/page?tab=1");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(Browser.location(response)).isEqualTo(TestProvider.BASE_URL + "/sign-in?returnTo=%2Fprotected%2Fpage%3Ftab%3D1");
    }

    @Test
    void signInThenTheProtectedPageAndTheControllerParametersHaveTheUser() {
        HttpResponse<String> callback = browser.signIn("/protected/page", "ada", "{\"name\":\"Ada\"}");

        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(Browser.location(callback)).isEqualTo(TestProvider.BASE_URL + "/protected/page");
        HttpResponse<String> page = browser.get("/protected/page");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("Hello Ada (ada), signed in: true");
        assertThat(browser.get("/optional").body()).isEqualTo("ada");
        assertThat(browser.get("/me.json").body()).isEqualTo("{\"sub\":\"ada\"}");
    }

    @Test
    void sessionReadsWhenSignedInThenNoRequestToLogto() {
        browser.signIn("/sign-in", "ada", "{}");
        int before = TestProvider.PROVIDER.requestCount();

        for (int i = 0; i < 5; i++) {
            assertThat(browser.get("/protected/page").statusCode()).isEqualTo(200);
            assertThat(browser.get("/optional").body()).isEqualTo("ada");
        }

        assertThat(TestProvider.PROVIDER.requestCount()).isEqualTo(before);
    }

    @Test
    void sessionCookieWhenTheAppSetsNoSameSiteThenLax() {
        HttpResponse<String> response = browser.get("/sign-in", "Sec-Fetch-Site", "same-origin");

        assertThat(response.headers().allValues("Set-Cookie")).anySatisfy(cookie ->
                assertThat(cookie).startsWith("JSESSIONID=").containsIgnoringCase("SameSite=Lax"));
    }

    @Test
    void unauthorizedPathWhenSignedOutThen401AndOptionalClaimsEmpty() {
        assertThat(browser.get("/me.json").statusCode()).isEqualTo(401);
        assertThat(browser.get("/optional").body()).isEqualTo("anonymous");
    }

    @Test
    void signOutWhenTheFormTokenIsMissingThenRefusedAndStillSignedIn() {
        browser.signIn("/sign-in", "ada", "{}");

        HttpResponse<String> refused = browser.post("/sign-out", "", "Origin", TestProvider.BASE_URL);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(browser.get("/optional").body()).isEqualTo("ada");
    }

    @Test
    void signOutWithTheFormTokenThenRedirectToLogtoAndSignedOut() {
        browser.signIn("/sign-in", "ada", "{}");
        String token = Browser.hiddenField(browser.get("/sign-out-form").body(), SignOutForm.PARAMETER);

        HttpResponse<String> signedOut = browser.post("/sign-out", SignOutForm.PARAMETER + "=" + token,
                "Origin", TestProvider.BASE_URL);

        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(Browser.location(signedOut)).startsWith(TestProvider.PROVIDER.issuer());
        assertThat(browser.get("/optional").body()).isEqualTo("anonymous");
    }

    @Test
    void apiWhenNoTokenThen401WithABearerChallenge() {
        HttpResponse<String> response = browser.get("/api/profile");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void apiWhenTheTokenIsForAnotherApiThen401InvalidToken() {
        String token = TestProvider.signed(TestProvider.accessToken("https://other.example.com", "read:profile"));

        HttpResponse<String> response = browser.get("/api/profile", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    @Test
    void apiWhenTheTokenLacksTheRequiredScopeThen403InsufficientScope() {
        String token = TestProvider.signed(TestProvider.accessToken(TestProvider.API, "write:profile"));

        HttpResponse<String> response = browser.get("/api/profile", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"").contains("scope=\"read:profile\"");
    }

    @Test
    void apiWhenTheTokenIsValidThenTheControllerGetsItsClaims() {
        String token = TestProvider.signed(TestProvider.accessToken(TestProvider.API, "read:profile"));

        HttpResponse<String> response = browser.get("/api/profile", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"sub\":\"user-7f3a\",\"scopes\":\"read:profile\"}");
    }
}
