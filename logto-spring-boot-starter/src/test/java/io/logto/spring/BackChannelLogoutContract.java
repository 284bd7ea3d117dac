package io.logto.spring;

import io.logto.testing.TokenFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Back-channel logout through the starter, end to end, with and without Spring Security (the
 * subclasses): Logto posts a logout token to {@code logto.web.back-channel-logout-path} — server to
 * server, no cookie, no CSRF token — and the session it names is signed out on its next request.
 */
abstract class BackChannelLogoutContract {
    static final String PATH = "/backchannel-logout";

    @Autowired
    private Environment environment;

    /** The signed-in user's browser. */
    Browser user;
    /** Logto's side: a client with no cookie of the user. */
    Browser logto;

    static void properties(DynamicPropertyRegistry registry) {
        registry.add("logto.endpoint", TestProvider.PROVIDER::endpoint);
        registry.add("logto.app-id", () -> io.logto.testing.LoopbackOidcProvider.APP_ID);
        registry.add("logto.app-secret", () -> io.logto.testing.LoopbackOidcProvider.APP_SECRET);
        registry.add("logto.base-url", () -> TestProvider.BASE_URL);
        registry.add("logto.web.protected-paths", () -> "/protected/*");
        registry.add("logto.web.back-channel-logout-path", () -> PATH);
    }

    @BeforeEach
    void browsers() {
        int port = environment.getRequiredProperty("local.server.port", Integer.class);
        user = new Browser(port);
        logto = new Browser(port);
    }

    /** Signs {@code sub} in with Logto session {@code sid}; checks that the session works. */
    Browser signedIn(Browser browser, String sub, String sid) {
        browser.signIn("/protected/page", sub, "{\"name\":\"" + sub + "\",\"sid\":\"" + sid + "\"}");
        assertThat(browser.get("/optional").body()).isEqualTo(sub);
        return browser;
    }

    /** A logout token as Logto sends it, signed with the provider's key. */
    static String logoutToken(String sub, String sid) {
        TokenFactory.Jwt token = TestProvider.TOKENS.logoutToken().claim("sub", sub).claim("sid", sid);
        return TestProvider.signed(token);
    }

    HttpResponse<String> postLogout(String token) {
        return logto.post(PATH, "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    @Test
    void logoutTokenNamingTheSessionThen200AndTheNextRequestIsAnonymousAndRedirectedToSignIn() {
        signedIn(user, "ada", "sid-ada-1");

        HttpResponse<String> answer = postLogout(logoutToken("ada", "sid-ada-1"));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(user.get("/optional").body()).isEqualTo("anonymous");
        HttpResponse<String> page = user.get("/protected/page");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(Browser.location(page)).startsWith(TestProvider.BASE_URL + "/sign-in");
    }

    @Test
    void logoutTokenNamingAnotherSessionThenThisOneGoesOn() {
        signedIn(user, "ada", "sid-ada-2");

        assertThat(postLogout(logoutToken("ada", "sid-ada-elsewhere")).statusCode()).isEqualTo(200);

        assertThat(user.get("/optional").body()).isEqualTo("ada");
        assertThat(user.get("/protected/page").statusCode()).isEqualTo(200);
    }

    @Test
    void logoutTokenNotSignedByLogtoThen400AndTheSessionGoesOn() {
        signedIn(user, "ada", "sid-ada-3");
        String forged = TestProvider.TOKENS.logoutToken().claim("sub", "ada").claim("sid", "sid-ada-3")
                .signedWith(io.logto.testing.TestKeys.es384("not-logto"));

        HttpResponse<String> answer = postLogout(forged);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(user.get("/optional").body()).isEqualTo("ada");
    }
}
