package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link LogtoWeb#install} gives every app without a line of its own (issues 10 and 16): a
 * hardened session cookie (moved here from the servlet example), and error pages with the
 * adapter's own small layout, allowed by the page's CSP through the style's hash only.
 */
class AdapterInstallTest {
    private static LoopbackOidcProvider provider;
    private static TestApp app;
    private static TestApp httpsApp;

    @BeforeAll
    static void start() throws Exception {
        provider = new LoopbackOidcProvider();
        app = TestApp.builder(provider).start();
        httpsApp = TestApp.builder(provider).publicBaseUrl("https://app.example.com").start();
    }

    @AfterAll
    static void stop() throws Exception {
        httpsApp.close();
        app.close();
        provider.close();
    }

    @Test
    void sessionCookieIsHttpOnlyAndLaxWithoutSecureOnHttp() {
        HttpResponse<String> signIn = new Browser().get(app.url("/sign-in"));

        assertThat(signIn.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("JSESSIONID=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .doesNotContainIgnoringCase("Secure"));
    }

    @Test
    void sessionCookieIsSecureWhenTheBaseUrlIsHttps() {
        HttpResponse<String> signIn = new Browser().get(httpsApp.url("/sign-in"));

        assertThat(signIn.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("JSESSIONID=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .containsIgnoringCase("Secure"));
    }

    @Test
    void errorPageHasTheAdaptersLayoutAllowedByItsHashOnly() throws Exception {
        HttpResponse<String> page = new Browser().get(app.url("/callback?code=x&state=y"));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("<style>" + ErrorResponses.STYLE + "</style>").contains("<h1>Sign-in failed</h1>")
                .contains("name=\"viewport\"");
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(ErrorResponses.STYLE.getBytes(StandardCharsets.UTF_8)));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'").contains("style-src 'sha256-" + hash + "'")
                .doesNotContain("unsafe-inline").contains("frame-ancestors 'none'"));
    }
}
