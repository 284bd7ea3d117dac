package io.logto.sdk.oidc;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Verifies ID tokens as OpenID Connect Core 1.0 §3.1.3.7 asks, with jose4j for the signature.
 *
 * <p>The key set is fetched from the provider's {@code jwks_uri} once and cached; a token whose
 * {@code kid} is unknown triggers one refetch (at most one per
 * {@link LogtoConfig#jwksRefetchInterval()}, shared by concurrent callers), so signing-key rotation
 * works and made-up key ids cannot cause a request storm. The jose4j consumer is built once per key
 * set. Only asymmetric algorithms the provider announces are accepted: never {@code none}, never HMAC.
 * Thread-safe.
 */
public final class IdTokenVerifier {
    /** Algorithms we accept at all; the provider's list is intersected with these. */
    static final Set<String> ASYMMETRIC_ALGORITHMS = Set.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");
    /** A longer ID token is refused before any parsing. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final LogtoConfig config;
    private final DiscoveryClient discovery;
    private final Clock clock;
    private final RefreshingCache<KeySet> keys;
    private volatile Consumer consumer;

    /** The verification keys of one fetch. Identity marks a fetch. */
    private record KeySet(List<JsonWebKey> keys) {
    }

    private record Consumer(KeySet keys, OidcProviderConfig provider, JwtConsumer jwt) {
    }

    /** Thrown inside when the token's key is not in the key set. */
    private static final class UnknownKeyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownKeyException() {
            super(null, null, false, false);
        }
    }

    IdTokenVerifier(LogtoConfig config, DiscoveryClient discovery, HttpTransport http, Clock clock) {
        this.config = config;
        this.discovery = discovery;
        this.clock = clock;
        this.keys = new RefreshingCache<>(() -> discovery.fetch()
                .thenCompose(provider -> http.get(provider.jwksUri(), Map.of(), LogtoException.Code.JWKS_FAILED, "JWKS"))
                .thenApply(IdTokenVerifier::parseKeySet), clock, config.metadataCacheTtl());
    }

    /**
     * Verifies {@code idToken} and returns its claims.
     *
     * @param expectedNonce   the nonce of the sign-in, or {@code null} for tokens from a refresh
     * @param expectedSubject the subject of the stored ID token for a refresh, or {@code null}
     * @return the claims; fails with {@link LogtoException.Code#ID_TOKEN_INVALID},
     *         {@link LogtoException.Code#DISCOVERY_FAILED} or {@link LogtoException.Code#JWKS_FAILED}
     */
    public CompletableFuture<Map<String, Object>> verify(String idToken, String expectedNonce, String expectedSubject) {
        return verify(idToken, expectedNonce, expectedSubject, null);
    }

    /**
     * Verifies {@code idToken} as {@link #verify(String, String, String)} does and, when the sign-in
     * asked for {@code max_age}, that {@code auth_time} is recent enough (§3.1.3.7 step 13).
     *
     * @param maxAgeSeconds the {@code max_age} the authorization request sent, or {@code null}
     */
    public CompletableFuture<Map<String, Object>> verify(String idToken, String expectedNonce, String expectedSubject,
                                                         Long maxAgeSeconds) {
        var expected = new Expected(expectedNonce, expectedSubject, maxAgeSeconds);
        try {
            checkShape(idToken);
        } catch (LogtoException e) {
            return CompletableFuture.failedFuture(e);
        }
        return discovery.fetch().thenCompose(provider -> keys.get().thenCompose(keySet -> {
            try {
                return CompletableFuture.completedFuture(verifyWith(provider, keySet, idToken, expected));
            } catch (UnknownKeyException unknown) {
                return keys.refresh(config.jwksRefetchInterval()).thenApply(fresh -> {
                    if (fresh == keySet) {
                        throw invalid("it is signed by a key the provider does not publish");
                    }
                    try {
                        return verifyWith(provider, fresh, idToken, expected);
                    } catch (UnknownKeyException stillUnknown) {
                        throw invalid("it is signed by a key the provider does not publish");
                    }
                });
            }
        }));
    }

    /** What the caller expects of a token beyond the configuration: nonce, subject, max_age; each may be null. */
    private record Expected(String nonce, String subject, Long maxAgeSeconds) {
    }

    private Map<String, Object> verifyWith(OidcProviderConfig provider, KeySet keySet, String token, Expected expected) {
        Map<String, Object> claims;
        try {
            claims = consumerFor(provider, keySet).processToClaims(token).getClaimsMap();
        } catch (InvalidJwtException e) {
            // Only a token in an allowed algorithm may cost a refetch: alg none or HS256 never will.
            if (hasCause(e, UnresolvableKeyException.class) && hasAllowedAlgorithm(provider, token)) {
                throw new UnknownKeyException();
            }
            throw invalid("its signature or format is invalid");
        }
        List<String> failures = validateClaims(provider, claims, expected);
        if (!failures.isEmpty()) {
            throw invalid(String.join("; ", failures));
        }
        return claims;
    }

    /** OIDC Core §3.1.3.7 steps 2–11 and 13 (signature and algorithm are steps 6–8, done by jose4j). */
    private List<String> validateClaims(OidcProviderConfig provider, Map<String, Object> claims, Expected expected) {
        var failures = new ArrayList<String>();
        long now = clock.instant().getEpochSecond();
        long skew = config.clockSkew().toSeconds();
        // Step 2: the issuer must be exactly the discovered issuer.
        if (!provider.issuer().equals(claims.get("iss"))) {
            failures.add("iss is not the provider's issuer");
        }
        // Step 3: aud must contain our client id, and no audience the app does not trust.
        List<String> audience = ClaimValues.stringList(claims.get("aud"));
        if (!audience.contains(config.appId())) {
            failures.add("aud does not contain this app's id");
        }
        if (!audience.stream().allMatch(a -> a.equals(config.appId()) || config.trustedAudiences().contains(a))) {
            failures.add("aud lists an audience this app does not trust (see LogtoConfig.trustedAudiences)");
        }
        // Steps 4–5: several audiences need azp, and azp must be us.
        Object azp = claims.get("azp");
        if (audience.size() > 1 && azp == null) {
            failures.add("aud has several values but azp is missing");
        }
        if (azp != null && !config.appId().equals(azp)) {
            failures.add("azp is not this app's id");
        }
        // Step 9: not expired (with skew).
        Long exp = ClaimValues.epochSeconds(claims.get("exp"));
        if (exp == null) {
            failures.add("exp is missing");
        } else if (now > exp + skew) {
            failures.add("it has expired");
        }
        // Step 10: iat present, not in the future, and not long ago: the token endpoint issued it just
        // now, so an old one is replayed or the server's clock is far off (with skew both ways).
        Long iat = ClaimValues.epochSeconds(claims.get("iat"));
        if (iat == null) {
            failures.add("iat is missing");
        } else if (iat > now + skew) {
            failures.add("iat is in the future");
        } else if (iat < now - config.maxIdTokenAge().toSeconds() - skew) {
            failures.add("iat is older than maxIdTokenAge (replayed token, or is this server's clock right?)");
        }
        // Step 11: the nonce sent at sign-in must come back, compared in constant time.
        if (expected.nonce() != null) {
            Object nonce = claims.get("nonce");
            if (!(nonce instanceof String n) || !constantTimeEquals(n, expected.nonce())) {
                failures.add("nonce does not match the sign-in");
            }
        }
        // Step 13: with max_age, auth_time must be present and the authentication recent enough.
        if (expected.maxAgeSeconds() != null) {
            Long authTime = ClaimValues.epochSeconds(claims.get("auth_time"));
            if (authTime == null) {
                failures.add("auth_time is missing although the sign-in asked for max_age");
            } else if (authTime + expected.maxAgeSeconds() + skew < now) {
                failures.add("auth_time is older than the max_age the sign-in asked for");
            } else if (authTime > now + skew) {
                failures.add("auth_time is in the future");
            }
        }
        // §2: sub is required; §12.2: a refreshed ID token keeps the same subject.
        Object sub = claims.get("sub");
        if (!(sub instanceof String s) || s.isEmpty()) {
            failures.add("sub is missing");
        } else if (expected.subject() != null && !expected.subject().equals(s)) {
            failures.add("sub differs from the signed-in user");
        }
        return failures;
    }

    private JwtConsumer consumerFor(OidcProviderConfig provider, KeySet keySet) {
        Consumer current = consumer;
        if (current != null && current.keys == keySet && current.provider.equals(provider)) {
            return current.jwt;
        }
        String[] algorithms = allowedAlgorithms(provider);
        JwtConsumer jwt = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keySet.keys))
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, algorithms))
                .setEnableRequireIntegrity()
                // Claims are checked by validateClaims with the SDK's clock and OIDC's rules.
                .setSkipAllValidators()
                .build();
        consumer = new Consumer(keySet, provider, jwt);
        return jwt;
    }

    static String[] allowedAlgorithms(OidcProviderConfig provider) {
        List<String> announced = provider.idTokenSigningAlgValues().isEmpty()
                ? List.of("RS256") // OIDC Discovery's default when the list is absent
                : provider.idTokenSigningAlgValues();
        String[] allowed = announced.stream().filter(ASYMMETRIC_ALGORITHMS::contains).toArray(String[]::new);
        if (allowed.length == 0) {
            throw invalid("the provider announces no supported asymmetric signing algorithm");
        }
        return allowed;
    }

    private static boolean hasAllowedAlgorithm(OidcProviderConfig provider, String token) {
        try {
            String alg = org.jose4j.jwx.JsonWebStructure.fromCompactSerialization(token).getAlgorithmHeaderValue();
            return List.of(allowedAlgorithms(provider)).contains(alg);
        } catch (JoseException | RuntimeException e) {
            return false;
        }
    }

    private static KeySet parseKeySet(HttpTransport.Response response) {
        if (!response.isSuccess()) {
            throw new LogtoException(LogtoException.Code.JWKS_FAILED, "JWKS answered HTTP " + response.status(),
                    null, null, response.status(), null);
        }
        HttpTransport.parseObject(response, LogtoException.Code.JWKS_FAILED, "JWKS");
        try {
            var set = new JsonWebKeySet(new String(response.body(), StandardCharsets.UTF_8));
            List<JsonWebKey> usable = set.getJsonWebKeys().stream()
                    .filter(k -> k.getUse() == null || "sig".equals(k.getUse()))
                    .toList();
            if (usable.isEmpty()) {
                throw new LogtoException(LogtoException.Code.JWKS_FAILED, "JWKS has no signing key");
            }
            return new KeySet(usable);
        } catch (JoseException | ClassCastException | IllegalArgumentException e) {
            // jose4j casts JSON members without checking their type ({"keys":"x"}, {"keys":[1]}).
            throw new LogtoException(LogtoException.Code.JWKS_FAILED, "JWKS is not a valid key set");
        }
    }

    private static void checkShape(String token) {
        if (token == null || token.isEmpty()) {
            throw invalid("it is empty");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw invalid("it is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
                throw invalid("it is not a compact JWS");
            }
        }
        if (dots != 2) {
            throw invalid("it is not a compact JWS");
        }
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static LogtoException invalid(String why) {
        return new LogtoException(LogtoException.Code.ID_TOKEN_INVALID, "ID token rejected: " + why);
    }
}
