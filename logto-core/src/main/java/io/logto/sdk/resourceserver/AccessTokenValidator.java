package io.logto.sdk.resourceserver;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import io.logto.sdk.LogtoScopes;
import io.logto.sdk.oidc.AccessTokenVerifier;
import io.logto.sdk.oidc.ClaimValues;
import io.logto.sdk.oidc.Futures;
import io.logto.sdk.oidc.ProviderSettings;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Validates the bearer access tokens an API receives, as Logto issues them: a resource server needs
 * only the Logto endpoint and the API's resource indicator — no app id, no secret.
 *
 * <pre>{@code
 * AccessTokenValidator validator = AccessTokenValidator.builder("https://tenant.logto.app")
 *         .apiResource("https://api.example.com")     // the API identifier from the Console
 *         .build();                                   // once, at start-up
 *
 * // per request:
 * VerifiedAccessToken token = validator.validate(bearer, AccessRequirement.api("read:orders")).join();
 * }</pre>
 *
 * <p>A token is accepted when all of these hold, checked in this order (the first failure decides the
 * {@link LogtoException.Code}; {@link BearerError#of} maps it to RFC 6750):
 * <ol>
 *   <li>it is a compact JWS of at most 16 KiB ({@code ACCESS_TOKEN_MALFORMED});</li>
 *   <li>it is signed by a key in the tenant's JWKS, in an asymmetric algorithm the tenant announces
 *       — never {@code none} or HMAC ({@code ACCESS_TOKEN_SIGNATURE_INVALID});</li>
 *   <li>its {@code typ} header is {@code at+jwt} or {@code application/at+jwt}, so that an ID
 *       token, signed by the same keys, is refused; a token without {@code typ} is refused too,
 *       since Logto always sets it (RFC 9068 §4; {@code ACCESS_TOKEN_TYPE_INVALID});</li>
 *   <li>{@code iss} is {@code {endpoint}/oidc} ({@code ACCESS_TOKEN_ISSUER_MISMATCH});</li>
 *   <li>{@code exp} has not passed, {@code nbf} (if any) and {@code iat} are not in the future,
 *       give or take the clock skew ({@code ACCESS_TOKEN_EXPIRED}, {@code ACCESS_TOKEN_NOT_YET_VALID});</li>
 *   <li>{@code sub} and {@code client_id} are present ({@code ACCESS_TOKEN_CLAIMS_INVALID});</li>
 *   <li>{@code aud} is the API resource, or the organization's URN for an
 *       {@link AccessRequirement#organization organization} requirement
 *       ({@code ACCESS_TOKEN_AUDIENCE_MISMATCH});</li>
 *   <li>the token's organization is the request's, or it has none where global permissions are
 *       needed ({@code ACCESS_TOKEN_ORGANIZATION_MISMATCH});</li>
 *   <li>its {@code scope} holds every required scope ({@code ACCESS_TOKEN_INSUFFICIENT_SCOPE}).</li>
 * </ol>
 *
 * <p>The tenant's discovery document and key set are fetched on first use and cached (12 hours by
 * default); a token signed by an unknown key id causes one refetch, at most one per 30 seconds, so
 * key rotation works and made-up key ids cannot flood Logto. With the cache warm, a validation makes
 * no network call and completes on the calling thread. Thread-safe: build one per API and share it.
 */
public final class AccessTokenValidator {
    private final AccessTokenVerifier verifier;
    private final String apiResource;

    private AccessTokenValidator(AccessTokenVerifier verifier, String apiResource) {
        this.verifier = verifier;
        this.apiResource = apiResource;
    }

    /**
     * A builder for the tenant at {@code endpoint}.
     *
     * @param endpoint the Logto endpoint, e.g. {@code https://tenant.logto.app} (the same as the apps')
     * @return the builder
     * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} when the endpoint is not an
     *                        absolute http(s) URL
     */
    public static Builder builder(String endpoint) {
        return new Builder(ProviderSettings.parseEndpoint(endpoint));
    }

    /**
     * Validates {@code token} for a request that needs {@code requirement}.
     *
     * @param token       the bearer token, without the {@code Bearer } prefix
     * @param requirement what the request needs of the token
     * @return the token's claims; fails with a {@link LogtoException} whose code is one of the
     *         {@code ACCESS_TOKEN_*} codes above (see {@link BearerError#of}), or
     *         {@link LogtoException.Code#DISCOVERY_FAILED} / {@link LogtoException.Code#JWKS_FAILED}
     *         when Logto cannot be reached (answer 503), or {@link LogtoException.Code#INVALID_CONFIG}
     *         for an API requirement when no {@link Builder#apiResource API resource} is configured
     */
    public CompletableFuture<VerifiedAccessToken> validate(String token, AccessRequirement requirement) {
        Objects.requireNonNull(requirement, "requirement");
        return Futures.supplyOrFail(() -> {
            if (!(requirement instanceof AccessRequirement.Organization) && apiResource == null) {
                throw new LogtoException(LogtoException.Code.INVALID_CONFIG,
                        "this validator has no API resource: set AccessTokenValidator.Builder.apiResource");
            }
            return verifier.verify(token).thenApply(claims -> authorize(claims, requirement));
        });
    }

    /**
     * The API resource indicator tokens must be for (except organization tokens).
     *
     * @return the indicator, or empty when only organization tokens are validated
     */
    public Optional<String> apiResource() {
        return Optional.ofNullable(apiResource);
    }

    /**
     * The issuer every accepted token names.
     *
     * @return {@code {endpoint}/oidc}
     */
    public String issuer() {
        return verifier.issuer();
    }

    @Override
    public String toString() {
        return "AccessTokenValidator{issuer=" + issuer() + ", apiResource=" + apiResource + "}";
    }

    /** Audience, organization and scopes: what the request needs, once the token is genuine and current. */
    private VerifiedAccessToken authorize(Map<String, Object> claims, AccessRequirement requirement) {
        List<String> audience = ClaimValues.stringList(claims.get("aud"));
        Optional<String> organization = requirement instanceof AccessRequirement.Organization needed
                ? checkOrganizationToken(audience, needed)
                : checkApiToken(audience, ClaimValues.string(claims.get("organization_id")), requirement);
        Set<String> scopes = scopes(ClaimValues.string(claims.get("scope")).orElse(""));
        if (!scopes.containsAll(requirement.scopes())) {
            var missing = new ArrayList<>(requirement.scopes());
            missing.removeAll(scopes);
            throw reject(LogtoException.Code.ACCESS_TOKEN_INSUFFICIENT_SCOPE, "it lacks scope " + String.join(" ", missing));
        }
        return new VerifiedAccessToken((String) claims.get("iss"), (String) claims.get("sub"),
                (String) claims.get("client_id"), audience, scopes, organization,
                Instant.ofEpochSecond(ClaimValues.epochSeconds(claims.get("iat")).orElseThrow()),
                Instant.ofEpochSecond(ClaimValues.epochSeconds(claims.get("exp")).orElseThrow()),
                ClaimValues.string(claims.get("jti")), ClaimValues.string(ClaimValues.object(claims.get("act")).get("sub")),
                extra(claims));
    }

    /** An organization token ({@code aud} = the organization's URN) for the request's organization. */
    private static Optional<String> checkOrganizationToken(List<String> audience, AccessRequirement.Organization needed) {
        if (audience.stream().noneMatch(LogtoScopes::isOrganizationUrn)) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_AUDIENCE_MISMATCH,
                    "aud is not an organization (an organization token is needed)");
        }
        if (!audience.contains(needed.audience())) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_ORGANIZATION_MISMATCH, "it is for another organization");
        }
        return Optional.of(needed.organizationId());
    }

    /**
     * A token for this API ({@code aud} = the resource): within the request's organization for an
     * organization-level requirement, within none for global permissions.
     */
    private Optional<String> checkApiToken(List<String> audience, Optional<String> organization,
                                           AccessRequirement requirement) {
        if (!audience.contains(apiResource)) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_AUDIENCE_MISMATCH, "aud is not this API resource");
        }
        if (requirement instanceof AccessRequirement.OrganizationApi needed
                && !organization.equals(Optional.of(needed.organizationId()))) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_ORGANIZATION_MISMATCH, organization.isEmpty()
                    ? "it carries no organization (the request is about one)"
                    : "it is for another organization");
        }
        if (requirement instanceof AccessRequirement.Api && organization.isPresent()) {
            throw reject(LogtoException.Code.ACCESS_TOKEN_ORGANIZATION_MISMATCH,
                    "its permissions are an organization's, and the request needs global ones");
        }
        return organization;
    }

    /** Logto's space-separated {@code scope}; absent and {@code ""} both mean none. */
    private static Set<String> scopes(String scope) {
        var out = new LinkedHashSet<String>();
        for (String s : scope.split(" ")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static Map<String, Object> extra(Map<String, Object> claims) {
        var out = new LinkedHashMap<String, Object>();
        claims.forEach((name, value) -> {
            if (!VerifiedAccessToken.NAMED_CLAIMS.contains(name) && value != null) {
                out.put(name, value);
            }
        });
        return out;
    }

    private static LogtoException reject(LogtoException.Code code, String why) {
        return new LogtoException(code, "access token rejected: " + why);
    }

    /**
     * Gathers the validator's settings; every one but the endpoint has a default. Not thread-safe;
     * the built validator is.
     */
    public static final class Builder {
        private final java.net.URI endpoint;
        private String apiResource;
        private Duration clockSkew = LogtoConfig.DEFAULT_CLOCK_SKEW;
        private Duration metadataCacheTtl = LogtoConfig.DEFAULT_METADATA_CACHE_TTL;
        private Duration jwksRefetchInterval = LogtoConfig.DEFAULT_JWKS_REFETCH_INTERVAL;
        private Duration connectTimeout = LogtoConfig.DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = LogtoConfig.DEFAULT_REQUEST_TIMEOUT;
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private boolean insecureHttpAllowed;
        private boolean endpointsOnOtherOriginsAllowed;

        private Builder(java.net.URI endpoint) {
            this.endpoint = endpoint;
        }

        /**
         * The API resource this server is: its identifier (resource indicator) in the Logto Console,
         * e.g. {@code https://api.example.com}. Tokens must name it in {@code aud}. Leave unset only
         * when the server accepts organization tokens alone.
         *
         * @param apiResource the resource indicator
         * @return this builder
         */
        public Builder apiResource(String apiResource) {
            if (apiResource == null || apiResource.isBlank() || LogtoScopes.isOrganizationUrn(apiResource)) {
                throw new LogtoException(LogtoException.Code.INVALID_CONFIG,
                        "apiResource must be the API's resource indicator, e.g. https://api.example.com");
            }
            this.apiResource = apiResource;
            return this;
        }

        /**
         * Allowed clock difference when checking {@code exp}, {@code nbf} and {@code iat} (default 60 s).
         *
         * @param clockSkew the skew, not negative
         * @return this builder
         */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
            return this;
        }

        /**
         * How long the discovery document and key set are cached (default 12 h).
         *
         * @param metadataCacheTtl the lifetime, positive
         * @return this builder
         */
        public Builder metadataCacheTtl(Duration metadataCacheTtl) {
            this.metadataCacheTtl = metadataCacheTtl;
            return this;
        }

        /**
         * Shortest time between two key-set fetches caused by an unknown key id (default 30 s).
         *
         * @param jwksRefetchInterval the interval, not negative
         * @return this builder
         */
        public Builder jwksRefetchInterval(Duration jwksRefetchInterval) {
            this.jwksRefetchInterval = jwksRefetchInterval;
            return this;
        }

        /**
         * Connect timeout of the requests for discovery and the key set (default 5 s).
         *
         * @param connectTimeout the timeout, positive
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Timeout of a whole request for discovery or the key set (default 10 s).
         *
         * @param requestTimeout the timeout, positive
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * The HTTP client for discovery and the key set (its proxy, TLS and executor apply); by
         * default the SDK's own HTTP path is used, as by an {@code OidcCore} built without one.
         *
         * @param httpClient the client
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * The clock for token times and cache lifetimes (tests use a fixed one).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Accepts a plain {@code http://} endpoint that is not on loopback (a Logto container on a
         * private network), as {@link LogtoConfig.Builder#dangerouslyAllowInsecureHttp()} does:
         * the keys that decide which tokens are genuine would travel unprotected.
         *
         * @return this builder
         */
        public Builder dangerouslyAllowInsecureHttp() {
            this.insecureHttpAllowed = true;
            return this;
        }

        /**
         * Accepts a discovery document whose key-set URL is on another origin than the endpoint,
         * as {@link LogtoConfig.Builder#dangerouslyAllowEndpointsOnOtherOrigins()} does.
         *
         * @return this builder
         */
        public Builder dangerouslyAllowEndpointsOnOtherOrigins() {
            this.endpointsOnOtherOriginsAllowed = true;
            return this;
        }

        /**
         * Builds the validator. Makes no network call.
         *
         * @return the validator
         * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} when a duration is invalid,
         *                        or the endpoint is plain http on a host that is not loopback (unless
         *                        {@link #dangerouslyAllowInsecureHttp()})
         */
        public AccessTokenValidator build() {
            var settings = new ProviderSettings(endpoint, connectTimeout, requestTimeout, clockSkew,
                    metadataCacheTtl, jwksRefetchInterval, insecureHttpAllowed, endpointsOnOtherOriginsAllowed);
            AccessTokenVerifier verifier = httpClient != null ? AccessTokenVerifier.create(settings, httpClient, clock)
                    : AccessTokenVerifier.createWithDefaultHttp(settings, clock);
            return new AccessTokenValidator(verifier, apiResource);
        }

        @Override
        public String toString() {
            return "AccessTokenValidator.Builder{endpoint=" + endpoint + ", apiResource=" + apiResource + "}";
        }
    }
}
