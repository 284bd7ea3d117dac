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
 * Instances are immutable and thread-safe.
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

    private LogtoConfig(Builder b) {
        this.endpoint = parseEndpoint(b.endpoint);
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
        return new Builder()
                .endpoint(endpoint.toString()).appId(appId).appSecret(appSecret)
                .scopes(scopes).resources(resources).prompt(prompt)
                .connectTimeout(connectTimeout).requestTimeout(requestTimeout)
                .clockSkew(clockSkew).metadataCacheTtl(metadataCacheTtl)
                .jwksRefetchInterval(jwksRefetchInterval);
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
                && jwksRefetchInterval.equals(c.jwksRefetchInterval);
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
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "}";
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

        private Builder() {
        }

        /**
         * The Logto endpoint, e.g. {@code https://tenant.logto.app}; a trailing slash is tolerated.
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
