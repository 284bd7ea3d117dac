package io.logto.sdk.benchmarks;

import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import org.jose4j.jwk.EllipticCurveJsonWebKey;

import java.time.Clock;
import java.util.List;

/**
 * Tokens shaped like Logto's (the same claims, similar sizes), signed ES384 with one P-384 key made
 * at start-up: logto-testing's {@link TokenFactory} with the claims Logto adds. Thread-safe after
 * construction.
 */
public final class LogtoShapedTokens {
    /** A Logto-like app id (21 characters). */
    public static final String APP_ID = "xh4hs4b9z1k6mz5tq0x2c";
    /** The API resource of the benchmarks. */
    public static final String RESOURCE = "https://api.example.com";

    private final EllipticCurveJsonWebKey key = TestKeys.es384("bench-key-1");

    /** The key, to verify with. */
    public EllipticCurveJsonWebKey key() {
        return key;
    }

    /** The public key set as the provider publishes it. */
    public String jwksJson() {
        return TestKeys.jwks(key);
    }

    /** An ID token with Logto's claims, valid for an hour from now. */
    public String idToken(String issuer, String nonce) {
        return factory(issuer).idToken()
                .claim("nonce", nonce)
                .claim("at_hash", TokenFactory.opaqueToken().substring(0, 22))
                .claim("picture", "https://cdn.example.com/avatars/u1a2b3c4d5e6.png")
                .claim("username", "ada")
                .claim("roles", List.of("admin", "editor"))
                .claim("created_at", 1_700_000_000_000L)
                .claim("updated_at", 1_700_000_500_000L)
                .header("typ", "JWT")
                .signedWith(key);
    }

    /** A JWT access token for {@code resource}, as Logto issues for API resources. */
    public String accessToken(String issuer, String resource) {
        return factory(issuer).accessToken(resource, "read:data write:data")
                .claim("jti", TokenFactory.opaqueToken().substring(0, 21))
                .header("typ", "at+jwt")
                .signedWith(key);
    }

    /** An opaque token (Logto's refresh tokens and userinfo access tokens look like this). */
    public String opaqueToken() {
        return TokenFactory.opaqueToken();
    }

    private static TokenFactory factory(String issuer) {
        return new TokenFactory(issuer, APP_ID, Clock.systemUTC());
    }
}
