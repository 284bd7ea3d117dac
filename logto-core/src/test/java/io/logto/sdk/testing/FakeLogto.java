package io.logto.sdk.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.logto.sdk.LogtoConfig;
import io.logto.sdk.OidcCore;
import io.logto.sdk.oidc.ProviderClients;
import io.logto.testing.MutableClock;
import io.logto.testing.SignIn;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import org.jose4j.jwk.PublicJsonWebKey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A Logto tenant in WireMock on 127.0.0.1 with an ephemeral port, for logto-core's own tests (it is
 * typed on the SDK's classes, so it cannot live in logto-testing), laid out like Logto: discovery
 * at {@code /oidc/.well-known/openid-configuration}, issuer {@code {endpoint}/oidc}, ES384 keys at
 * {@code /oidc/jwks}, token, userinfo ({@code /oidc/me}), revocation and end-session endpoints.
 * The token endpoint is not stubbed until a test says what it answers.
 *
 * <pre>{@code
 * try (var logto = new FakeLogto()) {
 *     var client = new LogtoClient(logto.core(), new MemoryStorage());
 *     logto.signIn(client);                      // a full sign-in with a really signed ID token
 *     assertThat(logto.tokenRequests()).hasSize(1);
 * }
 * }</pre>
 */
public final class FakeLogto implements AutoCloseable {
    /** The app id every fake tenant knows. */
    public static final String APP_ID = "app-9c1e2b";
    /** The app secret; tests look for it in logs and messages. */
    public static final String APP_SECRET = "s3cret-9a8b7c6d5e4f";
    /** The redirect URI of the test app. */
    public static final String REDIRECT_URI = "http://localhost:3000/callback";

    public static final String DISCOVERY_PATH = "/oidc/.well-known/openid-configuration";
    public static final String JWKS_PATH = "/oidc/jwks";
    public static final String TOKEN_PATH = "/oidc/token";
    public static final String USERINFO_PATH = "/oidc/me";
    public static final String REVOCATION_PATH = "/oidc/token/revocation";
    public static final String AUTH_PATH = "/oidc/auth";
    public static final String END_SESSION_PATH = "/oidc/session/end";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final MutableClock clock;
    private final TokenFactory tokens;
    private final TokenGate gate = new TokenGate();
    private final DiscoveryGate discoveryGate = new DiscoveryGate();
    private final RotatingRefreshTokens rotation = new RotatingRefreshTokens();
    private final AtomicInteger codes = new AtomicInteger();
    private PublicJsonWebKey signingKey = TestKeys.ES384;

    /** Starts a tenant with the ES384 test key and a clock at {@link MutableClock#START}. */
    public FakeLogto() {
        this(new MutableClock());
    }

    /** Starts a tenant whose tokens are timed by {@code clock}. */
    public FakeLogto(MutableClock clock) {
        this.clock = clock;
        this.server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1").dynamicPort().extensions(gate, discoveryGate, rotation));
        server.start();
        this.tokens = new TokenFactory(issuer(), APP_ID, clock);
        stubDefaults();
    }

    /**
     * Back to the state of a new tenant (stubs, request journal, clock, signing key), so that a
     * test class can share one server: starting WireMock costs more than most tests.
     */
    public void reset() {
        gate.open();
        discoveryGate.open();
        rotation.reset();
        server.resetAll();
        clock.set(MutableClock.START);
        signingKey = TestKeys.ES384;
        stubDefaults();
    }

    private void stubDefaults() {
        stubDiscovery(discoveryDocument());
        publishKeys(TestKeys.ES384);
        stubJson(get(urlPathEqualTo(USERINFO_PATH)), 200, Map.of("sub", TokenFactory.SUBJECT, "name", "Ada Lovelace"));
        server.stubFor(post(urlPathEqualTo(REVOCATION_PATH)).willReturn(aResponse().withStatus(200)));
    }

    /** {@code http://127.0.0.1:PORT}, the SDK's endpoint. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    /** {@code {endpoint}/oidc}. */
    public String issuer() {
        return endpoint() + "/oidc";
    }

    /** The WireMock server, for stubs a test needs beyond these. */
    public WireMockServer server() {
        return server;
    }

    /** The clock tokens and the SDK share. */
    public MutableClock clock() {
        return clock;
    }

    /** The gate that can hold discovery responses (open unless a test closes it). */
    public DiscoveryGate discoveryGate() {
        return discoveryGate;
    }

    /** The gate that can hold refresh responses (open unless a test closes it). */
    public TokenGate tokenGate() {
        return gate;
    }

    /** The token factory for this issuer and app. */
    public TokenFactory tokens() {
        return tokens;
    }

    /** The key {@link #signIn} signs ID tokens with (ES384 by default). */
    public PublicJsonWebKey signingKey() {
        return signingKey;
    }

    /** Changes the key {@link #signIn} signs with (publish it too). */
    public void signWith(PublicJsonWebKey key) {
        this.signingKey = key;
    }

    /** A configuration for this tenant: 10 s request and 5 s connect timeouts (generous: CI machines are loaded). */
    public LogtoConfig.Builder configBuilder() {
        return LogtoConfig.builder().endpoint(endpoint()).appId(APP_ID).appSecret(APP_SECRET)
                .requestTimeout(Duration.ofSeconds(10)).connectTimeout(Duration.ofSeconds(5));
    }

    /** {@link #configBuilder()} built. */
    public LogtoConfig config() {
        return configBuilder().build();
    }

    /** A core for {@link #config()} on this tenant's clock. */
    public OidcCore core() {
        return core(config());
    }

    /** A core for {@code config} on this tenant's clock. */
    public OidcCore core(LogtoConfig config) {
        return OidcCore.builder(config).clock(clock).build();
    }

    /** The clients that talk to this tenant for {@link #config()}, on its clock: what the tests of {@code io.logto.sdk.oidc} use. */
    public ProviderClients providerClients() {
        return providerClients(config());
    }

    /** The clients that talk to this tenant for {@code config}, on its clock. */
    public ProviderClients providerClients(LogtoConfig config) {
        return new ProviderClients(config, ProviderClients.defaultHttpClient(config), clock);
    }

    /** Logto's discovery document for this tenant, as a mutable map to change before stubbing. */
    public Map<String, Object> discoveryDocument() {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("issuer", issuer());
        doc.put("authorization_endpoint", endpoint() + AUTH_PATH);
        doc.put("token_endpoint", endpoint() + TOKEN_PATH);
        doc.put("userinfo_endpoint", endpoint() + USERINFO_PATH);
        doc.put("jwks_uri", endpoint() + JWKS_PATH);
        doc.put("end_session_endpoint", endpoint() + END_SESSION_PATH);
        doc.put("revocation_endpoint", endpoint() + REVOCATION_PATH);
        doc.put("response_types_supported", List.of("code"));
        doc.put("id_token_signing_alg_values_supported", List.of("ES384"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        doc.put("authorization_response_iss_parameter_supported", true);
        return doc;
    }

    /** Serves {@code document} as the discovery document. */
    public void stubDiscovery(Map<String, Object> document) {
        stubJson(get(urlPathEqualTo(DISCOVERY_PATH)), 200, document);
    }

    /** Serves a JWKS with the public halves of {@code keys}. */
    public void publishKeys(PublicJsonWebKey... keys) {
        server.stubFor(get(urlPathEqualTo(JWKS_PATH)).willReturn(jsonResponse(200, TestKeys.jwks(keys))));
    }

    /** The token endpoint answers {@code json} with HTTP 200. */
    public void stubToken(Map<String, Object> json) {
        stubJson(post(urlPathEqualTo(TOKEN_PATH)), 200, json);
    }

    /** The token endpoint answers with {@code response}. */
    public void stubToken(ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(response));
    }

    /** The token endpoint answers {@code {"error": error}} with {@code status}. */
    public void stubTokenError(int status, String error) {
        stubJson(post(urlPathEqualTo(TOKEN_PATH)), status, Map.of("error", error, "error_description", "refused"));
    }

    /** A token response: access token (an hour), refresh token, ID token (if not null). */
    public Map<String, Object> tokenResponse(String accessToken, String refreshToken, String idToken) {
        var json = new LinkedHashMap<String, Object>();
        json.put("access_token", accessToken);
        json.put("token_type", "Bearer");
        json.put("expires_in", 3600);
        json.put("scope", "openid offline_access profile");
        if (refreshToken != null) {
            json.put("refresh_token", refreshToken);
        }
        if (idToken != null) {
            json.put("id_token", idToken);
        }
        return json;
    }

    /**
     * Runs a whole sign-in on {@code client}: sign-in URL, a token endpoint that answers with
     * {@code access-1}, {@code refresh-1} and an ID token signed with {@link #signingKey()} carrying
     * the sign-in's nonce, then the callback. Returns the sign-in's parameters.
     */
    public SignIn signIn(io.logto.sdk.LogtoClient client) {
        SignIn signIn = startSignIn(client, REDIRECT_URI);
        stubToken(tokenResponse("access-1", "refresh-1",
                tokens.idToken().claim("nonce", signIn.nonce()).signedWith(signingKey)));
        client.handleSignInCallback(signIn.callback()).join();
        return signIn;
    }

    /**
     * Runs a whole sign-in whose token response answers only this sign-in's own code
     * ({@code code-1}, {@code code-2}, …), so that refresh stubs set before or after keep answering
     * refreshes: access token {@code userinfo-token}, refresh token {@code refresh-1} and an ID token
     * with the sign-in's nonce and {@code extraIdTokenClaims}.
     */
    public SignIn signInWithOwnCode(io.logto.sdk.LogtoClient client, Map<String, Object> extraIdTokenClaims) {
        SignIn signIn = startSignIn(client, REDIRECT_URI);
        String code = "code-" + codes.incrementAndGet();
        TokenFactory.Jwt idToken = tokens.idToken().claim("nonce", signIn.nonce());
        extraIdTokenClaims.forEach(idToken::claim);
        var response = tokenResponse("userinfo-token", "refresh-1", idToken.signedWith(signingKey));
        response.put("scope", "openid");
        stubJson(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("code=" + code + "&")), 200, response);
        client.handleSignInCallback(signIn.callbackWithCode(code)).join();
        return signIn;
    }

    /** Refresh grants answer {@code accessToken} (an hour, scope {@code read}, refresh token {@code refresh-1}) from now on. */
    public void stubRefresh(String accessToken) {
        var response = tokenResponse(accessToken, "refresh-1", null);
        response.put("scope", "read");
        stubJson(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=refresh_token")), 200, response);
    }

    /**
     * From now on refresh grants rotate the refresh token and revoke the grant when a consumed one
     * comes back, as Logto's engine does ({@link RotatingRefreshTokens}); start grants on the returned object.
     */
    public RotatingRefreshTokens rotateRefreshTokens() {
        server.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(aResponse().withTransformers(RotatingRefreshTokens.NAME)));
        return rotation;
    }

    /** Refresh grants answer HTTP {@code status} with the OAuth error {@code error} from now on. */
    public void stubRefreshError(int status, String error) {
        stubJson(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=refresh_token")), status,
                Map.of("error", error));
    }

    /** How many refresh grants reached the token endpoint. */
    public int refreshRequests() {
        return server.countRequestsMatching(postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(containing("grant_type=refresh_token")).build()).getCount();
    }

    /** How many requests of any kind reached the tenant. */
    public int requestCount() {
        return server.getAllServeEvents().size();
    }

    /** Starts a sign-in on {@code client} and reads its parameters from the URL. */
    public SignIn startSignIn(io.logto.sdk.LogtoClient client, String redirectUri) {
        String url = client.signIn(redirectUri).join();
        return SignIn.of(url, redirectUri, issuer());
    }

    /** How many requests reached {@code path} with {@code method} ("GET" or "POST"). */
    public int count(String method, String path) {
        RequestPatternBuilder pattern = "POST".equals(method) ? postRequestedFor(urlPathEqualTo(path))
                : getRequestedFor(urlPathEqualTo(path));
        return server.countRequestsMatching(pattern.build()).getCount();
    }

    /** Requests to the token endpoint, oldest first. */
    public List<LoggedRequest> tokenRequests() {
        return new ArrayList<>(server.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))));
    }

    /** Forgets the requests seen so far (stubs stay). */
    public void resetCounts() {
        server.resetRequests();
    }

    /** Serves {@code body} as JSON from {@code mapping}. */
    public void stubJson(MappingBuilder mapping, int status, Object body) {
        server.stubFor(mapping.willReturn(jsonResponse(status, toJson(body))));
    }

    /** A JSON response. */
    public static ResponseDefinitionBuilder jsonResponse(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    /** {@code value} as JSON. */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The WireMock DSL, for tests that want more than these helpers. */
    public static WireMock dsl() {
        return new WireMock();
    }

    @Override
    public void close() {
        gate.open();
        discoveryGate.open();
        server.stop();
    }
}
