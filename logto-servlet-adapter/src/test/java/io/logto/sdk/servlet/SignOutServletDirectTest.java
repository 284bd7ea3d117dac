package io.logto.sdk.servlet;

import io.logto.sdk.LogtoConfig;
import io.logto.testing.TokenFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SignOutServlet} called directly with in-memory requests (the flow tests run it in Jetty):
 * only a POST with the session's anti-forgery token signs out, and then every piece of the
 * session's Logto data goes, the token and the remembered return paths included; no answer may be
 * cached. Logto is unreachable here, so the user is sent straight to the post-sign-out page.
 */
class SignOutServletDirectTest {
    private static final String BASE_URL = "https://app.example.com";
    private static final SignOutServlet SERVLET = new SignOutServlet(LogtoWeb.create(LogtoServletConfig.builder(
            LogtoConfig.builder().endpoint("http://127.0.0.1:9").appId("app-1").build(), BASE_URL).build()));

    private final FakeRequests.Request request = new FakeRequests.Request();
    private final FakeRequests.Response response = new FakeRequests.Response();

    /** A session with an ID token only (no refresh token), a remembered return path and a token. */
    private String signedInWithIdTokenOnly() {
        request.proxy.getSession(true);
        request.attributes.put("logto.idToken",
                new TokenFactory("https://issuer.example/oidc", "app-1", Clock.systemUTC()).idToken().unsigned());
        request.attributes.put("logto." + PendingReturnPaths.KEY, "s-1 /orders");
        return CsrfToken.of(request.proxy);
    }

    private void assertSeeOther(String location) {
        assertThat(response.status.get()).isEqualTo(303);
        assertThat(response.headers).containsEntry("Location", location).containsEntry("Cache-Control", "no-store");
    }

    @Test
    void postWithTheTokenThenEveryLogtoKeyGoesAndTheUserIsSentOn() throws IOException {
        String token = signedInWithIdTokenOnly();
        request.attributes.put("app.cart", "3 items");
        request.httpMethod.set("POST");
        request.query.set(SignOutForm.PARAMETER + "=" + token);

        try (var logs = new LogCapture(SignOutServlet.class)) {
            SERVLET.doPost(request.proxy, response.proxy);

            assertSeeOther(BASE_URL + "/");
            assertThat(request.attributes).containsOnlyKeys("app.cart");
            assertThat(logs.messages(Level.WARNING)).singleElement().asString()
                    .startsWith("Logto end-session unavailable at sign-out: DISCOVERY_FAILED: ");
        }
    }

    @Test
    void postWithoutTheTokenWhenSignedInThen403ConfirmationPageNothingChangedAndLogged() throws IOException {
        String token = signedInWithIdTokenOnly();
        request.httpMethod.set("POST");
        request.headers.put("Sec-Fetch-Site", "cross-site");

        try (var logs = new LogCapture(SignOutServlet.class)) {
            SERVLET.doPost(request.proxy, response.proxy);

            assertThat(response.status.get()).isEqualTo(403);
            assertThat(response.headers).containsEntry("Cache-Control", "no-store").doesNotContainKey("Location");
            assertThat(response.bodyText()).contains("Do you want to sign out?", "value=\"" + token + "\"");
            assertThat(request.attributes).containsKeys("logto.idToken", "logto." + PendingReturnPaths.KEY,
                    "logto." + CsrfToken.KEY);
            assertThat(logs.messages(Level.INFO)).containsExactly(
                    "Sign-out refused: no valid anti-forgery token (Sec-Fetch-Site=cross-site)");
        }
    }

    @Test
    void postWithoutTheTokenWhenNotSignedInThenJustSentOnUncached() throws IOException {
        request.httpMethod.set("POST");

        SERVLET.doPost(request.proxy, response.proxy);

        assertSeeOther(BASE_URL + "/");
        assertThat(request.session.get()).isNull();
    }

    @Test
    void getWhenSignedInWithAnIdTokenOnlyThenTheConfirmationPage() throws IOException {
        signedInWithIdTokenOnly();

        SERVLET.doGet(request.proxy, response.proxy);

        assertThat(response.status.get()).isEqualTo(200);
        assertThat(response.bodyText()).contains("Do you want to sign out?");
        assertThat(request.attributes).containsKey("logto.idToken");
    }

    @Test
    void getWhenSignedInWithARefreshTokenOnlyThenTheConfirmationPage() throws IOException {
        request.proxy.getSession(true);
        request.attributes.put("logto.refreshToken", "rt-1");

        SERVLET.doGet(request.proxy, response.proxy);

        assertThat(response.status.get()).isEqualTo(200);
        assertThat(request.attributes).containsKey("logto.refreshToken");
    }

    @Test
    void getWhenNotSignedInThenJustSentOnUncached() throws IOException {
        SERVLET.doGet(request.proxy, response.proxy);

        assertSeeOther(BASE_URL + "/");
        assertThat(request.session.get()).isNull();
    }
}
