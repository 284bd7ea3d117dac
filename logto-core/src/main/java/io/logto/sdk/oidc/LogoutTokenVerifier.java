package io.logto.sdk.oidc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;

import java.io.IOException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Verifies logout tokens as OpenID Connect Back-Channel Logout 1.0 §2.6 asks, in this order:
 * <ol>
 *   <li>the shape: a compact JWS of at most 16 KiB (an encrypted token is refused: Logto signs
 *       logout tokens and never encrypts them) — {@link LogtoException.Code#LOGOUT_TOKEN_MALFORMED};</li>
 *   <li>the {@code typ} header: {@code logout+jwt} (or {@code application/logout+jwt}, any case,
 *       RFC 7515 §4.1.9), or none — {@link LogtoException.Code#LOGOUT_TOKEN_TYPE_INVALID} for
 *       any other. A token that types itself declares what it is, and a token typed as something
 *       else ({@code at+jwt}, {@code JWT}, {@code secevent+jwt}) is not a logout token whatever
 *       its claims (RFC 8725 §3.11, §4.1 of the spec: cross-JWT confusion). Logto always sends
 *       {@code logout+jwt}; the absent {@code typ} is for providers built on drafts before explicit
 *       typing;</li>
 *   <li>step 2, the signature, with the provider's key set shared with the ID-token verifier
 *       ({@link SigningKeys}: the provider's announced asymmetric algorithms only, never
 *       {@code none} or HMAC) — {@link LogtoException.Code#LOGOUT_TOKEN_SIGNATURE_INVALID};</li>
 *   <li>steps 3–6 and the {@code jti}, by {@link LogoutTokenClaimRules}, every failure reported —
 *       {@link LogtoException.Code#LOGOUT_TOKEN_CLAIMS_INVALID};</li>
 *   <li>step 7, replay: a {@code jti} accepted before is refused while its token could still be
 *       accepted ({@link SeenTokenIds}, at most {@value #MAX_REMEMBERED_TOKEN_IDS} ids) —
 *       {@link LogtoException.Code#LOGOUT_TOKEN_REPLAYED}. Only a token that passed everything
 *       else is remembered.</li>
 * </ol>
 * The time checks use the SDK's clock, {@link LogtoConfig#clockSkew()} and, as the oldest
 * {@code iat} accepted, {@link LogtoConfig#maxIdTokenAge()}. Discovery or key-set failures are
 * {@link LogtoException.Code#DISCOVERY_FAILED} / {@link LogtoException.Code#JWKS_FAILED}: the token
 * could not be checked, which is not the same as a bad token. Thread-safe.
 */
public final class LogoutTokenVerifier {
    /** How many accepted {@code jti}s are remembered at most (see {@link SeenTokenIds}). */
    public static final int MAX_REMEMBERED_TOKEN_IDS = 10_000;
    /** The {@code events} member that makes a JWT a logout token (§2.4). */
    public static final String EVENT = LogoutTokenClaimRules.BACK_CHANNEL_LOGOUT_EVENT;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final LogtoConfig config;
    private final DiscoveryClient discovery;
    private final SigningKeys keys;
    private final Clock clock;
    private final SeenTokenIds seen;

    LogoutTokenVerifier(LogtoConfig config, DiscoveryClient discovery, SigningKeys keys, Clock clock) {
        this(config, discovery, keys, clock, MAX_REMEMBERED_TOKEN_IDS);
    }

    LogoutTokenVerifier(LogtoConfig config, DiscoveryClient discovery, SigningKeys keys, Clock clock,
                        int rememberedTokenIds) {
        this.config = config;
        this.discovery = discovery;
        this.keys = keys;
        this.clock = clock;
        this.seen = new SeenTokenIds(rememberedTokenIds);
    }

    /**
     * Verifies a logout token and remembers its {@code jti}.
     *
     * @param logoutToken the {@code logout_token} the provider posted
     * @return its claims; fails with one of the {@code LOGOUT_TOKEN_*} codes,
     *         {@link LogtoException.Code#DISCOVERY_FAILED} or {@link LogtoException.Code#JWKS_FAILED}
     */
    public CompletableFuture<Map<String, Object>> verify(String logoutToken) {
        try {
            IdTokenVerifier.checkShape(logoutToken, why -> rejected(LogtoException.Code.LOGOUT_TOKEN_MALFORMED, why));
            checkType(logoutToken);
        } catch (LogtoException e) {
            return CompletableFuture.failedFuture(e);
        }
        return discovery.fetch().thenCompose(provider -> keys
                .verifySignature(logoutToken, algorithms(provider),
                        why -> rejected(LogtoException.Code.LOGOUT_TOKEN_SIGNATURE_INVALID, why))
                .thenApply(claims -> checkClaims(claims, provider)));
    }

    /**
     * How many accepted {@code jti}s are remembered now, for monitoring and tests: never more than
     * {@value #MAX_REMEMBERED_TOKEN_IDS}.
     *
     * @return the count
     */
    public int rememberedTokenIds() {
        return seen.size();
    }

    private Map<String, Object> checkClaims(Map<String, Object> claims, OidcProviderConfig provider) {
        long now = clock.instant().getEpochSecond();
        var expected = new LogoutTokenClaimRules.Expected(provider.issuer(), config.appId(), config.trustedAudiences(),
                now, config.clockSkew().toSeconds(), config.maxIdTokenAge().toSeconds());
        List<String> failures = LogoutTokenClaimRules.failures(claims, expected);
        if (!failures.isEmpty()) {
            throw rejected(LogtoException.Code.LOGOUT_TOKEN_CLAIMS_INVALID, String.join("; ", failures));
        }
        if (!seen.firstSighting((String) claims.get("jti"), LogoutTokenClaimRules.acceptedUntil(claims, expected), now)) {
            throw rejected(LogtoException.Code.LOGOUT_TOKEN_REPLAYED, "a logout token with this jti was already accepted");
        }
        return claims;
    }

    /** The provider's announced asymmetric algorithms, as for ID tokens: logout tokens are signed alike (§2.4). */
    private static List<String> algorithms(OidcProviderConfig provider) {
        try {
            return IdTokenVerifier.allowedAlgorithms(provider);
        } catch (LogtoException none) {
            throw rejected(LogtoException.Code.LOGOUT_TOKEN_SIGNATURE_INVALID,
                    "the provider announces no supported asymmetric signing algorithm");
        }
    }

    /** The JOSE header's {@code typ}: {@code logout+jwt} or none (see the class comment). */
    private static void checkType(String token) {
        JsonNode header;
        try {
            header = JSON.readTree(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
        } catch (IOException | IllegalArgumentException e) {
            throw rejected(LogtoException.Code.LOGOUT_TOKEN_MALFORMED, "its header is not a JSON object");
        }
        if (header == null || !header.isObject()) {
            throw rejected(LogtoException.Code.LOGOUT_TOKEN_MALFORMED, "its header is not a JSON object");
        }
        JsonNode typ = header.get("typ");
        if (typ == null) {
            return;
        }
        String type = typ.isTextual() ? typ.textValue().toLowerCase(Locale.ROOT) : "";
        if (!type.equals("logout+jwt") && !type.equals("application/logout+jwt")) {
            throw rejected(LogtoException.Code.LOGOUT_TOKEN_TYPE_INVALID, "its typ is not logout+jwt");
        }
    }

    private static LogtoException rejected(LogtoException.Code code, String why) {
        return new LogtoException(code, "logout token rejected: " + why);
    }
}
