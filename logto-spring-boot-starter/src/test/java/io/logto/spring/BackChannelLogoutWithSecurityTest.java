package io.logto.spring;

import io.logto.spring.app.SecuredApp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BackChannelLogoutContract} with Spring Security: its CSRF protection lets Logto's POST to
 * the back-channel endpoint through, and that endpoint only; the Authentication goes with the session.
 */
@SpringBootTest(classes = SecuredApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BackChannelLogoutWithSecurityTest extends BackChannelLogoutContract {
    @DynamicPropertySource
    static void logto(DynamicPropertyRegistry registry) {
        properties(registry);
    }

    @Test
    void logoutThenSpringSecuritysAuthenticationIsGoneToo() {
        signedIn(user, "ada", "sid-ada-4");
        assertThat(user.get("/whoami").body()).startsWith("ada LogtoAuthentication");

        assertThat(postLogout(logoutToken("ada", "sid-ada-4")).statusCode()).isEqualTo(200);

        assertThat(user.get("/whoami").body()).isEqualTo("nobody");
    }

    @Test
    void aPostBesideTheBackChannelEndpointStillNeedsSpringsCsrfToken() {
        signedIn(user, "ada", "sid-ada-5");
        String token = logoutToken("ada", "sid-ada-5");

        HttpResponse<String> beside = user.post(PATH + "/x", "logout_token=" + token);
        HttpResponse<String> signOut = user.post("/sign-out", "logout_token=" + token, "Origin", TestProvider.BASE_URL);

        assertThat(beside.statusCode()).isEqualTo(403);
        assertThat(signOut.statusCode()).isEqualTo(403);
        assertThat(user.get("/whoami").body()).startsWith("ada ");
    }
}
