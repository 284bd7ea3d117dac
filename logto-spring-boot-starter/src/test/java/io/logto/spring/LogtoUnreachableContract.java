package io.logto.spring;

import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.net.http.HttpResponse;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an application answers when Logto stops answering, with and without Spring Security (the
 * subclasses): the same as the servlet adapter — a bearer token that cannot be checked is a
 * {@code 503} with {@code Retry-After}, never Spring's {@code 500}; a sign-in callback whose code
 * exchange fails is the adapter's {@code 502} page. Neither names the token, the code or the secret.
 *
 * <p>Each subclass has a provider of its own, which the tests stop: the callback test needs it up to
 * start the sign-in, so it runs first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class LogtoUnreachableContract {
    @Autowired
    private Environment environment;

    private Browser browser;

    /** The provider of the subclass's application, which the tests stop. */
    abstract Provider provider();

    /** A provider that can be stopped once, and its tokens. */
    static final class Provider {
        final LoopbackOidcProvider oidc = LoopbackOidcProvider.builder()
                .apiResource(TestProvider.API, "read:profile")
                .signingKey(TestKeys.es384("unreachable-tests"))
                .build();
        final TokenFactory tokens = new TokenFactory(oidc.issuer(), LoopbackOidcProvider.APP_ID, Clock.systemUTC());
        private boolean stopped;

        synchronized void stop() {
            if (!stopped) {
                stopped = true;
                oidc.close();
            }
        }

        void properties(DynamicPropertyRegistry registry) {
            registry.add("logto.endpoint", oidc::endpoint);
            registry.add("logto.app-id", () -> LoopbackOidcProvider.APP_ID);
            registry.add("logto.app-secret", () -> LoopbackOidcProvider.APP_SECRET);
            registry.add("logto.base-url", () -> TestProvider.BASE_URL);
            registry.add("logto.api.resource", () -> TestProvider.API);
            registry.add("logto.api.paths", () -> "/api/*");
            registry.add("logto.api.required-scopes", () -> "read:profile");
        }
    }

    @BeforeEach
    void newBrowser() {
        browser = new Browser(environment.getRequiredProperty("local.server.port", Integer.class));
    }

    @Test
    @Order(1)
    void callbackWhenLogtoStopsAnsweringThenTheAdapters502PageWithoutCodeOrSecret() {
        HttpResponse<String> toLogto = browser.get("/sign-in", "Sec-Fetch-Site", "same-origin");
        String callback = provider().oidc.login(Browser.location(toLogto), "ada", "{}");
        provider().stop();

        HttpResponse<String> failed = browser.get(callback);

        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(failed.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(failed.body()).contains("Logto could not be reached").contains("token_request_failed")
                .doesNotContain(LoopbackOidcProvider.APP_SECRET).doesNotContain("Exception");
        String code = callback.replaceAll(".*[?&]code=([^&]+).*", "$1");
        assertThat(failed.body()).doesNotContain(code);
    }

    @Test
    @Order(2)
    void apiWhenLogtoIsUnreachableThen503WithRetryAfterAndNoTokenInTheAnswer() {
        provider().stop();
        String token = provider().tokens.logtoAccessToken(TestProvider.API, "read:profile")
                .signedWith(provider().oidc.signingKey().orElseThrow());

        HttpResponse<String> response = browser.get("/api/profile", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("5");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.body()).contains("\"error\":\"temporarily_unavailable\"");
        String everything = response.headers().map() + response.body();
        assertThat(everything).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                .doesNotContain(LoopbackOidcProvider.APP_SECRET);
    }
}
