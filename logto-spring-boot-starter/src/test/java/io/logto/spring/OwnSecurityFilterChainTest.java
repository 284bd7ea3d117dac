package io.logto.spring;

import io.logto.spring.app.OwnChainApp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with its own SecurityFilterChain: the starter's backs off, and the Logto session
 * still becomes the Authentication through {@link LogtoSessionAuthenticationFilter} in that chain.
 */
@SpringBootTest(classes = OwnChainApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OwnSecurityFilterChainTest {
    @DynamicPropertySource
    static void logto(DynamicPropertyRegistry registry) {
        TestProvider.webAndApi(registry);
        // The application's own chain decides who may see which path: the starter's path properties
        // would protect nothing, and the starter refuses to start with them.
        registry.add("logto.api.paths", () -> "");
        registry.add("logto.web.protected-paths", () -> "");
        registry.add("logto.web.unauthorized-paths", () -> "");
    }

    @Autowired
    private Environment environment;
    @Autowired
    private ApplicationContext context;

    @Test
    void ownChainWhenDefinedThenTheStartersBacksOffAndTheSessionIsStillTheAuthentication() {
        var browser = new Browser(environment.getRequiredProperty("local.server.port", Integer.class));

        assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("ownChain");
        assertThat(Browser.location(browser.get("/account"))).isEqualTo(TestProvider.BASE_URL + "/sign-in");
        // The starter's protected paths are the starter chain's rules: the application's chain decides.
        assertThat(browser.get("/protected/page").statusCode()).isNotEqualTo(302);

        browser.signIn("/sign-in", "ada", "{\"roles\":[\"admin\"]}");

        assertThat(browser.get("/whoami").body()).startsWith("ada LogtoAuthentication ").contains("ROLE_admin");
        assertThat(browser.get("/admin").body()).isEqualTo("admin area");
    }
}
