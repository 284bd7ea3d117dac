package io.logto.sdk.oidc;

import io.logto.sdk.LogtoException;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Verifies that a bearer token is a current JWT access token of this provider (RFC 9068 §4, as
 * Logto issues them): its shape and size, its signature with the provider's {@link SigningKeys}
 * (only asymmetric algorithms the provider announces: never {@code none}, never HMAC), its
 * {@code typ} header, its issuer, its times, and the presence of {@code sub} and {@code client_id}.
 * What a request needs of the token (its audience, organization and scopes) is the caller's check.
 * Each failure has its own {@link LogtoException.Code}, reported for the first failed check in the
 * order above. Once the discovery document and key set are cached, a verification makes no network
 * call. Thread-safe.
 */
public final class AccessTokenVerifier {
    /** A longer token is refused before any parsing. */
    public static final int MAX_TOKEN_CHARS = IdTokenVerifier.MAX_TOKEN_CHARS;
    /** The base64url alphabet (RFC 4648 §5), by ASCII code. */
    private static final boolean[] BASE64URL = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            BASE64URL[c] = true;
            BASE64URL[c + ('a' - 'A')] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            BASE64URL[c] = true;
        }
        BASE64URL['-'] = true;
        BASE64URL['_'] = true;
    }

    private final ProviderSettings settings;
    private final DiscoveryClient discovery;
    private final SigningKeys keys;
    private final Clock clock;
    private volatile Allowed allowed;

    /** The algorithms allowed for one discovery document (recomputed only when it changes). */
    private record Allowed(OidcProviderConfig provider, List<String> algorithms) {
    }

    private AccessTokenVerifier(ProviderSettings settings, DiscoveryClient discovery, SigningKeys keys, Clock clock) {
        this.settings = settings;
        this.discovery = discovery;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * A verifier with its own discovery and key-set caches over {@code httpClient}. Makes no network call.
     *
     * @param settings   the provider settings
     * @param httpClient the HTTP client for discovery and the key set
     * @param clock      the clock for token times and cache lifetimes
     * @return the verifier
     */
    public static AccessTokenVerifier create(ProviderSettings settings, HttpClient httpClient, Clock clock) {
        return create(settings, new HttpTransport(httpClient, settings.requestTimeout()), clock);
    }

    /**
     * A verifier with its own discovery and key-set caches over the SDK's own HTTP path (as an
     * {@code OidcCore} without an application's client: the lean HTTP/1.1 client for origins reached
     * without a proxy). Makes no network call.
     *
     * @param settings the provider settings
     * @param clock    the clock for token times and cache lifetimes
     * @return the verifier
     */
    public static AccessTokenVerifier createWithDefaultHttp(ProviderSettings settings, Clock clock) {
        return create(settings, HttpTransport.withLeanPath(() -> ProviderClients.defaultHttpClient(settings),
                settings.connectTimeout(), settings.requestTimeout()), clock);
    }

    private static AccessTokenVerifier create(ProviderSettings settings, HttpTransport http, Clock clock) {
        var discovery = new DiscoveryClient(settings, http, clock);
        return new AccessTokenVerifier(settings, discovery, new SigningKeys(settings, discovery, http, clock), clock);
    }

    /**
     * The issuer every accepted token names.
     *
     * @return {@code {endpoint}/oidc}
     */
    public String issuer() {
        return settings.issuer();
    }

    /**
     * Verifies {@code token} and returns its claims.
     *
     * @param token the bearer token as sent
     * @return the claims, of which {@code iss}, {@code exp}, {@code iat}, {@code nbf}, {@code sub},
     *         {@code client_id} and the types of {@code scope} and {@code organization_id} are checked;
     *         fails with one of the {@code ACCESS_TOKEN_*} codes, or with
     *         {@link LogtoException.Code#DISCOVERY_FAILED} / {@link LogtoException.Code#JWKS_FAILED}
     *         when the provider cannot be asked
     */
    public CompletableFuture<Map<String, Object>> verify(String token) {
        try {
            checkShape(token);
        } catch (LogtoException e) {
            return CompletableFuture.failedFuture(e);
        }
        return discovery.fetch().thenCompose(provider -> keys
                .verify(token, allowedAlgorithms(provider), AccessTokenVerifier::badSignature)
                .thenApply(signed -> {
                    checkType(signed.type());
                    checkClaims(signed.claims(), provider.issuer());
                    return signed.claims();
                }));
    }

    /**
     * How many signature checks this verifier made (for tests and metrics).
     *
     * @return the count since it was created
     */
    public long signatureChecks() {
        return keys.signatureChecks();
    }

    /**
     * RFC 9068 §4: {@code typ} must be {@code at+jwt} (or the full media type
     * {@code application/at+jwt}; media types are case-insensitive). A missing {@code typ} is refused
     * too: Logto always sets it, and ID tokens, which share its keys and issuer, do not carry it.
     */
    private static void checkType(String type) {
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (!lower.equals("at+jwt") && !lower.equals("application/at+jwt")) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_TYPE_INVALID, type == null
                    ? "it has no typ header (an access token has typ at+jwt; is it an ID token?)"
                    : "its typ header is '" + ProviderText.quote(type) + "', not at+jwt (is it an ID token?)");
        }
    }

    /** The claims every access token must have right, in RFC 9068 §4's order. */
    private void checkClaims(Map<String, Object> claims, String issuer) {
        long now = clock.instant().getEpochSecond();
        long skew = settings.clockSkew().toSeconds();
        // Step 3: the issuer is exactly this provider's.
        if (!issuer.equals(claims.get("iss"))) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_ISSUER_MISMATCH, "iss is not the provider's issuer");
        }
        // Step 6: current, give or take the skew.
        Optional<Long> exp = ClaimValues.epochSeconds(claims.get("exp"));
        if (exp.isEmpty()) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_CLAIMS_INVALID, "exp is missing");
        }
        if (now > exp.get() + skew) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_EXPIRED, "it has expired");
        }
        Object nbf = claims.get("nbf");
        if (nbf != null && !(nbf instanceof Number)) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_CLAIMS_INVALID, "nbf is not a number");
        }
        if (nbf instanceof Number notBefore && notBefore.longValue() > now + skew) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_NOT_YET_VALID, "nbf is in the future");
        }
        Optional<Long> iat = ClaimValues.epochSeconds(claims.get("iat"));
        if (iat.isEmpty()) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_CLAIMS_INVALID, "iat is missing");
        }
        if (iat.get() > now + skew) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_NOT_YET_VALID, "iat is in the future");
        }
        // §2.2: sub and client_id are required (Logto's sub is the client id for client credentials).
        requireText(claims, "sub");
        requireText(claims, "client_id");
        optionalText(claims, "scope");
        optionalText(claims, "organization_id");
    }

    private static void requireText(Map<String, Object> claims, String name) {
        if (!(claims.get(name) instanceof String value) || value.isEmpty()) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_CLAIMS_INVALID, name + " is missing");
        }
    }

    private static void optionalText(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value != null && !(value instanceof String)) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_CLAIMS_INVALID, name + " is not a string");
        }
    }

    /** The provider's announced algorithms that are asymmetric (RS256 when it announces none). */
    private List<String> allowedAlgorithms(OidcProviderConfig provider) {
        Allowed current = allowed;
        if (current != null && current.provider == provider) {
            return current.algorithms;
        }
        List<String> announced = provider.idTokenSigningAlgValues().isEmpty()
                ? List.of("RS256") // OIDC Discovery's default when the list is absent
                : provider.idTokenSigningAlgValues();
        // Logto signs access tokens with the tenant's one signing key, as it signs ID tokens.
        List<String> algorithms = announced.stream().filter(IdTokenVerifier.ASYMMETRIC_ALGORITHMS::contains).toList();
        if (algorithms.isEmpty()) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_SIGNATURE_INVALID,
                    "the provider announces no supported asymmetric signing algorithm");
        }
        allowed = new Allowed(provider, algorithms);
        return algorithms;
    }

    /** A compact JWS of bounded length: three base64url parts, the first two not empty. */
    private static void checkShape(String token) {
        if (token == null || token.isEmpty()) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_MALFORMED, "it is empty");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_MALFORMED,
                    "it is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        int first = -1;
        int second = -1;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (first < 0) {
                    first = i;
                } else if (second < 0) {
                    second = i;
                } else {
                    throw reject(LogtoException.Code.ACCESS_TOKEN_MALFORMED, "it is not a compact JWS");
                }
            } else if (c >= 128 || !BASE64URL[c]) {
                throw reject(LogtoException.Code.ACCESS_TOKEN_MALFORMED, "it is not a compact JWS");
            }
        }
        // The signature part may be empty: that is alg none, which the signature check refuses.
        if (second < 0 || first == 0 || second == first + 1) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_MALFORMED, "it is not a compact JWS");
        }
    }

    private static LogtoException badSignature(String why) {
        return reject(LogtoException.Code.ACCESS_TOKEN_SIGNATURE_INVALID, why);
    }

    private static LogtoException reject(LogtoException.Code code, String why) {
        return new LogtoException(code, "access token rejected: " + why);
    }
}
