package io.logto.sdk.servlet;

import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.OidcCore;
import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.MutableClock;
import io.logto.testing.TokenFactory;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LogtoAuthFilter} called directly with in-memory requests (the flow tests run it in Jetty):
 * no request reaches a protected page without a signed-in user — a redirect to sign-in that
 * remembers only a safe local path, or a {@code 401} with its challenge for API routes — and a
 * failure to reach Logto is a {@code 502}, never a page served without the user info it needs.
 */
class LogtoAuthFilterDirectTest {
    private static final String BASE_URL = "https://app.example.com";
    private static final String SIGN_IN = BASE_URL + "/sign-in";
    /** Nothing listens there: the cases below that do not sign in ask Logto nothing. */
    private static final LogtoWeb OFFLINE = LogtoWeb.create(LogtoServletConfig.builder(
            TestApp.logtoConfig("http://127.0.0.1:9"), BASE_URL).build());

    private final FakeRequests.Request request = new FakeRequests.Request();
    private final FakeRequests.Response response = new FakeRequests.Response();
    /** What the chain received, when the filter let the request through. */
    private final AtomicReference<ServletRequest> passed = new AtomicReference<>();
    private final FilterChain chain = (req, res) -> passed.set(req);

    private static LogtoAuthFilter filter(LogtoWeb web) {
        return LogtoAuthFilter.builder(web)
                .protect("/protected/*")
                .protect("/api/*", LogtoAuthFilter.Protection.UNAUTHORIZED)
                .protect("/me", LogtoAuthFilter.Protection.REDIRECT.withUserInfo())
                .protect("/api/me", LogtoAuthFilter.Protection.UNAUTHORIZED.withUserInfo())
                .build();
    }

    /** A request for {@code servletPath} + {@code pathInfo} at the root context, with {@code query}. */
    private void at(String servletPath, String pathInfo, String query) {
        request.servletPath.set(servletPath);
        request.pathInfo.set(pathInfo);
        request.requestUri.set(servletPath + (pathInfo == null ? "" : pathInfo));
        request.query.set(query);
    }

    private void run(LogtoAuthFilter filter) throws IOException, ServletException {
        filter.doFilter(request.proxy, response.proxy, chain);
    }

    /** A session holding a readable, unexpired ID token for {@code sub} (no refresh token). */
    private void signedInOffline(String sub) {
        request.proxy.getSession(true);
        request.attributes.put("logto.idToken", new TokenFactory("https://issuer.example/oidc", "app-1",
                Clock.systemUTC()).idToken().claim("sub", sub).unsigned());
    }

    private void assertSentToSignIn(String location) {
        assertThat(passed.get()).as("not let through").isNull();
        assertThat(response.status.get()).isEqualTo(302);
        assertThat(response.redirect.get()).isEqualTo(location);
        assertThat(response.headers).containsEntry("Cache-Control", "no-store");
    }

    private void assert401() {
        assertThat(passed.get()).as("not let through").isNull();
        assertThat(response.status.get()).isEqualTo(401);
        assertThat(response.headers).containsEntry("WWW-Authenticate", "Logto realm=\"" + SIGN_IN + "\"")
                .containsEntry("Cache-Control", "no-store");
        assertThat(response.bodyText()).isEqualTo(LogtoAuthFilter.UNAUTHORIZED_BODY);
        assertThat(response.redirect.get()).isNull();
    }

    private static FilterConfig webXml(LogtoWeb web, Map<String, String> initParameters) {
        ServletContext context = (ServletContext) Proxy.newProxyInstance(LogtoAuthFilterDirectTest.class.getClassLoader(),
                new Class<?>[]{ServletContext.class}, (self, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> LogtoWeb.CONTEXT_ATTRIBUTE.equals(args[0]) ? web : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (FilterConfig) Proxy.newProxyInstance(LogtoAuthFilterDirectTest.class.getClassLoader(),
                new Class<?>[]{FilterConfig.class}, (self, method, args) -> switch (method.getName()) {
                    case "getServletContext" -> context;
                    case "getInitParameter" -> initParameters.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void anonymousOnARedirectRouteThenSentToSignInRememberingPathAndQuery() throws Exception {
        at("/protected", "/orders", "tab=open&page=2");

        run(filter(OFFLINE));

        assertSentToSignIn(SIGN_IN + "?returnTo=%2Fprotected%2Forders%3Ftab%3Dopen%26page%3D2");
        assertThat(request.session.get()).as("no session for a visitor who is only redirected").isNull();
    }

    @Test
    void anonymousOnAnApiRouteThen401WithItsChallengeAndNoRedirect() throws Exception {
        at("/api", "/orders", null);

        run(filter(OFFLINE));

        assert401();
    }

    @Test
    void returnPathIsThePathInsideTheApplicationWithoutItsContextPath() throws Exception {
        at("/protected", "/x", "a=1");
        request.contextPath.set("/shop");
        request.requestUri.set("/shop/protected/x");

        run(filter(OFFLINE));

        assertSentToSignIn(SIGN_IN + "?returnTo=%2Fprotected%2Fx%3Fa%3D1");
    }

    @Test
    void requestOfTheContextRootThenTheReturnPathIsSlash() throws Exception {
        var filter = LogtoAuthFilter.builder(OFFLINE).protect("/").build();
        at("", null, null);
        request.contextPath.set("/shop");
        request.requestUri.set("/shop");

        run(filter);

        assertSentToSignIn(SIGN_IN + "?returnTo=%2F");
    }

    @Test
    void requestUriOutsideTheContextPathIsTakenWhole() throws Exception {
        at("/protected", "/x", null);
        request.contextPath.set("/shop");

        run(filter(OFFLINE));

        assertSentToSignIn(SIGN_IN + "?returnTo=%2Fprotected%2Fx");
    }

    @Test
    void unsafeRequestPathThenSentToSignInWithoutAReturnPath() throws Exception {
        at("/protected", "/x", null);
        request.requestUri.set("//evil.example/protected/x");

        run(filter(OFFLINE));

        assertSentToSignIn(SIGN_IN);
    }

    @Test
    void pathIsServletPathPlusPathInfoAndAnEmptyOneIsTheRoot() throws Exception {
        var filter = LogtoAuthFilter.builder(OFFLINE).protect("/").protect("/open/*", LogtoAuthFilter.Protection.UNAUTHORIZED)
                .build();
        at("", null, null);
        request.servletPath.set(null);
        run(filter);
        assertThat(response.status.get()).as("the default pattern / protects the root").isEqualTo(302);

        var api = new FakeRequests.Response();
        request.servletPath.set("/open");
        request.pathInfo.set("/x");
        filter.doFilter(request.proxy, api.proxy, chain);
        assertThat(api.status.get()).as("/open + /x matches /open/*").isEqualTo(401);
    }

    @Test
    void emptyPathIsMatchedAsSlashSoTheExactRootPatternBeatsTheCatchAll() throws Exception {
        var filter = LogtoAuthFilter.builder(OFFLINE).protect("/").protect("/*", LogtoAuthFilter.Protection.UNAUTHORIZED)
                .build();
        at("", null, null);

        run(filter);

        assertSentToSignIn(SIGN_IN + "?returnTo=%2F");
    }

    @Test
    void exactPatternMatchesAPathWithoutPathInfo() throws Exception {
        var filter = LogtoAuthFilter.builder(OFFLINE).protect("/account", LogtoAuthFilter.Protection.UNAUTHORIZED).build();
        at("/account", null, null);

        run(filter);

        assert401();
    }

    @Test
    void unprotectedPathThenPassedOnUntouched() throws Exception {
        at("/public", "/page", null);

        run(filter(OFFLINE));

        assertThat(passed.get()).isSameAs(request.proxy);
        assertThat(response.status.get()).isEqualTo(200);
        assertThat(response.headers).isEmpty();
        assertThat(request.requestAttributes).doesNotContainKey(LogtoAuthFilter.ID_TOKEN_CLAIMS);
    }

    @Test
    void notAnHttpRequestThenPassedOn() throws Exception {
        ServletRequest plain = (ServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ServletRequest.class}, (self, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        var got = new AtomicReference<ServletResponse>();

        filter(OFFLINE).doFilter(plain, response.proxy, (req, res) -> {
            passed.set(req);
            got.set(res);
        });

        assertThat(passed.get()).isSameAs(plain);
        assertThat(got.get()).isSameAs(response.proxy);
    }

    @Test
    void signedInThenPassedOnWithTheClaims() throws Exception {
        signedInOffline("ada");
        at("/protected", "/x", null);

        run(filter(OFFLINE));

        assertThat(passed.get()).isSameAs(request.proxy);
        assertThat(LogtoAuthFilter.idTokenClaims(request.proxy)).map(IdTokenClaims::sub).contains("ada");
        assertThat(response.status.get()).isEqualTo(200);
        assertThat(response.redirect.get()).isNull();
    }

    @Test
    void signedInWithoutAnAccessTokenForUserInfoThenTheSessionCountsAsEnded() throws Exception {
        // No token to ask userinfo with: the SDK says NOT_AUTHENTICATED, so no page without its user info.
        signedInOffline("ada");
        at("/me", null, null);
        run(filter(OFFLINE));
        assertSentToSignIn(SIGN_IN + "?returnTo=%2Fme");

        var api = new FakeRequests.Response();
        passed.set(null);
        at("/api", "/me", null);
        filter(OFFLINE).doFilter(request.proxy, api.proxy, chain);
        assertThat(passed.get()).isNull();
        assertThat(api.status.get()).isEqualTo(401);
        assertThat(api.bodyText()).isEqualTo(LogtoAuthFilter.UNAUTHORIZED_BODY);
    }

    @Test
    void webXmlFilterFindsTheWebInTheContextAndRedirectsByDefault() throws Exception {
        var filter = new LogtoAuthFilter();
        filter.init(webXml(OFFLINE, Map.of()));
        at("/anything", null, null);

        run(filter);

        assertThat(filter.patterns()).isEmpty();
        assertSentToSignIn(SIGN_IN + "?returnTo=%2Fanything");
    }

    @Test
    void webXmlFilterAnswers401WhenConfiguredSoInAnyCase() throws Exception {
        var filter = new LogtoAuthFilter();
        filter.init(webXml(OFFLINE, Map.of("onUnauthenticated", "UNAUTHORIZED")));
        at("/anything", null, null);

        run(filter);

        assert401();
    }

    @Test
    void webXmlFilterFetchesUserInfoWhenConfigured() throws Exception {
        var filter = new LogtoAuthFilter();
        filter.init(webXml(OFFLINE, Map.of("fetchUserInfo", "true")));
        signedInOffline("ada");
        at("/anything", null, null);

        run(filter);

        // Without an access token there is no user info: not served.
        assertSentToSignIn(SIGN_IN + "?returnTo=%2Fanything");
    }

    @Test
    void builtFilterKeepsItsWebAndRulesWhateverTheContextHolds() throws Exception {
        LogtoAuthFilter filter = filter(OFFLINE);
        filter.init(webXml(null, Map.of("onUnauthenticated", "unauthorized")));
        at("/protected", "/x", null);

        run(filter);

        assertSentToSignIn(SIGN_IN + "?returnTo=%2Fprotected%2Fx");
    }

    /** The filter of an app signed in at a real provider, as a user's session after the callback. */
    private static final class SignedIn implements AutoCloseable {
        final LoopbackOidcProvider provider = new LoopbackOidcProvider();
        final MutableClock clock = MutableClock.followingSystemTime();
        final LogtoWeb web;

        SignedIn(FakeRequests.Request request, String sub) throws IOException {
            var config = LogtoServletConfig.builder(TestApp.logtoConfig(provider), BASE_URL).build();
            web = LogtoWeb.create(config, OidcCore.builder(config.logto()).clock(clock).build());
            var toProvider = new FakeRequests.Response();
            new SignInServlet(web).doGet(request.proxy, toProvider.proxy);
            String callback = provider.login(toProvider.redirect.get(), sub, "{}");
            request.query.set(URI.create(callback).getRawQuery());
            new CallbackServlet(web).doGet(request.proxy, new FakeRequests.Response().proxy);
            request.query.set(null);
        }

        @Override
        public void close() {
            provider.close();
        }
    }

    @Test
    void userInfoRouteWhenSignedInThenTheUserInfoIsAttached() throws Exception {
        try (var app = new SignedIn(request, "erin")) {
            at("/me", null, null);

            run(filter(app.web));

            assertThat(passed.get()).isSameAs(request.proxy);
            assertThat(LogtoAuthFilter.userInfo(request.proxy)).hasValueSatisfying(
                    info -> assertThat(info.sub()).isEqualTo("erin"));
        }
    }

    @Test
    void userInfoUnavailableThen502PageOrJsonAndTheOwnerWarned() throws Exception {
        try (var app = new SignedIn(request, "finn"); var logs = new LogCapture(LogtoAuthFilter.class)) {
            app.provider.close();
            at("/me", null, null);

            run(filter(app.web));

            assertThat(passed.get()).as("not served without its user info").isNull();
            assertThat(response.status.get()).isEqualTo(502);
            assertThat(response.headers.get("Content-Type")).startsWith("text/html");
            assertThat(response.bodyText()).contains("Logto unavailable");

            var api = new FakeRequests.Response();
            at("/api", "/me", null);
            filter(app.web).doFilter(request.proxy, api.proxy, chain);
            assertThat(passed.get()).isNull();
            assertThat(api.status.get()).isEqualTo(502);
            assertThat(api.bodyText()).isEqualTo("{\"error\":\"logto_unavailable\"}");
            assertThat(logs.messages(Level.WARNING)).hasSize(2)
                    .allSatisfy(m -> assertThat(m).startsWith("User info unavailable: USERINFO_FAILED: "));
        }
    }

    @Test
    void refreshFailingBecauseLogtoIsDownThenStillServedFromTheIdTokenAndTheOwnerWarned() throws Exception {
        try (var app = new SignedIn(request, "gus"); var logs = new LogCapture(LogtoAuthFilter.class)) {
            app.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
            app.provider.close();
            at("/protected", "/x", null);

            run(filter(app.web));

            assertThat(passed.get()).isSameAs(request.proxy);
            assertThat(LogtoAuthFilter.idTokenClaims(request.proxy)).map(IdTokenClaims::sub).contains("gus");
            assertThat(logs.messages(Level.WARNING)).singleElement().asString()
                    .startsWith("Access token refresh failed: ");
        }
    }

    @Test
    void refreshRefusedForGoodThenNotLetThrough() throws Exception {
        try (var app = new SignedIn(request, "hal"); var logs = new LogCapture(LogtoAuthFilter.class)) {
            app.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
            app.provider.refuseNextRefresh(400, "invalid_grant");
            at("/protected", "/x", null);

            run(filter(app.web));

            assertSentToSignIn(SIGN_IN + "?returnTo=%2Fprotected%2Fx");
            assertThat(request.attributes).doesNotContainKey("logto.idToken");
            // An ended session is no failure to warn the app's owner about.
            assertThat(logs.messages(Level.WARNING)).isEmpty();
        }
    }

    @Test
    void appCredentialsRefusedThenNotLetThroughAndTheOwnerWarned() throws Exception {
        try (var app = new SignedIn(request, "ida"); var logs = new LogCapture(LogtoAuthFilter.class)) {
            app.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
            app.provider.refuseNextRefresh(401, "invalid_client");
            at("/api", "/x", null);

            run(filter(app.web));

            assert401();
            assertThat(logs.messages(Level.WARNING)).singleElement().asString()
                    .startsWith("Session ended: CLIENT_AUTHENTICATION_FAILED: ");
        }
    }
}
