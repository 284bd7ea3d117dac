package io.logto.sdk.oidc;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The provider's signing keys (its JWKS) and the signature check made with them: what every
 * verifier of this provider's tokens shares (ID tokens and access tokens today; logout tokens next).
 *
 * <p>The key set is fetched from the provider's {@code jwks_uri} once and cached for
 * {@link LogtoConfig#metadataCacheTtl()}; jose4j reads it, and each key is prepared once
 * ({@link VerificationKey}). A token whose {@code kid} is unknown triggers one refetch, at most one
 * per {@link LogtoConfig#jwksRefetchInterval()} and shared by concurrent callers, so signing-key
 * rotation works and made-up key ids cannot cause a request storm; only a token in an allowed
 * algorithm may cost a refetch ({@code none} or HMAC never will).
 *
 * <p>Tokens are read by {@link CompactJws} (Jackson, strict) and their signature checked by the
 * key's {@link VerificationKey}: no jose4j processing per token, whose parsing alone costs about half
 * an RS256 signature check (measured: {@code AccessTokenValidationBenchmark}). Thread-safe.
 */
final class SigningKeys {
    private final ProviderSettings config;
    private final MetadataCache<KeySet> keys;
    private final LongAdder checks = new LongAdder();

    /** The verification keys of one fetch, each prepared once. Identity marks a fetch. */
    private record KeySet(List<VerificationKey> prepared) {
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
     * The claims and the {@code typ} header of a token whose signature checked out.
     *
     * @param type   the JOSE header's {@code typ}, or {@code null} when it has none (or not a string)
     * @param claims the claims, none of which is checked yet
     */
    record SignedToken(String type, Map<String, Object> claims) {
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
            return CompletableFuture.failedFuture(rejection.apply(e.getMessage()));
        }
        if (!algorithms.contains(jws.algorithm())) {
            // none, HMAC, or not the provider's: refused before any key is looked at or fetched.
            return CompletableFuture.failedFuture(rejection.apply("its algorithm is not allowed"));
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
     * Checks the signature with the key the header names (or, without a {@code kid}, with each key
     * that can verify the algorithm), then reads the claims.
     *
     * @throws UnknownKeyException when no published key can verify it, so that the keys are refetched
     */
    private SignedToken signedToken(CompactJws jws, KeySet keySet, Function<String, LogtoException> rejection) {
        checks.increment();
        boolean candidate = false;
        boolean verified = false;
        for (VerificationKey key : keySet.prepared) {
            if ((jws.keyId() == null || jws.keyId().equals(key.keyId())) && key.canVerify(jws.algorithm())) {
                candidate = true;
                if (key.verify(jws.algorithm(), jws.signingInput(), jws.signature())) {
                    verified = true;
                    break;
                }
            }
        }
        if (!candidate) {
            throw new UnknownKeyException();
        }
        if (!verified) {
            throw rejection.apply("its signature or format is invalid");
        }
        try {
            return new SignedToken(jws.type(), jws.claims());
        } catch (CompactJws.MalformedException e) {
            throw rejection.apply(e.getMessage());
        }
    }

    private static KeySet parseKeySet(HttpTransport.Response response) {
        if (!response.isSuccess()) {
            throw LogtoException.httpStatus(LogtoException.Code.JWKS_FAILED, "JWKS answered HTTP " + response.status(),
                    response.status());
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
            List<VerificationKey> prepared = usable.stream().map(VerificationKey::of).flatMap(Optional::stream).toList();
            if (prepared.isEmpty()) {
                throw new LogtoException(LogtoException.Code.JWKS_FAILED,
                        "JWKS has no public RSA (2048 bits or more), EC (P-256, P-384, P-521) or Ed25519 key");
            }
            return new KeySet(prepared);
        } catch (JoseException | ClassCastException | IllegalArgumentException e) {
            // jose4j casts JSON members without checking their type ({"keys":"x"}, {"keys":[1]}).
            throw new LogtoException(LogtoException.Code.JWKS_FAILED, "JWKS is not a valid key set");
        }
    }
}
