package io.logto.sdk.oidc;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The provider's signing keys (its JWKS) and the signature check made with them: what every
 * verifier of this provider's tokens shares (ID tokens and access tokens today; logout tokens next).
 *
 * <p>The key set is fetched from the provider's {@code jwks_uri} once and cached for
 * {@link LogtoConfig#metadataCacheTtl()}. A token whose {@code kid} is unknown triggers one refetch,
 * at most one per {@link LogtoConfig#jwksRefetchInterval()} and shared by concurrent callers, so
 * signing-key rotation works and made-up key ids cannot cause a request storm; only a token in an
 * allowed algorithm may cost a refetch ({@code none} or HMAC never will).
 *
 * <p>The signature is checked by {@link JwsSignatures}, with one {@link SignatureCheck} prepared per
 * key when the key set is fetched (an EC key's point decoded, validated and precomputed once): on
 * Java 17 that is 8–10 times faster than jose4j on the JDK's SunEC for Logto's ES384 tokens. jose4j
 * reads the key set; the token's header and claims are read once by {@link CompactJws} (Jackson,
 * strict), which costs a fraction of jose4j's parsing (that alone was about 40 % of an RS256 check).
 * Thread-safe.
 */
final class SigningKeys {
    private final ProviderSettings config;
    private final MetadataCache<KeySet> keys;
    private final LongAdder checks = new LongAdder();

    /** The verification keys of one fetch, each with its prepared check. Identity marks a fetch. */
    private record KeySet(List<Key> keys) {
        /** The keys a token with {@code kid} (may be {@code null}) in {@code alg} can name. */
        List<Key> candidates(String kid, String alg) {
            String kty = keyTypeOf(alg);
            List<Key> found = new ArrayList<>(1);
            for (Key key : keys) {
                if (key.kty.equals(kty) && (kid == null || kid.equals(key.kid))
                        && (key.alg == null || key.alg.equals(alg))) {
                    found.add(key);
                }
            }
            return found;
        }
    }

    /**
     * One key of the set: its id and the algorithm it declares (either may be {@code null}), its JWK
     * key type and its check.
     */
    private record Key(String kid, String alg, String kty, SignatureCheck check) {
    }

    /**
     * The claims and the {@code typ} header of a token whose signature checked out.
     *
     * @param type   the JOSE header's {@code typ}, or {@code null} when it has none (or not a string)
     * @param claims the claims, none of which is checked yet
     */
    record SignedToken(String type, Map<String, Object> claims) {
    }

    /** Thrown inside when the token's key is not in the key set. */
    private static final class UnknownKeyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownKeyException() {
            super(null, null, false, false);
        }
    }

    SigningKeys(ProviderSettings config, DiscoveryClient discovery, HttpTransport http, Clock clock) {
        this.config = config;
        this.keys = new MetadataCache<>(() -> discovery.fetch()
                .thenCompose(provider -> http.get(provider.jwksUri(), Map.of(), LogtoException.Code.JWKS_FAILED, "JWKS"))
                .thenApply(SigningKeys::parseKeySet), clock, config.metadataCacheTtl());
    }

    /**
     * Checks that {@code token} is signed, in one of {@code algorithms}, by a key the provider
     * publishes, and returns its claims, none of which is checked yet.
     *
     * @param rejection makes the caller's exception from a reason (the token is not the caller's
     *                  kind of token, so the code is the caller's)
     * @return the claims; fails with {@code rejection}'s exception when the signature, the format or
     *         the key is wrong, or with {@link LogtoException.Code#JWKS_FAILED} when there are no keys
     */
    CompletableFuture<Map<String, Object>> verifySignature(String token, List<String> algorithms,
                                                           Function<String, LogtoException> rejection) {
        return verify(token, algorithms, rejection).thenApply(SignedToken::claims);
    }

    /**
     * Like {@link #verifySignature}, and also returns the token's {@code typ} header, for verifiers
     * that must tell kinds of tokens apart (an access token from an ID token).
     *
     * @param rejection makes the caller's exception from a reason
     * @return the {@code typ} header and the claims; fails like {@link #verifySignature}
     */
    CompletableFuture<SignedToken> verify(String token, List<String> algorithms,
                                          Function<String, LogtoException> rejection) {
        CompactJws jws;
        try {
            jws = CompactJws.parse(token);
        } catch (CompactJws.MalformedException e) {
            return CompletableFuture.failedFuture(rejection.apply("its signature or format is invalid: " + e.getMessage()));
        }
        if (!algorithms.contains(jws.algorithm())) {
            // none, HMAC, or not the provider's: refused before any key is looked at or fetched.
            return CompletableFuture.failedFuture(rejection.apply("its signature or format is invalid: "
                    + "its algorithm is not allowed"));
        }
        return keys.get().thenCompose(keySet -> {
            try {
                return CompletableFuture.completedFuture(signedToken(jws, keySet, rejection));
            } catch (UnknownKeyException unknown) {
                return keys.refresh(config.jwksRefetchInterval()).thenApply(fresh -> {
                    if (fresh == keySet) {
                        throw rejection.apply("it is signed by a key the provider does not publish");
                    }
                    try {
                        return signedToken(jws, fresh, rejection);
                    } catch (UnknownKeyException stillUnknown) {
                        throw rejection.apply("it is signed by a key the provider does not publish");
                    }
                });
            }
        });
    }

    /** How many signature checks were made (for tests and metrics): one per token that reached a key set. */
    long signatureChecks() {
        return checks.sum();
    }

    /**
     * Checks the signature with the key the header names (without a {@code kid}, with each key of the
     * algorithm's type), then reads the claims.
     *
     * @throws UnknownKeyException when no published key can be the token's, so that the keys are refetched
     */
    private SignedToken signedToken(CompactJws jws, KeySet keySet, Function<String, LogtoException> rejection) {
        List<Key> candidates = keySet.candidates(jws.keyId(), jws.algorithm());
        if (candidates.isEmpty()) {
            throw new UnknownKeyException();
        }
        checks.increment();
        for (Key key : candidates) {
            if (key.check.verify(jws.algorithm(), jws.signingInput(), jws.signature())) {
                try {
                    return new SignedToken(jws.type(), jws.claims());
                } catch (CompactJws.MalformedException e) {
                    throw rejection.apply("its signature or format is invalid: " + e.getMessage());
                }
            }
        }
        throw rejection.apply("its signature or format is invalid");
    }

    /** The JWK key type an algorithm's key has (RFC 7518 §3.1, RFC 8037); "" for none we accept. */
    private static String keyTypeOf(String alg) {
        if (alg.startsWith("ES")) {
            return "EC";
        }
        if (alg.startsWith("RS") || alg.startsWith("PS")) {
            return "RSA";
        }
        return "EdDSA".equals(alg) ? "OKP" : "";
    }

    private static KeySet parseKeySet(HttpTransport.Response response) {
        if (!response.isSuccess()) {
            throw LogtoException.httpStatus(LogtoException.Code.JWKS_FAILED, "JWKS answered HTTP " + response.status(),
                    response.status());
        }
        HttpTransport.parseObject(response, LogtoException.Code.JWKS_FAILED, "JWKS");
        try {
            var set = new JsonWebKeySet(new String(response.body(), StandardCharsets.UTF_8));
            var usable = new ArrayList<Key>();
            for (JsonWebKey k : set.getJsonWebKeys()) {
                if ((k.getUse() == null || "sig".equals(k.getUse())) && k instanceof PublicJsonWebKey pk
                        && pk.getPublicKey() != null) {
                    try {
                        usable.add(new Key(k.getKeyId(), k.getAlgorithm(), k.getKeyType(),
                                JwsSignatures.forKey(pk.getPublicKey())));
                    } catch (IllegalArgumentException unusable) {
                        // A key no JWS algorithm can use (another curve, a point off its curve): skipped.
                    }
                }
            }
            if (usable.isEmpty()) {
                throw new LogtoException(LogtoException.Code.JWKS_FAILED, "JWKS has no signing key");
            }
            return new KeySet(List.copyOf(usable));
        } catch (JoseException | ClassCastException | IllegalArgumentException e) {
            // jose4j casts JSON members without checking their type ({"keys":"x"}, {"keys":[1]}).
            throw new LogtoException(LogtoException.Code.JWKS_FAILED, "JWKS is not a valid key set");
        }
    }
}
