package io.logto.testing;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes really signed ID tokens and JWT access tokens with chosen claims and headers, and the
 * forged ones an attacker would try: {@code alg: none}, HS256 keyed with the public key, a key the
 * provider does not publish, a made-up {@code kid}.
 *
 * <pre>{@code
 * String token = tokens.idToken().claim("nonce", nonce).signedWith(TestKeys.ES384);
 * String expired = tokens.idToken().expiresIn(-3600).signedWith(TestKeys.ES384);
 * String forged = tokens.idToken().unsigned();
 * }</pre>
 */
public final class TokenFactory {
    /** The subject of every token unless a test says otherwise. */
    public static final String SUBJECT = "user-7f3a";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuer;
    private final String appId;
    private final Clock clock;

    /** Tokens from {@code issuer} for the app {@code appId}, timed by {@code clock}. */
    public TokenFactory(String issuer, String appId, Clock clock) {
        this.issuer = issuer;
        this.appId = appId;
        this.clock = clock;
    }

    /** An ID token valid for an hour: iss, sub, aud, iat, exp, plus name and email. */
    public Jwt idToken() {
        long now = clock.instant().getEpochSecond();
        return new Jwt()
                .claim("iss", issuer)
                .claim("sub", SUBJECT)
                .claim("aud", appId)
                .claim("iat", now)
                .claim("exp", now + 3600)
                .claim("name", "Ada Lovelace")
                .claim("email", "ada@example.com")
                .claim("email_verified", true);
    }

    /**
     * A logout token as Logto (oidc-provider 9) sends it for back-channel logout: header
     * {@code typ: logout+jwt}; iss, aud, iat, exp (iat + 120 s), a random jti, sub, and
     * {@code events} with the back-channel logout event. Add {@code sid} with {@link Jwt#claim}.
     */
    public Jwt logoutToken() {
        long now = clock.instant().getEpochSecond();
        return new Jwt()
                .header("typ", "logout+jwt")
                .claim("iss", issuer)
                .claim("aud", appId)
                .claim("iat", now)
                .claim("exp", now + 120)
                .claim("jti", opaqueToken())
                .claim("sub", SUBJECT)
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
    }

    /** A JWT access token for {@code audience} (a resource indicator or organization URN). */
    public Jwt accessToken(String audience, String scope) {
        long now = clock.instant().getEpochSecond();
        return new Jwt()
                .claim("iss", issuer)
                .claim("sub", SUBJECT)
                .claim("aud", audience)
                .claim("iat", now)
                .claim("exp", now + 3600)
                .claim("scope", scope)
                .claim("client_id", appId);
    }

    /**
     * A JWT access token exactly as Logto issues one for an API resource or organization (RFC 9068):
     * {@link #accessToken}'s claims plus a {@code jti}, and the header {@code typ: at+jwt}.
     *
     * @param audience the resource indicator or {@code urn:logto:organization:<id>}
     * @param scope    the granted permissions, space-separated
     * @return the token under construction
     */
    public Jwt logtoAccessToken(String audience, String scope) {
        return accessToken(audience, scope)
                .claim("jti", opaqueToken().substring(0, 21))
                .header("typ", "at+jwt");
    }

    /**
     * A random opaque token, shaped like Logto's refresh tokens and userinfo access tokens.
     *
     * @return 43 base64url characters
     */
    public static String opaqueToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A JWT under construction. Not thread-safe. */
    public static final class Jwt {
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private final Map<String, Object> headers = new LinkedHashMap<>();

        private Jwt() {
        }

        /** Sets a claim; a {@link List} becomes a JSON array. */
        public Jwt claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        /** Removes a claim. */
        public Jwt without(String name) {
            claims.remove(name);
            return this;
        }

        /** {@code exp} this many seconds from now (negative: already expired). */
        public Jwt expiresIn(long seconds) {
            return claim("exp", ((Number) claims.get("iat")).longValue() + seconds);
        }

        /** Removes a protected header set before, e.g. {@code typ}. */
        public Jwt withoutHeader(String name) {
            headers.remove(name);
            return this;
        }

        /** Sets a protected header, e.g. a forged {@code kid}. */
        public Jwt header(String name, Object value) {
            headers.put(name, value);
            return this;
        }

        /** Signed with {@code key}, its algorithm (ES384 or RS256) and its key id. */
        public String signedWith(PublicJsonWebKey key) {
            String alg = key instanceof RsaJsonWebKey ? AlgorithmIdentifiers.RSA_USING_SHA256
                    : AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384;
            return signedWith(key, alg);
        }

        /** Signed with {@code key} and algorithm {@code alg} (e.g. RS384 with an RSA key). */
        public String signedWith(PublicJsonWebKey key, String alg) {
            JsonWebSignature jws = base();
            jws.setAlgorithmHeaderValue(alg);
            if (!headers.containsKey("kid") && key.getKeyId() != null) {
                jws.setKeyIdHeaderValue(key.getKeyId());
            }
            jws.setKey(key.getPrivateKey());
            return serialize(jws);
        }

        /** {@code alg: none}, no signature (keeps a {@code kid} header if one was set). */
        public String unsigned() {
            JsonWebSignature jws = base();
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
            jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
            return serialize(jws);
        }

        /**
         * HS256 with the provider's public key (its JWK JSON and, separately, its encoded form are
         * what attackers try) as the HMAC secret, and the provider key's {@code kid}.
         */
        public String hmacWithPublicKey(PublicJsonWebKey publicKey) {
            JsonWebSignature jws = base();
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            if (!headers.containsKey("kid") && publicKey.getKeyId() != null) {
                jws.setKeyIdHeaderValue(publicKey.getKeyId());
            }
            byte[] secret = TestKeys.publicJson(publicKey).getBytes(StandardCharsets.UTF_8);
            jws.setKey(new HmacKey(secret));
            jws.setDoKeyValidation(false);
            return serialize(jws);
        }

        private JsonWebSignature base() {
            JwtClaims jwtClaims = new JwtClaims();
            claims.forEach(jwtClaims::setClaim);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(jwtClaims.toJson());
            headers.forEach((name, value) -> jws.getHeaders().setObjectHeaderValue(name, value));
            return jws;
        }

        private static String serialize(JsonWebSignature jws) {
            try {
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
