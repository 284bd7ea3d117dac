package io.logto.sdk.servlet;

import io.logto.sdk.LogtoConfig;
import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.TokenFactory;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CallbackServlet} alone, called directly with in-memory requests (the flow tests run it in
 * real containers): what it answers for each outcome of the callback.
 */
class CallbackServletTest {
    private static final String BASE_URL = "https://app.example.com";
    /** Nothing listens there: the failures below are decided before any request to Logto. */
    private static final LogtoConfig UNREACHABLE_LOGTO = LogtoConfig.builder()
            .endpoint("http://127.0.0.1:9").appId("app-1").build();

    private final FakeRequests.Request request = new FakeRequests.Request();
    private final FakeRequests.Response response = new FakeRequests.Response();

    private static CallbackServlet servlet(LogtoServletConfig config) {
        return new CallbackServlet(LogtoWeb.create(config));
    }

    private static LogtoServletConfig.Builder config() {
        return LogtoServletConfig.builder(UNREACHABLE_LOGTO, BASE_URL);
    }

    /** A pending sign-in with {@code state}, stored as the SDK stores it, and its remembered return path. */
    private void pendingSignIn(String state, String returnPath) {
        request.proxy.getSession(true);
        request.attributes.put("logto.signInSession", "[{\"state\":\"" + state + "\",\"redirectUri\":\"" + BASE_URL
                + "/callback\",\"codeVerifier\":\"verifier-1\",\"nonce\":\"nonce-1\",\"createdAt\":"
                + Instant.now().getEpochSecond() + "}]");
        request.attributes.put("logto." + PendingReturnPaths.KEY, state + " " + returnPath);
    }

    @Test
    void callbackWhenNoSignInIsPendingThenBadRequestPageWithItsCodeAndNoSession() throws IOException {
        request.query.set("code=c-1&state=s-1");

        servlet(config().build()).doGet(request.proxy, response.proxy);

        assertThat(response.status.get()).isEqualTo(HttpServletResponse.SC_BAD_REQUEST);
        assertThat(response.headers).containsEntry("Cache-Control", "no-store");
        assertThat(response.bodyText()).contains("sign_in_session_not_found").doesNotContain("Exception");
        assertThat(response.redirect.get()).isNull();
        assertThat(request.session.get()).isNull();
    }

    @Test
    void callbackWhenReplayedAfterTheUserSignedInThenBackToTheDefaultPath() throws IOException {
        request.proxy.getSession(true);
        // A readable, unexpired ID token: the session of a signed-in user (an unreadable one would not count).
        request.attributes.put("logto.idToken",
                new TokenFactory("https://issuer.example/oidc", "app-1", Clock.systemUTC()).idToken().unsigned());
        request.query.set("code=c-1&state=s-1");

        servlet(config().defaultReturnPath("/home").build()).doGet(request.proxy, response.proxy);

        assertThat(response.redirect.get()).isEqualTo(BASE_URL + "/home");
        assertThat(request.sessionIdChanges.get()).isZero();
    }

    @Test
    void callbackWhenAnErrorPageIsConfiguredThenRedirectedThereWithTheMachineCode() throws IOException {
        request.query.set("code=c-1&state=s-1");

        servlet(config().errorPath("/oops").build()).doGet(request.proxy, response.proxy);

        assertThat(response.redirect.get()).isEqualTo(BASE_URL + "/oops?code=sign_in_session_not_found");
    }

    @Test
    void callbackWhenLogtoSentAnErrorThenThePageShowsItEscapedAndTheReturnPathIsForgotten() throws IOException {
        pendingSignIn("s-1", "/orders");
        request.query.set("error=access_denied&error_description=%3Cscript%3E&state=s-1");

        servlet(config().build()).doGet(request.proxy, response.proxy);

        assertThat(response.status.get()).isEqualTo(HttpServletResponse.SC_BAD_REQUEST);
        assertThat(response.bodyText()).contains("access_denied", "&lt;script&gt;", "callback_error")
                .doesNotContain("<script>");
        assertThat(request.attributes).doesNotContainKey("logto." + PendingReturnPaths.KEY);
    }

    @Test
    void callbackWhenTheErrorPageGetsLogtosErrorThenItIsInTheQuery() throws IOException {
        pendingSignIn("s-1", "/orders");
        request.query.set("error=access_denied&state=s-1");

        servlet(config().errorPath("/oops").build()).doGet(request.proxy, response.proxy);

        assertThat(response.redirect.get()).isEqualTo(BASE_URL + "/oops?code=callback_error&error=access_denied");
    }

    @Test
    void callbackWhenTheErrorPageHasAQueryThenTheCodeIsAddedToIt() throws IOException {
        request.query.set("code=c-1&state=s-1");

        servlet(config().errorPath("/oops?lang=en").build()).doGet(request.proxy, response.proxy);

        assertThat(response.redirect.get()).isEqualTo(BASE_URL + "/oops?lang=en&code=sign_in_session_not_found");
    }

    @Test
    void callbackRejectedByTheVisitorsMistakeThenLoggedAtInfo() throws IOException {
        pendingSignIn("s-1", "/orders");
        request.query.set("code=c-1&state=forged");

        try (var logs = new LogCapture(CallbackServlet.class)) {
            servlet(config().build()).doGet(request.proxy, response.proxy);

            assertThat(logs.messages(java.util.logging.Level.INFO)).singleElement().asString()
                    .startsWith("Sign-in callback rejected: CALLBACK_STATE_MISMATCH: ");
            assertThat(logs.messages(java.util.logging.Level.WARNING)).isEmpty();
        }
    }

    @Test
    void callbackFailingOnTheServersSideThenTheOwnerIsWarned() throws IOException {
        // A session that cannot be read (500) and Logto unreachable (502): the app's owner must act.
        request.proxy.getSession(true);
        request.attributes.put("logto.signInSession", "not json");
        request.query.set("code=c-1&state=s-1");
        try (var logs = new LogCapture(CallbackServlet.class)) {
            servlet(config().build()).doGet(request.proxy, response.proxy);

            assertThat(response.status.get()).isEqualTo(500);
            pendingSignIn("s-2", "/orders");
            request.query.set("code=c-1&state=s-2&iss=" + java.net.URLEncoder.encode(
                    "http://127.0.0.1:9/oidc", java.nio.charset.StandardCharsets.UTF_8));
            var unreachable = new FakeRequests.Response();
            servlet(config().build()).doGet(request.proxy, unreachable.proxy);

            assertThat(unreachable.status.get()).isEqualTo(502);
            assertThat(logs.messages(java.util.logging.Level.WARNING)).hasSize(2)
                    .allSatisfy(m -> assertThat(m).startsWith("Sign-in callback rejected: "));
            assertThat(logs.messages(java.util.logging.Level.INFO)).isEmpty();
        }
    }

    @Test
    void callbackWhenStateIsForeignThenRejectedAndThePendingSignInKept() throws IOException {
        pendingSignIn("s-1", "/orders");
        request.query.set("code=c-1&state=forged");

        servlet(config().build()).doGet(request.proxy, response.proxy);

        assertThat(response.status.get()).isEqualTo(HttpServletResponse.SC_BAD_REQUEST);
        assertThat(response.bodyText()).contains("callback_state_mismatch");
        assertThat(request.attributes).containsKey("logto.signInSession");
    }

    @Test
    void callbackWhenSignInCompletesThenSessionIdRotatedAndRedirectedToTheRememberedPath() throws IOException {
        try (var provider = new LoopbackOidcProvider()) {
            var web = LogtoWeb.create(LogtoServletConfig.builder(TestApp.logtoConfig(provider), "http://127.0.0.1:3000")
                    .build());
            request.query.set("returnTo=/orders/42");
            new SignInServlet(web).doGet(request.proxy, response.proxy);
            String callback = provider.login(response.redirect.get(), "ada", "{}");

            var callbackResponse = new FakeRequests.Response();
            request.query.set(URI.create(callback).getRawQuery());
            new CallbackServlet(web).doGet(request.proxy, callbackResponse.proxy);

            assertThat(callbackResponse.redirect.get()).isEqualTo("http://127.0.0.1:3000/orders/42");
            assertThat(callbackResponse.headers).containsEntry("Cache-Control", "no-store");
            assertThat(request.sessionIdChanges.get()).isEqualTo(1);
            assertThat(web.client(request.proxy).getIdTokenClaims().sub()).isEqualTo("ada");
            assertThat(request.attributes).doesNotContainKey("logto." + PendingReturnPaths.KEY);
        }
    }
}
