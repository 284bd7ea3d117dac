package io.logto.sdk.benchmarks;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Signs ES384 tokens shaped like Logto's (same claims, similar sizes), with one P-384 key made at
 * start-up. Thread-safe after construction.
 */
public final class TokenFactory {
    /** A Logto-like app id (21 characters). */
    public static final String APP_ID = "xh4hs4b9z1k6mz5tq0x2c";
    /** The user's id. */
    public static final String SUBJECT = "u1a2b3c4d5e6";
    /** The API resource of the benchmarks. */
    public static final String RESOURCE = "https://api.example.com";

    private final EllipticCurveJsonWebKey key;
    private final SecureRandom random = new SecureRandom();

    /** Generates the signing key. */
    public TokenFactory() {
        try {
            key = EcJwkGenerator.generateJwk(EllipticCurves.P384);
            key.setKeyId("bench-key-1");
            key.setUse("sig");
            key.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key, to verify with. */
    public EllipticCurveJsonWebKey key() {
        return key;
    }

    /** The public key set as the provider publishes it. */
    public String jwksJson() {
        return "{\"keys\":[" + key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}";
    }

    /** An ID token with Logto's claims for {@link #SUBJECT}, valid for an hour from now. */
    public String idToken(String issuer, String nonce) {
        var claims = baseClaims(issuer, APP_ID);
        claims.setClaim("nonce", nonce);
        claims.setClaim("at_hash", randomText(22));
        claims.setClaim("name", "Ada Lovelace");
        claims.setClaim("picture", "https://cdn.example.com/avatars/u1a2b3c4d5e6.png");
        claims.setClaim("username", "ada");
        claims.setClaim("email", "ada@example.com");
        claims.setClaim("email_verified", true);
        claims.setClaim("roles", List.of("admin", "editor"));
        claims.setClaim("created_at", 1_700_000_000_000L);
        claims.setClaim("updated_at", 1_700_000_500_000L);
        return sign(claims, "JWT");
    }

    /** A JWT access token for {@code resource}, as Logto issues for API resources. */
    public String accessToken(String issuer, String resource) {
        var claims = baseClaims(issuer, resource);
        claims.setClaim("jti", randomText(21));
        claims.setClaim("scope", "read:data write:data");
        claims.setClaim("client_id", APP_ID);
        return sign(claims, "at+jwt");
    }

    /** An opaque token (Logto's refresh tokens and userinfo access tokens look like this). */
    public String opaqueToken() {
        return randomText(43);
    }

    private JwtClaims baseClaims(String issuer, String audience) {
        var claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(SUBJECT);
        claims.setAudience(audience);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(60);
        return claims;
    }

    private String sign(JwtClaims claims, String type) {
        var jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setHeader("typ", type);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomText(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, length);
    }
}
