package io.logto.sdk.perf;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoConfig;
import io.logto.sdk.oidc.OidcCore;
import io.logto.sdk.oidc.QueryString;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A Logto stand-in on WireMock (127.0.0.1, ephemeral port) for the count tests: discovery, JWKS of
 * one ES384 key, and token responses stubbed per sign-in. Tokens are signed at the test clock's time.
 * Counts requests per endpoint.
 */
final class PerfProvider implements AutoCloseable {
    static final String APP_ID = "perf-app";
    static final String SUBJECT = "user-1";
    static final String RESOURCE = "https://api.example.com";
    static final String REDIRECT_URI = "https://app.example.com/callback";
    static final String DISCOVERY = "/oidc/.well-known/openid-configuration";
    static final String JWKS = "/oidc/jwks";
    static final String TOKEN = "/oidc/token";

    final MutableClock clock;
    final TokenGate gate = new TokenGate();
    private final WireMockServer server;
    private final EllipticCurveJsonWebKey key;
    private final AtomicInteger codes = new AtomicInteger();

    PerfProvider(MutableClock clock) {
        this.clock = clock;
        this.key = newKey("perf-key-1");
        this.server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().extensions(gate));
        server.start();
        server.stubFor(get(urlPathEqualTo(DISCOVERY)).willReturn(json(200, discoveryJson())));
        publishKeys(key);
    }

    static EllipticCurveJsonWebKey newKey(String kid) {
        try {
            EllipticCurveJsonWebKey k = EcJwkGenerator.generateJwk(EllipticCurves.P384);
            k.setKeyId(kid);
            k.setUse("sig");
            return k;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    String issuer() {
        return endpoint() + "/oidc";
    }

    LogtoConfig config(UnaryOperator<LogtoConfig.Builder> change) {
        return change.apply(LogtoConfig.builder().endpoint(endpoint()).appId(APP_ID).appSecret("secret")
                .resources(List.of(RESOURCE))).build();
    }

    OidcCore core(LogtoConfig config) {
        return OidcCore.builder(config).clock(clock).build();
    }

    OidcCore core() {
        return core(config(b -> b));
    }

    WireMockServer server() {
        return server;
    }

    /** Replaces the published key set. */
    void publishKeys(EllipticCurveJsonWebKey... keys) {
        var out = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < keys.length; i++) {
            out.append(i == 0 ? "" : ",").append(keys[i].toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        }
        server.stubFor(get(urlPathEqualTo(JWKS)).willReturn(json(200, out.append("]}").toString())));
    }

    /** Requests received on {@code path} with {@code method}. */
    int count(RequestMethod method, String path) {
        return server.countRequestsMatching(new RequestPatternBuilder(method, urlPathEqualTo(path)).build()).getCount();
    }

    /** Refresh-token grants received. */
    int refreshes() {
        return server.countRequestsMatching(new RequestPatternBuilder(RequestMethod.POST, urlPathEqualTo(TOKEN))
                .withRequestBody(containing("grant_type=refresh_token")).build()).getCount();
    }

    int total() {
        return server.getAllServeEvents().size();
    }

    /** An ES384 ID token for {@link #SUBJECT}, issued now by the test clock, signed by {@code signer}. */
    String idToken(EllipticCurveJsonWebKey signer, String nonce) {
        Instant now = clock.instant();
        var claims = new JwtClaims();
        claims.setIssuer(issuer());
        claims.setSubject(SUBJECT);
        claims.setAudience(APP_ID);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.getEpochSecond() + 3600));
        if (nonce != null) {
            claims.setClaim("nonce", nonce);
        }
        claims.setClaim("name", "Ada Lovelace");
        claims.setClaim("email", "ada@example.com");
        claims.setClaim("custom_data", Map.of("plan", "pro"));
        var jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signer.getPrivateKey());
        jws.setKeyIdHeaderValue(signer.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    String idToken(String nonce) {
        return idToken(key, nonce);
    }

    /** Refresh grants answer {@code accessToken} (HTTP 200, one hour) from now on. */
    void stubRefresh(String accessToken) {
        server.stubFor(post(urlPathEqualTo(TOKEN)).withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(json(200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\","
                        + "\"expires_in\":3600,\"scope\":\"read\",\"refresh_token\":\"refresh-1\"}")));
    }

    /** Refresh grants answer HTTP {@code status} with an OAuth error body. */
    void stubRefreshFailure(int status, String error) {
        server.stubFor(post(urlPathEqualTo(TOKEN)).withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(json(status, "{\"error\":\"" + error + "\"}")));
    }

    /**
     * The sign-in a browser and Logto would do: {@code signIn}, a token response stubbed for this
     * sign-in's code (ID token with its nonce), then the callback.
     */
    void signIn(LogtoClient client) {
        String url = client.signIn(REDIRECT_URI).join();
        Map<String, List<String>> params = QueryString.parse(URI.create(url).getRawQuery());
        String code = "code-" + codes.incrementAndGet();
        server.stubFor(post(urlPathEqualTo(TOKEN)).withRequestBody(containing("code=" + code + "&"))
                .willReturn(json(200, "{\"access_token\":\"userinfo-token\",\"token_type\":\"Bearer\","
                        + "\"expires_in\":3600,\"scope\":\"openid\",\"refresh_token\":\"refresh-1\","
                        + "\"id_token\":\"" + idToken(params.get("nonce").get(0)) + "\"}")));
        client.handleSignInCallback(REDIRECT_URI + "?code=" + code + "&state="
                + URLEncoder.encode(params.get("state").get(0), StandardCharsets.UTF_8)
                + "&iss=" + URLEncoder.encode(issuer(), StandardCharsets.UTF_8)).join();
    }

    private String discoveryJson() {
        String oidc = issuer();
        return "{\"issuer\":\"" + oidc + "\",\"authorization_endpoint\":\"" + oidc + "/auth\","
                + "\"token_endpoint\":\"" + oidc + "/token\",\"userinfo_endpoint\":\"" + oidc + "/me\","
                + "\"jwks_uri\":\"" + oidc + "/jwks\",\"end_session_endpoint\":\"" + oidc + "/session/end\","
                + "\"id_token_signing_alg_values_supported\":[\"ES384\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"],"
                + "\"authorization_response_iss_parameter_supported\":true}";
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Override
    public void close() {
        gate.open();
        server.stop();
    }
}
