package io.logto.sdk.oidc;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Verifies ID tokens as OpenID Connect Core 1.0 §3.1.3.7 asks: the shape first, then the signature
 * with the provider's {@link SigningKeys} (only asymmetric algorithms the provider announces: never
 * {@code none}, never HMAC), then the {@link IdTokenClaimRules}. Thread-safe.
 */
public final class IdTokenVerifier {
    /** Algorithms we accept at all; the provider's list is intersected with these. */
    static final Set<String> ASYMMETRIC_ALGORITHMS = Set.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");
    /** A longer ID token is refused before any parsing. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final LogtoConfig config;
    private final DiscoveryClient discovery;
    private final SigningKeys keys;
    private final Clock clock;

    IdTokenVerifier(LogtoConfig config, DiscoveryClient discovery, SigningKeys keys, Clock clock) {
        this.config = config;
        this.discovery = discovery;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Verifies the ID token of a code exchange, which must carry the sign-in's nonce.
     *
     * @param idToken the ID token (compact JWS)
     * @param nonce   the nonce the sign-in sent
     * @return the claims; fails with {@link LogtoException.Code#ID_TOKEN_INVALID},
     *         {@link LogtoException.Code#DISCOVERY_FAILED} or {@link LogtoException.Code#JWKS_FAILED}
     */
    public CompletableFuture<Map<String, Object>> verifyAfterSignIn(String idToken, String nonce) {
        return verifyAfterSignIn(idToken, nonce, OptionalLong.empty());
    }

    /**
     * Verifies the ID token of a code exchange, which must carry the sign-in's nonce and, when the
     * sign-in asked for {@code max_age}, an {@code auth_time} that recent (§3.1.3.7 step 13).
     *
     * @param idToken       the ID token (compact JWS)
     * @param nonce         the nonce the sign-in sent
     * @param maxAgeSeconds the {@code max_age} the sign-in sent; empty when it sent none
     * @return the claims; fails like {@link #verifyAfterSignIn(String, String)}
     */
    public CompletableFuture<Map<String, Object>> verifyAfterSignIn(String idToken, String nonce,
                                                                    OptionalLong maxAgeSeconds) {
        return verify(idToken, Optional.of(nonce), Optional.empty(), maxAgeSeconds);
    }

    /**
     * Verifies an ID token that came with a refresh: it carries no nonce, and it must name the
     * signed-in user (OIDC Core §12.2).
     *
     * @param idToken         the ID token (compact JWS)
     * @param expectedSubject the signed-in user's {@code sub}; empty when the stored token is unreadable
     * @return the claims; fails like {@link #verifyAfterSignIn}
     */
    public CompletableFuture<Map<String, Object>> verifyAfterRefresh(String idToken, Optional<String> expectedSubject) {
        return verify(idToken, Optional.empty(), expectedSubject, OptionalLong.empty());
    }

    private CompletableFuture<Map<String, Object>> verify(String idToken, Optional<String> nonce,
                                                          Optional<String> subject, OptionalLong maxAgeSeconds) {
        try {
            checkShape(idToken);
        } catch (LogtoException e) {
            return CompletableFuture.failedFuture(e);
        }
        return discovery.fetch().thenCompose(provider -> keys
                .verifySignature(idToken, allowedAlgorithms(provider), IdTokenVerifier::invalid)
                .thenApply(claims -> {
                    var expected = new IdTokenClaimRules.Expected(provider.issuer(), config.appId(),
                            config.trustedAudiences(), clock.instant().getEpochSecond(),
                            config.clockSkew().toSeconds(), config.maxIdTokenAge().toSeconds(), nonce, subject,
                            maxAgeSeconds);
                    List<String> failures = IdTokenClaimRules.failures(claims, expected);
                    if (!failures.isEmpty()) {
                        throw invalid(String.join("; ", failures));
                    }
                    return claims;
                }));
    }

    /** Steps 6–8: the provider's announced algorithms that are asymmetric (RS256 when it announces none). */
    static List<String> allowedAlgorithms(OidcProviderConfig provider) {
        List<String> announced = provider.idTokenSigningAlgValues().isEmpty()
                ? List.of("RS256") // OIDC Discovery's default when the list is absent
                : provider.idTokenSigningAlgValues();
        List<String> allowed = announced.stream().filter(ASYMMETRIC_ALGORITHMS::contains).toList();
        if (allowed.isEmpty()) {
            throw invalid("the provider announces no supported asymmetric signing algorithm");
        }
        return allowed;
    }

    /** A compact JWS of bounded length: three base64url parts. Checked before any parsing. */
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

    private static LogtoException invalid(String why) {
        return new LogtoException(LogtoException.Code.ID_TOKEN_INVALID, "ID token rejected: " + why);
    }
}
