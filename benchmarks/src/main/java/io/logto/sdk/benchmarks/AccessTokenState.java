package io.logto.sdk.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.logto.sdk.resourceserver.AccessRequirement;
import io.logto.sdk.resourceserver.AccessTokenValidator;
import io.logto.sdk.oidc.PreparedSignature;
import io.logto.sdk.resourceserver.VerifiedAccessToken;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

/**
 * One Logto-shaped access token (ES384, Logto's default, or RS256, an RSA tenant's) and four ways
 * to check it: the SDK's {@link AccessTokenValidator} with its key set cached (a resource server's
 * per-request work: signature, {@code typ}, issuer, times, claims, audience and scopes, typed claims
 * out); two bare signature checks of the same signing input with the key in hand, nothing parsed —
 * the JDK's {@link Signature}, and the SDK's own per-key check ({@link PreparedSignature}, what the
 * validator uses, so that the difference is exactly what validation adds); and jose4j's
 * {@link JsonWebSignature} alone (the header parsed, the signature checked, no claims). The tenant's discovery document and key set are served once
 * from 127.0.0.1 at set-up; the validator makes no request after that.
 */
@State(Scope.Benchmark)
public class AccessTokenState {
    static final String API = "https://api.example.com";
    static final AccessRequirement REQUIREMENT = AccessRequirement.api("read:data");

    /** The tenant's signing algorithm. */
    @Param({"ES384", "RS256"})
    public String algorithm;

    private HttpServer tenant;
    private AccessTokenValidator validator;
    private PublicJsonWebKey key;
    private String token;
    private String signatureAlgorithm;
    private PreparedSignature prepared;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        key = algorithm.equals("ES384") ? TestKeys.es384("bench-es384") : TestKeys.rs256("bench-rs256");
        signatureAlgorithm = algorithm.equals("ES384") ? "SHA384withECDSAinP1363Format" : "SHA256withRSA";
        prepared = PreparedSignature.forKey((PublicKey) key.getPublicKey());
        tenant = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        String endpoint = "http://127.0.0.1:" + tenant.getAddress().getPort();
        String issuer = endpoint + "/oidc";
        tenant.createContext("/oidc/.well-known/openid-configuration", e -> answer(e, "{\"issuer\":\"" + issuer + "\","
                + "\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\"" + issuer + "/token\","
                + "\"jwks_uri\":\"" + issuer + "/jwks\",\"id_token_signing_alg_values_supported\":[\"" + algorithm + "\"]}"));
        tenant.createContext("/oidc/jwks", e -> answer(e, TestKeys.jwks(key)));
        tenant.start();
        validator = AccessTokenValidator.builder(endpoint).apiResource(API).build();
        // What Logto issues for an API resource: its claims, sizes and header (typ at+jwt, kid).
        token = new TokenFactory(issuer, "xh4hs4b9z1k6mz5tq0x2c", Clock.systemUTC())
                .logtoAccessToken(API, "read:data write:data")
                .claim("sub", "u1a2b3c4d5e6")
                .signedWith(key);
        validate(); // fetch discovery and keys once
        if (!bareSignature() || !sdkSignature() || !jose4jSignature()) {
            throw new IllegalStateException("the baselines do not accept the token");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        tenant.stop(0);
    }

    /** The SDK: everything a resource server checks per request. */
    VerifiedAccessToken validate() {
        return validator.validate(token, REQUIREMENT).join();
    }

    /** The bare signature check: split the token, decode the signature, verify with the key in hand. */
    boolean bareSignature() {
        try {
            int dot = token.lastIndexOf('.');
            Signature signature = Signature.getInstance(signatureAlgorithm);
            signature.initVerify((PublicKey) key.getPublicKey());
            signature.update(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getUrlDecoder().decode(token.substring(dot + 1)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SDK's own signature check alone: split the token, decode the signature, verify with the prepared key. */
    boolean sdkSignature() {
        int dot = token.lastIndexOf('.');
        return prepared.verify(algorithm, token.substring(0, dot).getBytes(StandardCharsets.US_ASCII),
                Base64.getUrlDecoder().decode(token.substring(dot + 1)));
    }

    /** jose4j alone: parse the JWS, verify its signature with the key in hand; no claims. */
    boolean jose4jSignature() {
        try {
            var jws = new JsonWebSignature();
            jws.setCompactSerialization(token);
            jws.setKey(key.getPublicKey());
            return jws.verifySignature();
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token's size, for the report. */
    int tokenLength() {
        return token.length();
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put("Content-Type", List.of("application/json"));
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
