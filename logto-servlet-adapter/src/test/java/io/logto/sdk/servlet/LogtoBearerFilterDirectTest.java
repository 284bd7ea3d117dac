package io.logto.sdk.servlet;

import io.logto.sdk.resourceserver.AccessRequirement;
import io.logto.sdk.resourceserver.AccessTokenValidator;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LogtoBearerFilter} called directly with in-memory requests (the flow test runs it in Jetty
 * against a provider): which requests it looks at, the realm of its challenges, how it registers,
 * and that a failure it cannot map to a bearer error is a {@code 500}, never a request let through.
 * Nothing here reaches Logto: every token is refused before.
 */
class LogtoBearerFilterDirectTest {
    private static final String API = "https://api.example.com";
    /** Nothing listens there. */
    private static final AccessTokenValidator VALIDATOR = AccessTokenValidator.builder("http://127.0.0.1:9")
            .apiResource(API).build();

    private final FakeRequests.Request request = new FakeRequests.Request();
    private final FakeRequests.Response response = new FakeRequests.Response();
    private final AtomicReference<ServletRequest> passed = new AtomicReference<>();
    private final FilterChain chain = (req, res) -> passed.set(req);

    private void at(String servletPath, String pathInfo) {
        request.servletPath.set(servletPath);
        request.pathInfo.set(pathInfo);
        request.requestUri.set(servletPath + (pathInfo == null ? "" : pathInfo));
    }

    private void assertNoTokenChallenge(String realm) {
        assertThat(passed.get()).as("not let through").isNull();
        assertThat(response.status.get()).isEqualTo(401);
        assertThat(response.headers).containsEntry("WWW-Authenticate", "Bearer realm=\"" + realm + "\"");
    }

    @Test
    void exactPatternMatchesAPathWithoutPathInfo() throws Exception {
        // A servlet mapped to an exact path has no path info: the filter must not miss it.
        var filter = LogtoBearerFilter.builder(VALIDATOR).protect("/api/report").build();
        at("/api/report", null);

        filter.doFilter(request.proxy, response.proxy, chain);

        assertNoTokenChallenge(API);
    }

    @Test
    void emptyPathIsMatchedAsSlashSoTheExactRootPatternBeatsTheCatchAll() throws Exception {
        var filter = LogtoBearerFilter.builder(VALIDATOR)
                .protect("/", request -> Optional.empty())
                .protect("/*", AccessRequirement.api("read"))
                .build();
        at("", null);
        request.headers.put("Authorization", "Bearer abc");

        filter.doFilter(request.proxy, response.proxy, chain);

        // The "/" rule names no requirement: 400, before the token is looked at.
        assertThat(response.status.get()).isEqualTo(400);
        assertThat(response.headers.get("WWW-Authenticate")).contains("error=\"invalid_request\"");
    }

    @Test
    void pathsOutsideThePatternsAndCorsPreflightsArePassedOnUntouched() throws Exception {
        var filter = LogtoBearerFilter.builder(VALIDATOR).protect("/api/*").build();

        at("/public", "/x");
        filter.doFilter(request.proxy, response.proxy, chain);
        assertThat(passed.getAndSet(null)).isSameAs(request.proxy);

        at("/api", "/data");
        request.httpMethod.set("options");
        request.headers.put("Origin", "https://app.example.com");
        request.headers.put("Access-Control-Request-Method", "GET");
        filter.doFilter(request.proxy, response.proxy, chain);
        assertThat(passed.get()).isSameAs(request.proxy);
        assertThat(response.status.get()).isEqualTo(200);
        assertThat(response.headers).isEmpty();
    }

    @Test
    void optionsWithoutBothPreflightHeadersIsChecked() throws Exception {
        var filter = LogtoBearerFilter.builder(VALIDATOR).protect("/api/*").build();
        at("/api", "/data");
        request.httpMethod.set("OPTIONS");
        request.headers.put("Origin", "https://app.example.com");

        filter.doFilter(request.proxy, response.proxy, chain);

        assertNoTokenChallenge(API);
    }

    @Test
    void notAnHttpRequestThenPassedOn() throws Exception {
        ServletRequest plain = (ServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ServletRequest.class}, (self, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });

        LogtoBearerFilter.builder(VALIDATOR).protect("/*").build().doFilter(plain, response.proxy, chain);

        assertThat(passed.get()).isSameAs(plain);
    }

    @Test
    void realmIsTheBuildersOrTheApiResourceOrTheIssuer() throws Exception {
        var own = LogtoBearerFilter.builder(VALIDATOR).realm("orders").protect("/api/*").build();
        at("/api", "/data");
        own.doFilter(request.proxy, response.proxy, chain);

        assertThat(own.realm()).isEqualTo("orders");
        assertNoTokenChallenge("orders");
        assertThat(LogtoBearerFilter.builder(VALIDATOR).protect("/api/*").build().realm()).isEqualTo(API);
        assertThat(LogtoBearerFilter.builder(AccessTokenValidator.builder("http://127.0.0.1:9").build())
                .protect("/orgs/*", AccessRequirement.organization("o")).build().realm())
                .isEqualTo("http://127.0.0.1:9/oidc");
    }

    @Test
    void refusedTokenIsLoggedAtDebugOnly() throws Exception {
        var filter = LogtoBearerFilter.builder(VALIDATOR).protect("/api/*").build();
        at("/api", "/data");
        request.headers.put("Authorization", "Bearer not-a-jwt");

        try (var logs = new LogCapture(LogtoBearerFilter.class)) {
            filter.doFilter(request.proxy, response.proxy, chain);

            assertThat(response.status.get()).isEqualTo(401);
            assertThat(logs.messages(Level.FINE)).singleElement().asString()
                    .startsWith("Bearer token refused: ACCESS_TOKEN_MALFORMED: ");
            assertThat(logs.messages(Level.INFO)).isEmpty();
            assertThat(logs.messages(Level.WARNING)).isEmpty();
        }
    }

    @Test
    void failureThatIsNoBearerErrorThen500AndLoggedAsAnError() throws Exception {
        // A rule asking for API permissions of a validator that has no API resource: the app's mistake.
        var organizationsOnly = AccessTokenValidator.builder("http://127.0.0.1:9").build();
        var filter = LogtoBearerFilter.builder(organizationsOnly)
                .protect("/api/*", request -> Optional.of(AccessRequirement.api("read"))).build();
        at("/api", "/data");
        request.headers.put("Authorization", "Bearer abc.def.ghi");

        try (var logs = new LogCapture(LogtoBearerFilter.class)) {
            filter.doFilter(request.proxy, response.proxy, chain);

            assertThat(passed.get()).as("not let through").isNull();
            assertThat(response.errorSent).isTrue();
            assertThat(response.status.get()).isEqualTo(500);
            assertThat(response.headers).doesNotContainKey("WWW-Authenticate");
            assertThat(logs.messages(Level.SEVERE)).singleElement().asString()
                    .startsWith("Bearer filter failed: INVALID_CONFIG: ");
        }
    }

    @Test
    void logtoUnreachableThen503AndTheOwnerWarned() throws Exception {
        var filter = LogtoBearerFilter.builder(VALIDATOR).protect("/api/*").build();
        at("/api", "/data");
        request.headers.put("Authorization", "Bearer " + new io.logto.testing.TokenFactory("http://127.0.0.1:9/oidc",
                "app", java.time.Clock.systemUTC()).logtoAccessToken(API, "read")
                .signedWith(io.logto.testing.TestKeys.ES384));

        try (var logs = new LogCapture(LogtoBearerFilter.class)) {
            filter.doFilter(request.proxy, response.proxy, chain);

            assertThat(passed.get()).isNull();
            assertThat(response.status.get()).isEqualTo(503);
            assertThat(response.headers).containsEntry("Retry-After", "5").doesNotContainKey("WWW-Authenticate");
            assertThat(logs.messages(Level.WARNING)).singleElement().asString()
                    .startsWith("Bearer token not checked: ");
        }
    }

    @Test
    void keysUnavailableThen503AndTheOwnerWarned() throws Exception {
        // Discovery answers, the key set does not (5xx): the token cannot be checked, nor refused.
        var server = new org.eclipse.jetty.server.Server();
        var connector = new org.eclipse.jetty.server.ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        var context = new org.eclipse.jetty.ee10.servlet.ServletContextHandler();
        server.setHandler(context);
        connector.open();
        String base = "http://127.0.0.1:" + connector.getLocalPort();
        context.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void doGet(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res)
                    throws java.io.IOException {
                if (!req.getRequestURI().endsWith("/openid-configuration")) {
                    res.sendError(500);
                    return;
                }
                res.setContentType("application/json");
                res.getWriter().print("{\"issuer\":\"" + base + "/oidc\",\"authorization_endpoint\":\"" + base
                        + "/oidc/auth\",\"token_endpoint\":\"" + base + "/oidc/token\",\"jwks_uri\":\"" + base
                        + "/oidc/jwks\",\"id_token_signing_alg_values_supported\":[\"ES384\"]}");
            }
        }), "/*");
        server.start();
        try (var logs = new LogCapture(LogtoBearerFilter.class)) {
            var filter = LogtoBearerFilter.builder(AccessTokenValidator.builder(base).apiResource(API).build())
                    .protect("/api/*").build();
            at("/api", "/data");
            request.headers.put("Authorization", "Bearer " + new io.logto.testing.TokenFactory(base + "/oidc", "app",
                    java.time.Clock.systemUTC()).logtoAccessToken(API, "read").signedWith(io.logto.testing.TestKeys.ES384));

            filter.doFilter(request.proxy, response.proxy, chain);

            assertThat(passed.get()).isNull();
            assertThat(response.status.get()).as(response.headers.toString()).isEqualTo(503);
            assertThat(logs.messages(Level.WARNING)).singleElement().asString()
                    .startsWith("Bearer token not checked: JWKS_FAILED: ");
        } finally {
            server.stop();
        }
    }

    @Test
    void installRegistersTheFilterForItsPatternsAsyncAndOnlyOnce() {
        var recording = FakeRequests.filterContext();
        ServletContext context = recording.context();
        List<String> calls = recording.calls();
        List<String> added = recording.added();
        var filter = LogtoBearerFilter.builder(VALIDATOR).protect("/api/*").protect("/v2/*").build();

        assertThat(filter.install(context)).isSameAs(filter);
        assertThat(calls).containsExactly("async=true",
                "map " + EnumSet.of(DispatcherType.REQUEST) + " true [/api/*, /v2/*]");
        assertThatThrownBy(() -> filter.install(context)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(LogtoBearerFilter.FILTER_NAME);
        assertThat(added).containsExactly(LogtoBearerFilter.FILTER_NAME, LogtoBearerFilter.FILTER_NAME);
    }

    @Test
    void anotherSchemeOfSixLettersIsNoBearerToken() {
        // Same length as "Bearer" and followed by a space: only the scheme's name tells them apart.
        assertThat(LogtoBearerFilter.bearerToken("Digest abc")).isEmpty();
        assertThat(LogtoBearerFilter.bearerToken("Bearor abc")).isEmpty();
        assertThat(LogtoBearerFilter.bearerToken("bEaReR abc")).contains("abc");
    }

    @Test
    void toStringNamesThePatternsButNoToken() {
        var filter = LogtoBearerFilter.builder(VALIDATOR).protect("/api/*").build();

        assertThat(filter.toString()).startsWith("LogtoBearerFilter{").contains("patterns=[/api/*]");
    }
}
