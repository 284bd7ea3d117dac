package io.logto.sdk;

import io.logto.sdk.oidc.ProviderSettings;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable configuration of a Logto application, built with {@link #builder()}.
 *
 * <pre>{@code
 * LogtoConfig config = LogtoConfig.builder()
 *     .endpoint("https://tenant.logto.app")
 *     .appId("my-app-id")
 *     .appSecret(System.getenv("LOGTO_APP_SECRET"))
 *     .scopes(List.of(LogtoScopes.EMAIL))
 *     .resources(List.of("https://api.example.com"))
 *     .build();
 * }</pre>
 *
 * <p>{@link #scopes()} always contains {@code openid}, {@code offline_access} and {@code profile}
 * (added first, like the Python SDK). {@link #toString()} never shows the app secret.
 *
 * <p>The endpoint must be {@code https://}: the app secret, codes and tokens travel to it. Plain
 * {@code http://} is accepted only for loopback hosts ({@code localhost}, {@code 127.0.0.0/8},
 * {@code [::1]}), for development, unless {@link Builder#dangerouslyAllowInsecureHttp()} says
 * otherwise. The endpoints the discovery document names (token, revocation, JWKS, userinfo,
 * authorization, end-session) must be on the endpoint's origin, as Logto's always are, unless
 * {@link Builder#dangerouslyAllowEndpointsOnOtherOrigins()} says otherwise.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class LogtoConfig {
    /** Default connect timeout for every request to Logto. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default timeout for a whole request (send and read the response) to Logto. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Default allowance for clock differences when checking {@code exp} and {@code iat}. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** Default lifetime of the cached discovery document and key set. */
    public static final Duration DEFAULT_METADATA_CACHE_TTL = Duration.ofHours(12);
    /** Default shortest time between two key-set fetches caused by an unknown key id. */
    public static final Duration DEFAULT_JWKS_REFETCH_INTERVAL = Duration.ofSeconds(30);
    /**
     * Default oldest {@code iat} accepted (plus {@link #clockSkew()}): ID tokens are verified the
     * moment the token endpoint issues them, so a genuine one is seconds old.
     */
    public static final Duration DEFAULT_MAX_ID_TOKEN_AGE = Duration.ofMinutes(10);

    private final URI endpoint;
    private final String appId;
    private final String appSecret;
    private final List<String> scopes;
    private final List<String> resources;
    private final String prompt;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration clockSkew;
    private final Duration metadataCacheTtl;
    private final Duration jwksRefetchInterval;
    private final boolean insecureHttpAllowed;
    private final boolean endpointsOnOtherOriginsAllowed;
    private final Duration maxSessionAge;
    private final Duration maxIdTokenAge;
    private final List<String> trustedAudiences;

    private LogtoConfig(Builder b) {
        this.insecureHttpAllowed = b.insecureHttpAllowed;
        this.endpointsOnOtherOriginsAllowed = b.endpointsOnOtherOriginsAllowed;
        this.endpoint = parseEndpoint(b.endpoint);
        if (!permitsTransport(endpoint)) {
            throw new LogtoException(LogtoException.Code.INVALID_CONFIG, "endpoint must be https:// (http:// only "
                    + "for localhost, 127.0.0.0/8 and [::1]; for anything else call dangerouslyAllowInsecureHttp()): "
                    + endpoint);
        }
        if (b.appId == null || b.appId.isBlank()) {
            throw new LogtoException(LogtoException.Code.INVALID_CONFIG, "appId is required");
        }
        this.appId = b.appId;
        this.appSecret = b.appSecret == null || b.appSecret.isEmpty() ? null : b.appSecret;
        var allScopes = new LinkedHashSet<String>(List.of(
                LogtoScopes.OPENID, LogtoScopes.OFFLINE_ACCESS, LogtoScopes.PROFILE));
        b.scopes.forEach(s -> allScopes.add(requireText(s, "scope")));
        this.scopes = List.copyOf(allScopes);
        var allResources = new LinkedHashSet<String>();
        b.resources.forEach(r -> allResources.add(requireText(r, "resource")));
        this.resources = List.copyOf(allResources);
        this.prompt = b.prompt == null || b.prompt.isBlank() ? "consent" : b.prompt;
        this.connectTimeout = positive(b.connectTimeout, "connectTimeout");
        this.requestTimeout = positive(b.requestTimeout, "requestTimeout");
        this.clockSkew = nonNegative(b.clockSkew, "clockSkew");
        this.metadataCacheTtl = positive(b.metadataCacheTtl, "metadataCacheTtl");
        this.jwksRefetchInterval = nonNegative(b.jwksRefetchInterval, "jwksRefetchInterval");
        this.maxSessionAge = b.maxSessionAge == null ? null : positive(b.maxSessionAge, "maxSessionAge");
        this.maxIdTokenAge = positive(b.maxIdTokenAge, "maxIdTokenAge");
        var audiences = new LinkedHashSet<String>();
        b.trustedAudiences.forEach(a -> audiences.add(requireText(a, "trusted audience")));
        audiences.remove(appId);
        this.trustedAudiences = List.copyOf(audiences);
    }

    /**
     * A new builder with the defaults.
     *
     * @return a new builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder pre-filled with this configuration, to derive a changed copy.
     *
     * @return this builder
     */
    public Builder toBuilder() {
        Builder b = new Builder()
                .endpoint(endpoint.toString()).appId(appId).appSecret(appSecret)
                .scopes(scopes).resources(resources).prompt(prompt)
                .connectTimeout(connectTimeout).requestTimeout(requestTimeout)
                .clockSkew(clockSkew).metadataCacheTtl(metadataCacheTtl)
                .jwksRefetchInterval(jwksRefetchInterval);
        b.insecureHttpAllowed = insecureHttpAllowed;
        b.endpointsOnOtherOriginsAllowed = endpointsOnOtherOriginsAllowed;
        b.maxSessionAge = maxSessionAge;
        return b.maxIdTokenAge(maxIdTokenAge).trustedAudiences(trustedAudiences);
    }

    /**
     * The Logto endpoint without a trailing slash, e.g. {@code https://tenant.logto.app}.
     *
     * @return the Logto endpoint without a trailing slash, e.g. {@code https://tenant.logto.app}
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * The issuer Logto uses for this endpoint: {@code {endpoint}/oidc}.
     *
     * @return the issuer Logto uses for this endpoint
     */
    public String issuer() {
        return endpoint + "/oidc";
    }

    /**
     * The discovery URL: {@code {endpoint}/oidc/.well-known/openid-configuration}.
     *
     * @return the discovery URL
     */
    public URI discoveryUri() {
        return URI.create(issuer() + "/.well-known/openid-configuration");
    }

    /**
     * The application (client) id.
     *
     * @return the application (client) id
     */
    public String appId() {
        return appId;
    }

    /**
     * The application secret; empty for public clients.
     *
     * @return the application secret
     */
    public Optional<String> appSecret() {
        return Optional.ofNullable(appSecret);
    }

    /**
     * All scopes requested, the three defaults first.
     *
     * @return all scopes requested, the three defaults first
     */
    public List<String> scopes() {
        return scopes;
    }

    /**
     * API resource indicators requested at sign-in.
     *
     * @return API resource indicators requested at sign-in
     */
    public List<String> resources() {
        return resources;
    }

    /**
     * The {@code prompt} parameter; {@code consent} by default (needed for a refresh token).
     *
     * @return the {@code prompt} parameter
     */
    public String prompt() {
        return prompt;
    }

    /**
     * Connect timeout of every request to Logto.
     *
     * @return connect timeout of every request to Logto
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Timeout of a whole request to Logto.
     *
     * @return timeout of a whole request to Logto
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Allowed clock difference when checking token times.
     *
     * @return allowed clock difference when checking token times
     */
    public Duration clockSkew() {
        return clockSkew;
    }

    /**
     * How long discovery and the key set are cached before they are fetched again.
     *
     * @return how long discovery and the key set are cached before they are fetched again
     */
    public Duration metadataCacheTtl() {
        return metadataCacheTtl;
    }

    /**
     * Shortest time between two key-set fetches triggered by an unknown key id.
     *
     * @return shortest time between two key-set fetches triggered by an unknown key id
     */
    public Duration jwksRefetchInterval() {
        return jwksRefetchInterval;
    }

    /**
     * The longest a sign-in lasts, however often its tokens are refreshed; empty (the default) for
     * no limit beyond Logto's own (the refresh token's lifetime). See {@link Builder#maxSessionAge}.
     *
     * @return the maximum session age; empty for none
     */
    public Optional<Duration> maxSessionAge() {
        return Optional.ofNullable(maxSessionAge);
    }

    /**
     * The oldest an ID token's {@code iat} may be (plus the clock skew); see {@link Builder#maxIdTokenAge}.
     *
     * @return the maximum ID-token age
     */
    public Duration maxIdTokenAge() {
        return maxIdTokenAge;
    }

    /**
     * Audiences besides the app id that an ID token may also list (OIDC Core §3.1.3.7 step 3);
     * empty by default, so a token for anyone else too is rejected.
     *
     * @return the trusted audiences, unmodifiable, without the app id
     */
    public List<String> trustedAudiences() {
        return trustedAudiences;
    }

    /**
     * Whether {@link Builder#dangerouslyAllowInsecureHttp()} was called.
     *
     * @return whether plain http is accepted for any host
     */
    public boolean insecureHttpAllowed() {
        return insecureHttpAllowed;
    }

    /**
     * Whether {@link Builder#dangerouslyAllowEndpointsOnOtherOrigins()} was called.
     *
     * @return whether discovered endpoints may be on another origin than the endpoint's
     */
    public boolean endpointsOnOtherOriginsAllowed() {
        return endpointsOnOtherOriginsAllowed;
    }

    /**
     * Whether this configuration lets the SDK send secrets to, or receive codes at, {@code url}:
     * {@code https://} always, {@code http://} for a loopback host ({@link #isLoopbackHost}) or when
     * {@link Builder#dangerouslyAllowInsecureHttp()} was called, nothing else.
     *
     * @param url an absolute URL
     * @return whether the SDK may use it
     */
    public boolean permitsTransport(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        return scheme.equals("https")
                || (scheme.equals("http") && (insecureHttpAllowed || isLoopbackHost(url.getHost())));
    }

    /**
     * Whether {@code host} (as {@link URI#getHost()} gives it) is this machine by definition:
     * {@code localhost}, an IPv4 literal in {@code 127.0.0.0/8}, or the IPv6 literal {@code [::1]}.
     * Names are not resolved: {@code localhost.example} or a name that resolves to 127.0.0.1 is
     * not loopback.
     *
     * @param host a host as {@link URI#getHost()} gives it, or {@code null}
     * @return whether it is loopback by definition
     */
    public static boolean isLoopbackHost(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            String literal = host.substring(1, host.length() - 1);
            // Only hex digits, colons and dots: an IPv6 literal, which getByName parses without DNS.
            if (!literal.matches("[0-9A-Fa-f:.]+")) {
                return false;
            }
            try {
                return java.net.InetAddress.getByName(literal).isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("[0-9]{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the organizations scope is requested (needed for organization tokens).
     *
     * @return whether the organizations scope is requested (needed for organization tokens)
     */
    public boolean hasOrganizationScope() {
        return scopes.contains(LogtoScopes.ORGANIZATIONS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogtoConfig c && endpoint.equals(c.endpoint) && appId.equals(c.appId)
                && Objects.equals(appSecret, c.appSecret) && scopes.equals(c.scopes)
                && resources.equals(c.resources) && prompt.equals(c.prompt)
                && connectTimeout.equals(c.connectTimeout) && requestTimeout.equals(c.requestTimeout)
                && clockSkew.equals(c.clockSkew) && metadataCacheTtl.equals(c.metadataCacheTtl)
                && jwksRefetchInterval.equals(c.jwksRefetchInterval)
                && insecureHttpAllowed == c.insecureHttpAllowed
                && endpointsOnOtherOriginsAllowed == c.endpointsOnOtherOriginsAllowed
                && Objects.equals(maxSessionAge, c.maxSessionAge)
                && maxIdTokenAge.equals(c.maxIdTokenAge) && trustedAudiences.equals(c.trustedAudiences);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, appId, scopes, resources, prompt);
    }

    @Override
    public String toString() {
        return "LogtoConfig{endpoint=" + endpoint + ", appId=" + appId
                + ", appSecret=" + (appSecret == null ? "<none>" : "<redacted>")
                + ", scopes=" + scopes + ", resources=" + resources + ", prompt=" + prompt
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + (insecureHttpAllowed ? ", DANGEROUSLY allowing insecure http" : "")
                + (endpointsOnOtherOriginsAllowed ? ", DANGEROUSLY allowing endpoints on other origins" : "") + "}";
    }

    private static URI parseEndpoint(String raw) {
        // One reading of an endpoint for the signing-in app and the resource server alike.
        return ProviderSettings.parseEndpoint(raw);
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new LogtoException(LogtoException.Code.INVALID_CONFIG, what + " must not be blank");
        }
        return value;
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new LogtoException(LogtoException.Code.INVALID_CONFIG, what + " must be positive");
        }
        return d;
    }

    private static Duration nonNegative(Duration d, String what) {
        if (d == null || d.isNegative()) {
            throw new LogtoException(LogtoException.Code.INVALID_CONFIG, what + " must not be negative");
        }
        return d;
    }

    /** Gathers configuration; {@link #build()} validates it. Not thread-safe. */
    public static final class Builder {
        private String endpoint;
        private String appId;
        private String appSecret;
        private List<String> scopes = List.of();
        private List<String> resources = List.of();
        private String prompt = "consent";
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private Duration metadataCacheTtl = DEFAULT_METADATA_CACHE_TTL;
        private Duration jwksRefetchInterval = DEFAULT_JWKS_REFETCH_INTERVAL;
        private boolean insecureHttpAllowed;
        private boolean endpointsOnOtherOriginsAllowed;
        private Duration maxSessionAge;
        private Duration maxIdTokenAge = DEFAULT_MAX_ID_TOKEN_AGE;
        private List<String> trustedAudiences = List.of();

        private Builder() {
        }

        /**
         * The Logto endpoint, e.g. {@code https://tenant.logto.app}; a trailing slash is tolerated.
         * The endpoint is the tenant's address, not its issuer: an endpoint ending in {@code /oidc}
         * (or {@code /oidc/}), as the issuer {@code https://tenant.logto.app/oidc} does, is accepted
         * and read as {@code https://tenant.logto.app}, since the SDK adds {@code /oidc} itself. A
         * self-hosted Logto under a path keeps it: {@code https://example.com/auth/oidc} is
         * {@code https://example.com/auth}.
         *
         * @param endpoint the Logto endpoint, e.g. {@code https://tenant.logto.app}
         * @return this builder
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * The application id from the Logto Console.
         *
         * @param appId the application id from the Logto Console
         * @return this builder
         */
        public Builder appId(String appId) {
            this.appId = appId;
            return this;
        }

        /**
         * The application secret; leave unset for public clients.
         *
         * @param appSecret the application secret
         * @return this builder
         */
        public Builder appSecret(String appSecret) {
            this.appSecret = appSecret;
            return this;
        }

        /**
         * Extra scopes; {@code openid}, {@code offline_access} and {@code profile} are always added.
         *
         * @param scopes extra scopes
         * @return this builder
         */
        public Builder scopes(List<String> scopes) {
            this.scopes = new ArrayList<>(Objects.requireNonNull(scopes, "scopes"));
            return this;
        }

        /**
         * API resource indicators to request at sign-in.
         *
         * @param resources API resource indicators to request at sign-in
         * @return this builder
         */
        public Builder resources(List<String> resources) {
            this.resources = new ArrayList<>(Objects.requireNonNull(resources, "resources"));
            return this;
        }

        /**
         * The {@code prompt} parameter ({@code consent} by default, or {@code login}).
         *
         * @param prompt the {@code prompt} parameter ({@code consent} by default, or {@code login})
         * @return this builder
         */
        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        /**
         * Connect timeout of every request to Logto (default 5 s).
         *
         * @param connectTimeout connect timeout of every request to Logto (default 5 s)
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * Timeout of a whole request to Logto (default 10 s).
         *
         * @param requestTimeout timeout of a whole request to Logto (default 10 s)
         * @return this builder
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Allowed clock difference for {@code exp}/{@code iat} (default 60 s).
         *
         * @param clockSkew allowed clock difference for {@code exp}/{@code iat} (default 60 s)
         * @return this builder
         */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
            return this;
        }

        /**
         * Lifetime of cached discovery and key set (default 12 h).
         *
         * @param metadataCacheTtl lifetime of cached discovery and key set (default 12 h)
         * @return this builder
         */
        public Builder metadataCacheTtl(Duration metadataCacheTtl) {
            this.metadataCacheTtl = metadataCacheTtl;
            return this;
        }

        /**
         * Shortest time between key-set fetches caused by an unknown key id (default 30 s).
         *
         * @param jwksRefetchInterval shortest time between key-set fetches caused by an unknown key id (default
         *                            30 s)
         * @return this builder
         */
        public Builder jwksRefetchInterval(Duration jwksRefetchInterval) {
            this.jwksRefetchInterval = jwksRefetchInterval;
            return this;
        }

        /**
         * The oldest an ID token may be, by its {@code iat}, when it is verified (default 10 min,
         * plus {@link #clockSkew}). Tokens are verified as the token endpoint issues them, so only a
         * server clock far ahead of Logto's, or a replayed old token, comes near it; a token
         * "issued" in 1970 is refused whatever its {@code exp}.
         *
         * @param maxIdTokenAge the oldest accepted {@code iat}, before now minus the clock skew
         * @return this builder
         */
        public Builder maxIdTokenAge(Duration maxIdTokenAge) {
            this.maxIdTokenAge = maxIdTokenAge;
            return this;
        }

        /**
         * Audiences besides the app id that an ID token may also list. By default a token with any
         * other audience is rejected (OIDC Core §3.1.3.7 step 3): it was issued for someone else as
         * well. Logto issues ID tokens for the app alone.
         *
         * @param trustedAudiences the further audiences an ID token may list
         * @return this builder
         */
        public Builder trustedAudiences(List<String> trustedAudiences) {
            this.trustedAudiences = new ArrayList<>(Objects.requireNonNull(trustedAudiences, "trustedAudiences"));
            return this;
        }

        /**
         * Ends every session this long after its sign-in, however often its tokens are refreshed
         * ({@code null}, the default: no limit beyond Logto's own, the refresh token's lifetime).
         * After it {@link LogtoClient#isAuthenticated()} is false and tokens are no longer
         * refreshed; the user signs in again. Sessions stored without a sign-in time (by an
         * earlier version of the SDK) count as ended when a maximum is set.
         *
         * @param maxSessionAge the longest a sign-in lasts, or {@code null} for no limit
         * @return this builder
         */
        public Builder maxSessionAge(Duration maxSessionAge) {
            this.maxSessionAge = maxSessionAge;
            return this;
        }

        /**
         * <b>Dangerous:</b> accepts {@code http://} for any host, not only loopback ones, for the
         * endpoint and the endpoints discovery names. The app secret, authorization codes and tokens
         * then cross the network in clear text, readable and changeable by anyone on the path. Only
         * for a private network you trust entirely (a Logto container beside the app, say); never
         * across the internet.
         *
         * @return this builder
         */
        public Builder dangerouslyAllowInsecureHttp() {
            this.insecureHttpAllowed = true;
            return this;
        }

        /**
         * <b>Dangerous:</b> accepts a discovery document whose endpoints (token, revocation, JWKS,
         * userinfo, authorization, end-session) are on another origin than the Logto endpoint.
         * Whoever can change that document (a compromised proxy, a misconfigured CDN) can then
         * send the app secret, codes and refresh tokens anywhere. Logto never needs this.
         *
         * @return this builder
         */
        public Builder dangerouslyAllowEndpointsOnOtherOrigins() {
            this.endpointsOnOtherOriginsAllowed = true;
            return this;
        }

        /**
         * Validates and builds the configuration.
         *
         *
         * @return the configuration
         * @throws LogtoException with {@link LogtoException.Code#INVALID_CONFIG} when a value is invalid
         */
        public LogtoConfig build() {
            return new LogtoConfig(this);
        }

        @Override
        public String toString() {
            return "LogtoConfig.Builder{endpoint=" + endpoint + ", appId=" + appId + ", appSecret=<redacted>}";
        }
    }
}
