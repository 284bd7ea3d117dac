package io.logto.spring;

import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.time.Clock;

/**
 * The one Logto-shaped provider of the test JVM, on 127.0.0.1 (Spring caches application contexts
 * across test classes, and they keep pointing at it), and the properties that point an application at it.
 */
final class TestProvider {
    static final String API = "https://api.example.com";
    static final String ORGANIZATION = "org-1";
    /** The public URL of the applications; the tests' browser maps it to the real port (as a proxy would). */
    static final String BASE_URL = "http://localhost:8080";
    static final LoopbackOidcProvider PROVIDER = LoopbackOidcProvider.builder()
            .apiResource(API, "read:profile", "write:profile")
            .organization(ORGANIZATION, "invite:member")
            .signingKey(TestKeys.es384("spring-tests"))
            .build();
    static final TokenFactory TOKENS = new TokenFactory(PROVIDER.issuer(), LoopbackOidcProvider.APP_ID, Clock.systemUTC());

    private TestProvider() {
    }

    /** An access token as Logto issues it, signed by the provider's key. */
    static TokenFactory.Jwt accessToken(String audience, String scope) {
        return TOKENS.logtoAccessToken(audience, scope);
    }

    /** Signs with the provider's key. */
    static String signed(TokenFactory.Jwt token) {
        return token.signedWith(PROVIDER.signingKey().orElseThrow());
    }

    /** A web app that signs users in, protects pages and serves an API. */
    static void webAndApi(DynamicPropertyRegistry registry) {
        registry.add("logto.endpoint", PROVIDER::endpoint);
        registry.add("logto.app-id", () -> LoopbackOidcProvider.APP_ID);
        registry.add("logto.app-secret", () -> LoopbackOidcProvider.APP_SECRET);
        registry.add("logto.base-url", () -> BASE_URL);
        registry.add("logto.scopes", () -> "roles,email");
        registry.add("logto.web.protected-paths", () -> "/protected/*,/admin");
        registry.add("logto.web.unauthorized-paths", () -> "/me.json");
        registry.add("logto.api.resource", () -> API);
        registry.add("logto.api.paths", () -> "/api/*");
        registry.add("logto.api.required-scopes", () -> "read:profile");
        registry.add("management.endpoints.web.exposure.include", () -> "health,metrics");
        registry.add("management.endpoint.health.show-details", () -> "always");
    }
}
