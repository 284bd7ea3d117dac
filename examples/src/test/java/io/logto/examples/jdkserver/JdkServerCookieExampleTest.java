package io.logto.examples.jdkserver;

import io.logto.examples.ExampleApp;
import io.logto.examples.ExampleSettings;
import io.logto.examples.RunningExampleTest;
import io.logto.examples.Visitor;
import io.logto.sdk.LogtoConfig;
import io.logto.sdk.storage.CookieKeys;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDK HTTP server example with its sessions in encrypted cookies ({@code LOGTO_COOKIE_KEYS}):
 * the attacks every example must withstand (inherited), and two copies of the app that share
 * nothing but the keys serving one visitor.
 */
class JdkServerCookieExampleTest extends RunningExampleTest {
    private static final CookieKeys KEYS = CookieKeys.parse("k1:" + Base64.getEncoder().encodeToString(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
            31, 32}));

    @Override
    protected ExampleApp example() {
        return (config, baseUrl) -> JdkServerExample.start(config, baseUrl, Optional.of(KEYS));
    }

    @Test
    void theSessionIsInAnEncryptedHttpOnlyCookieAndNoSessionIsKeptOnTheServer() throws Exception {
        URI base = start();
        var visitor = new Visitor();

        HttpResponse<String> signIn = visitor.get(base + "/sign-in");

        assertThat(signIn.headers().allValues("Set-Cookie")).singleElement().asString()
                .startsWith("logto-0=").contains("HttpOnly", "SameSite=Lax", "Path=/")
                .doesNotContain(CookieSessionStore.COOKIE_NAME);
        assertThat(visitor.cookie(base, "logto-0")).doesNotContain("state", "codeVerifier", "nonce");
    }

    @Test
    void twoCopiesOfTheAppSharingOnlyTheKeysServeOneVisitor() throws Exception {
        URI a = start();
        ExampleSettings settings = ExampleSettings.fromEnvironment(Map.of()).withBaseUrl(URI.create("http://127.0.0.1:0"));
        LogtoConfig config = settings.logtoConfig(provider.endpoint());
        try (ExampleApp.Running b = example().start(config, settings.baseUrl())) {
            var visitor = new Visitor();
            visitor.signIn(a, "grace", "{\"name\":\"Grace\"}");

            // Same host, other port: the browser sends the same cookies to the other copy.
            HttpResponse<String> onB = visitor.get(b.baseUrl() + "/protected");

            assertThat(onB.statusCode()).isEqualTo(200);
            assertThat(onB.body()).contains("Grace");
        }
    }
}
