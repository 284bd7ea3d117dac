package io.logto.sdk.servlet;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.m2m.ClientCredentialsRequest;
import io.logto.sdk.m2m.ClientCredentialsTokenProvider;
import io.logto.sdk.resourceserver.AccessRequirement;
import io.logto.sdk.resourceserver.AccessTokenValidator;
import io.logto.sdk.resourceserver.VerifiedAccessToken;
import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LogtoBearerFilter} in a real Jetty, against a real provider on 127.0.0.1: every rejection
 * answered with its status, challenge and JSON body; real tokens from the provider accepted; no
 * session, no redirect, no request to Logto per call.
 */
class LogtoBearerFilterTest {
    private static final String API = "https://api.example.com";
    private static final String REALM = "Bearer realm=\"" + API + "\"";
    private static LoopbackOidcProvider provider;
    private static PublicJsonWebKey providerKey;
    private static TokenFactory tokens;
    private static Server server;
    private static String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        provider = LoopbackOidcProvider.builder()
                .apiResource(API, "read:data", "write:data")
                .apiResource("https://billing.example.com", "read:data")
                .organization("org-1", "read:members")
                .signingKey(TestKeys.ES384)
                .build();
        providerKey = provider.signingKey().orElseThrow();
        tokens = new TokenFactory(provider.issuer(), "web-app", Clock.systemUTC());
        startApi();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        provider.close();
    }

    /** The API: the filter from a container initializer, as an app installs it, and one servlet that echoes. */
    private static void startApi() throws Exception {
        server = new Server();
        var http = new HttpConfiguration();
        http.setRequestHeaderSize(64 * 1024); // so that an oversized token reaches the filter
        var connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        var context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        server.setHandler(context);
        var validator = AccessTokenValidator.builder(provider.endpoint()).apiResource(API).build();
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var unreachable = AccessTokenValidator.builder("http://127.0.0.1:" + closedPort).apiResource(API)
                .connectTimeout(java.time.Duration.ofSeconds(2)).build();
        context.addServletContainerInitializer((classes, servletContext) -> {
            LogtoBearerFilter.builder(validator)
                    .protect("/api/*", "read:data")
                    .protect("/api/admin/*", AccessRequirement.api("write:data"))
                    .protect("/orgs/*", request -> segment(request, 2)
                            .map(org -> AccessRequirement.organization(org, "read:members")))
                    .protect("/org-api/*", request -> segment(request, 2)
                            .map(org -> AccessRequirement.organizationApi(org, "read:data")))
                    .build()
                    .install(servletContext);
            servletContext.addFilter("down", LogtoBearerFilter.builder(unreachable).protect("/down/*").build())
                    .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/down/*");
            servletContext.addServlet("echo", new Echo()).addMapping("/");
        });
        server.start();
        baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** The path segment at {@code index} ({@code /orgs/org-1/x} → 2 is {@code org-1}). */
    private static Optional<String> segment(HttpServletRequest request, int index) {
        String[] parts = request.getRequestURI().split("/");
        return parts.length > index && !parts[index].isEmpty() ? Optional.of(parts[index]) : Optional.empty();
    }

    /** Answers with who the filter let in. */
    private static final class Echo extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Optional<VerifiedAccessToken> token = LogtoBearerFilter.accessToken(request);
            response.setContentType("text/plain");
            response.getWriter().print(token.map(t -> "sub=" + t.subject() + " client=" + t.clientId()
                    + " scopes=" + String.join(",", t.scopes()) + " org=" + t.organizationId().orElse("-"))
                    .orElse("public"));
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> getWithToken(String path, String token) throws Exception {
        return get(path, "Authorization", "Bearer " + token);
    }

    private static String challenge(HttpResponse<String> response) {
        return response.headers().firstValue("WWW-Authenticate").orElse("<none>");
    }

    private static TokenFactory.Jwt accessToken() {
        return tokens.logtoAccessToken(API, "read:data");
    }

    /** A refusal: its status, its challenge's error, a JSON body saying the same, and nothing else. */
    private static void assertRefused(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(challenge(response)).startsWith(REALM + ", error=\"" + error + "\", error_description=\"");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(response.body()).startsWith("{\"error\":\"" + error + "\",\"error_description\":\"");
        assertThat(response.headers().firstValue("Set-Cookie")).as("no session").isEmpty();
        assertThat(response.headers().firstValue("Location")).as("no redirect").isEmpty();
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    }

    private static void assertInvalidToken(HttpResponse<String> response, String description) {
        assertRefused(response, 401, "invalid_token");
        assertThat(challenge(response)).contains(description);
    }

    @Test
    void noTokenThen401WithABareChallengeAndNoErrorCode() throws Exception {
        HttpResponse<String> response = get("/api/data");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(challenge(response)).isEqualTo(REALM);
        assertThat(response.body()).startsWith("{\"error\":\"unauthorized\"");
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void anotherAuthenticationSchemeCountsAsNoBearerToken() throws Exception {
        assertThat(challenge(get("/api/data", "Authorization", "Basic d2ViLWFwcDpzZWNyZXQ="))).isEqualTo(REALM);
    }

    @Test
    void validTokenPassesWithItsClaimsAsARequestAttributeAndNoSession() throws Exception {
        HttpResponse<String> response = getWithToken("/api/data", accessToken().signedWith(providerKey));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("sub=" + TokenFactory.SUBJECT + " client=web-app scopes=read:data org=-");
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() throws Exception {
        assertThat(get("/api/data", "Authorization", "bearer " + accessToken().signedWith(providerKey)).statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a.b", "not a token at all", "eyJhbGciOiJub25lIn0..."})
    void garbageThen401InvalidToken(String garbage) throws Exception {
        assertInvalidToken(getWithToken("/api/data", garbage), "malformed");
    }

    @Test
    void bearerWithoutATokenThen401InvalidToken() throws Exception {
        assertInvalidToken(get("/api/data", "Authorization", "Bearer"), "malformed");
    }

    @Test
    void oversizedTokenThen401InvalidToken() throws Exception {
        String oversized = accessToken().claim("padding", "x".repeat(20_000)).signedWith(providerKey);

        assertInvalidToken(getWithToken("/api/data", oversized), "malformed");
    }

    @Test
    void expiredTokenThen401InvalidToken() throws Exception {
        assertInvalidToken(getWithToken("/api/data", accessToken().expiresIn(-3600).signedWith(providerKey)), "expired");
    }

    @Test
    void tokenFromAnotherIssuerThen401InvalidToken() throws Exception {
        String foreign = accessToken().claim("iss", "https://other-tenant.logto.app/oidc").signedWith(providerKey);

        assertInvalidToken(getWithToken("/api/data", foreign), "another issuer");
    }

    @Test
    void tokenWithTheWrongAudienceThen401InvalidToken() throws Exception {
        String forAnotherApi = tokens.logtoAccessToken("https://billing.example.com", "read:data").signedWith(providerKey);

        assertInvalidToken(getWithToken("/api/data", forAnotherApi), "not for this API");
    }

    @Test
    void algNoneOrHmacThen401InvalidToken() throws Exception {
        assertInvalidToken(getWithToken("/api/data", accessToken().header("kid", "oidc").unsigned()), "signature");
        assertInvalidToken(getWithToken("/api/data", accessToken().hmacWithPublicKey(providerKey)), "signature");
        assertInvalidToken(getWithToken("/api/data", accessToken().signedWith(TestKeys.es384("oidc"))), "signature");
    }

    @Test
    void idTokenPresentedAsAnAccessTokenThen401InvalidToken() throws Exception {
        assertInvalidToken(getWithToken("/api/data", tokens.idToken().signedWith(providerKey)), "not an access token");
    }

    @Test
    void missingScopeThen403InsufficientScopeNamingTheScope() throws Exception {
        HttpResponse<String> response = getWithToken("/api/admin/users", accessToken().signedWith(providerKey));

        assertRefused(response, 403, "insufficient_scope");
        assertThat(challenge(response)).endsWith(", scope=\"write:data\"");
        assertThat(response.body()).endsWith(",\"scope\":\"write:data\"}");
    }

    @Test
    void organizationTokenForTheRequestsOrganizationPasses() throws Exception {
        String token = tokens.logtoAccessToken("urn:logto:organization:org-1", "read:members").signedWith(providerKey);

        assertThat(getWithToken("/orgs/org-1/members", token).body()).endsWith("org=org-1");
    }

    @Test
    void organizationTokenForAnotherOrganizationThen403() throws Exception {
        String token = tokens.logtoAccessToken("urn:logto:organization:org-1", "read:members").signedWith(providerKey);

        HttpResponse<String> response = getWithToken("/orgs/org-2/members", token);

        assertRefused(response, 403, "insufficient_scope");
        assertThat(challenge(response)).contains("not for this organization").endsWith("scope=\"read:members\"");
    }

    @Test
    void organizationLevelApiTokenMustCarryTheRequestsOrganization() throws Exception {
        String forOrg1 = accessToken().claim("organization_id", "org-1").signedWith(providerKey);

        assertThat(getWithToken("/org-api/org-1/data", forOrg1).statusCode()).isEqualTo(200);
        assertRefused(getWithToken("/org-api/org-2/data", forOrg1), 403, "insufficient_scope");
        assertRefused(getWithToken("/org-api/org-1/data", accessToken().signedWith(providerKey)), 403,
                "insufficient_scope");
        assertRefused(getWithToken("/api/data", forOrg1), 403, "insufficient_scope");
    }

    @Test
    void requestThatNamesNoOrganizationThen400InvalidRequest() throws Exception {
        String token = tokens.logtoAccessToken("urn:logto:organization:org-1", "read:members").signedWith(providerKey);

        assertRefused(getWithToken("/orgs/", token), 400, "invalid_request");
    }

    @Test
    void twoAuthorizationHeadersThen400InvalidRequest() throws Exception {
        String token = accessToken().signedWith(providerKey);

        assertRefused(get("/api/data", "Authorization", "Bearer " + token, "Authorization", "Bearer " + token),
                400, "invalid_request");
    }

    @Test
    void corsPreflightAndUnprotectedPathsPassWithoutAToken() throws Exception {
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/data"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "GET").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(get("/public").body()).isEqualTo("public");
    }

    @Test
    void logtoUnreachableThen503WithoutAChallenge() throws Exception {
        HttpResponse<String> response = getWithToken("/down/data", accessToken().signedWith(providerKey));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(response.body()).contains("temporarily_unavailable");
    }

    @Test
    void realClientCredentialsTokensFromTheProviderAreAcceptedOrRefusedOnTheirScopes() throws Exception {
        var m2m = ClientCredentialsTokenProvider.create(LogtoConfig.builder().endpoint(provider.endpoint())
                .appId("m2m-app").appSecret("m2m-secret").build());

        String reader = m2m.token(ClientCredentialsRequest.forResource(API, "read:data")).join().accessToken();
        String writer = m2m.token(ClientCredentialsRequest.forResource(API, "read:data", "write:data")).join().accessToken();
        String members = m2m.token(ClientCredentialsRequest.forOrganization("org-1", "read:members")).join().accessToken();

        assertThat(getWithToken("/api/data", reader).body()).isEqualTo("sub=m2m-app client=m2m-app scopes=read:data org=-");
        assertRefused(getWithToken("/api/admin/users", reader), 403, "insufficient_scope");
        assertThat(getWithToken("/api/admin/users", writer).statusCode()).isEqualTo(200);
        assertThat(getWithToken("/orgs/org-1/members", members).statusCode()).isEqualTo(200);
        assertInvalidToken(getWithToken("/api/data", members), "not for this API");
    }

    @Test
    void onceKeysAreCachedRequestsMakeNoCallToLogto() throws Exception {
        assertThat(getWithToken("/api/data", accessToken().signedWith(providerKey)).statusCode()).isEqualTo(200);
        int before = provider.requestCount();

        for (int i = 0; i < 50; i++) {
            String token = accessToken().claim("jti", "j-" + i).signedWith(providerKey);
            assertThat(getWithToken("/api/data", token).statusCode()).isEqualTo(200);
        }

        assertThat(provider.requestCount()).isEqualTo(before);
    }

    @Test
    void bearerTokenParsingFollowsRfc6750() {
        assertThat(LogtoBearerFilter.bearerToken("Bearer abc")).contains("abc");
        assertThat(LogtoBearerFilter.bearerToken("BEARER   abc  ")).contains("abc");
        assertThat(LogtoBearerFilter.bearerToken("Bearer")).contains("");
        assertThat(LogtoBearerFilter.bearerToken("Bearerabc")).isEmpty();
        assertThat(LogtoBearerFilter.bearerToken("Basic abc")).isEmpty();
        assertThat(LogtoBearerFilter.bearerToken("")).isEmpty();
    }

    @Test
    void builderRefusesApiRulesWithoutAnApiResourceAndBadPatterns() {
        var organizationsOnly = AccessTokenValidator.builder(provider.endpoint()).build();

        assertThat(LogtoBearerFilter.builder(organizationsOnly).protect("/orgs/*", AccessRequirement.organization("o"))
                .build().realm()).isEqualTo(provider.issuer());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogtoBearerFilter.builder(organizationsOnly)
                .protect("/api/*", "read:data")).isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogtoBearerFilter.builder(organizationsOnly)
                .protect("api", AccessRequirement.organization("o"))).isInstanceOf(IllegalArgumentException.class);
    }
}
