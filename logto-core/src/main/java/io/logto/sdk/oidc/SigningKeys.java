package io.logto.sdk.oidc;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * allowed algorithm may cost a refetch ({@code none} or HMAC never will). The jose4j consumer is
 * built once per key set and list of algorithms. Thread-safe.
 */
final class SigningKeys {
    private final ProviderSettings config;
    private final MetadataCache<KeySet> keys;
    private volatile BuiltConsumer consumer;
    private final LongAdder checks = new LongAdder();

    /** The verification keys of one fetch. Identity marks a fetch. */
    private record KeySet(List<JsonWebKey> keys) {
    }

    /** The jose4j consumer built for one key set and one list of allowed algorithms. */
    private record BuiltConsumer(KeySet keys, List<String> algorithms, JwtConsumer jwt) {
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
     * Like {@link #verifySignature}, and also returns the token's {@code typ} header (read from the
     * same parse), for verifiers that must tell kinds of tokens apart.
     *
     * @param rejection makes the caller's exception from a reason
     * @return the {@code typ} header and the claims; fails like {@link #verifySignature}
     */
    CompletableFuture<SignedToken> verify(String token, List<String> algorithms,
                                          Function<String, LogtoException> rejection) {
        return keys.get().thenCompose(keySet -> {
            try {
                return CompletableFuture.completedFuture(signedToken(token, keySet, algorithms, rejection));
            } catch (UnknownKeyException unknown) {
                return keys.refresh(config.jwksRefetchInterval()).thenApply(fresh -> {
                    if (fresh == keySet) {
                        throw rejection.apply("it is signed by a key the provider does not publish");
                    }
                    try {
                        return signedToken(token, fresh, algorithms, rejection);
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

    private SignedToken signedToken(String token, KeySet keySet, List<String> algorithms,
                                    Function<String, LogtoException> rejection) {
        checks.increment();
        try {
            JwtContext context = consumerFor(keySet, algorithms).process(token);
            List<JsonWebStructure> jose = context.getJoseObjects();
            // Outermost last: the header the provider signed.
            Object type = jose.get(jose.size() - 1).getObjectHeader("typ");
            return new SignedToken(type instanceof String t ? t : null, context.getJwtClaims().getClaimsMap());
        } catch (InvalidJwtException e) {
            if (hasCause(e, UnresolvableKeyException.class) && algorithms.contains(algorithmOf(token))) {
                throw new UnknownKeyException();
            }
            throw rejection.apply("its signature or format is invalid");
        }
    }

    private JwtConsumer consumerFor(KeySet keySet, List<String> algorithms) {
        BuiltConsumer current = consumer;
        if (current != null && current.keys == keySet && current.algorithms.equals(algorithms)) {
            return current.jwt;
        }
        JwtConsumer jwt = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keySet.keys))
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, algorithms.toArray(String[]::new)))
                .setEnableRequireIntegrity()
                // The claims are each verifier's business, checked with the SDK's clock and rules.
                .setSkipAllValidators()
                .build();
        consumer = new BuiltConsumer(keySet, List.copyOf(algorithms), jwt);
        return jwt;
    }

    /** The token's {@code alg} header, or {@code null} when it has none or cannot be read. */
    private static String algorithmOf(String token) {
        try {
            return JsonWebStructure.fromCompactSerialization(token).getAlgorithmHeaderValue();
        } catch (JoseException | RuntimeException e) {
            return null;
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
            return new KeySet(usable);
        } catch (JoseException | ClassCastException | IllegalArgumentException e) {
            // jose4j casts JSON members without checking their type ({"keys":"x"}, {"keys":[1]}).
            throw new LogtoException(LogtoException.Code.JWKS_FAILED, "JWKS is not a valid key set");
        }
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
