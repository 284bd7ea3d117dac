package io.logto.spring;

import io.logto.spring.app.SecuredApp;
import io.logto.testing.LoopbackOidcProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sign-in app with Spring Security and without the resource-server starter (no
 * spring-security-oauth2-* jar on the class path: the Surefire execution {@code without-resource-server}
 * removes them): it starts, and the Logto session is the Authentication. The starter's chain must
 * not name a resource-server type where Spring resolves it.
 */
@Tag("without-resource-server")
@SpringBootTest(classes = SecuredApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignInOnlyWithSecurityTest {
    @DynamicPropertySource
    static void logto(DynamicPropertyRegistry registry) {
        registry.add("logto.endpoint", TestProvider.PROVIDER::endpoint);
        registry.add("logto.app-id", () -> LoopbackOidcProvider.APP_ID);
        registry.add("logto.app-secret", () -> LoopbackOidcProvider.APP_SECRET);
        registry.add("logto.base-url", () -> TestProvider.BASE_URL);
        registry.add("logto.scopes", () -> "roles");
        registry.add("logto.web.protected-paths", () -> "/protected/*");
    }

    @Autowired
    private Environment environment;

    @Test
    void startsWithoutTheResourceServerAndTheSessionIsTheAuthentication() {
        assertThat(ClassLoader.getSystemClassLoader().getResource(
                "org/springframework/security/oauth2/jwt/JwtDecoder.class")).as("the execution hides oauth2-jose").isNull();
        var browser = new Browser(environment.getRequiredProperty("local.server.port", Integer.class));

        assertThat(browser.get("/protected/page").statusCode()).isEqualTo(302);
        browser.signIn("/protected/page", "ada", "{\"name\":\"Ada\",\"roles\":[\"admin\"]}");

        assertThat(browser.get("/protected/page").body()).isEqualTo("Hello Ada (ada), signed in: true");
        assertThat(browser.get("/whoami").body()).startsWith("ada LogtoAuthentication ").contains("ROLE_admin");
        // A VerifiedAccessToken parameter resolves (to nothing) without loading the resource server's types.
        HttpResponse<String> token = browser.get("/token/optional");
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(token.body()).isEqualTo("none");
    }
}
