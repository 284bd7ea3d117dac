package io.logto.sdk.m2m;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import io.logto.sdk.oidc.AppGrantClient;
import io.logto.sdk.oidc.ExpiringCache;
import io.logto.sdk.oidc.Futures;
import io.logto.sdk.oidc.ProviderClients;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Access tokens for a machine-to-machine app (OAuth 2.0 client credentials): give it the app's id
 * and secret once, then ask for a token whenever the app calls an API. A token is reused until it is
 * about to expire ({@link Builder#expiryMargin}, 60 s by default), and however many threads ask for
 * the same token at once, Logto sees one request.
 *
 * <pre>{@code
 * LogtoConfig config = LogtoConfig.builder()
 *         .endpoint("https://tenant.logto.app")
 *         .appId(System.getenv("LOGTO_M2M_APP_ID"))
 *         .appSecret(System.getenv("LOGTO_M2M_APP_SECRET"))
 *         .build();
 * ClientCredentialsTokenProvider tokens = ClientCredentialsTokenProvider.create(config);   // once
 *
 * IssuedToken token = tokens.token(ClientCredentialsRequest.forResource("https://api.example.com", "read:data")).join();
 * }</pre>
 *
 * <p>Failures are {@link LogtoException}s: {@link LogtoException.Code#CLIENT_AUTHENTICATION_FAILED}
 * for a wrong app id or secret, {@link LogtoException.Code#TOKEN_REQUEST_FAILED} for other refusals
 * (e.g. {@code invalid_target} for an unknown resource; see {@link LogtoException#error()}) and for
 * network failures. A failure is not cached. {@link #toString()} shows no secret.
 *
 * <p>Holds at most {@value #MAX_CACHED_TOKENS} tokens (one per distinct request). Thread-safe: build
 * one per app and share it.
 */
public final class ClientCredentialsTokenProvider {
    /** The default time before expiry at which a token is no longer handed out. */
    public static final Duration DEFAULT_EXPIRY_MARGIN = Duration.ofSeconds(60);
    /** The most tokens held at once. */
    public static final int MAX_CACHED_TOKENS = 256;

    private final LogtoConfig config;
    private final Clock clock;
    private final Duration expiryMargin;
    private final AppGrantClient grants;
    private final ExpiringCache<ClientCredentialsRequest, IssuedToken> tokens;

    private ClientCredentialsTokenProvider(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.expiryMargin = b.expiryMargin;
        this.grants = (b.httpClient != null ? new ProviderClients(config, b.httpClient, clock)
                : ProviderClients.withDefaultHttp(config, clock)).appGrants();
        this.tokens = new ExpiringCache<>(MAX_CACHED_TOKENS,
                token -> clock.instant().isBefore(token.expiresAt().minus(expiryMargin)));
    }

    /**
     * A provider with its own HTTP client, the system clock and the default margin. Makes no network call.
     *
     * @param config the machine-to-machine app's configuration; it must have the app secret
     * @return the provider
     * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} when the secret is missing
     */
    public static ClientCredentialsTokenProvider create(LogtoConfig config) {
        return builder(config).build();
    }

    /**
     * A builder, to supply an {@link HttpClient}, a {@link Clock} or another expiry margin.
     *
     * @param config the machine-to-machine app's configuration; it must have the app secret
     * @return the builder
     */
    public static Builder builder(LogtoConfig config) {
        return new Builder(config);
    }

    /**
     * A token for {@code request}: the cached one while it has more than the expiry margin left,
     * else a new one from Logto, fetched once for all concurrent callers.
     *
     * @param request what the token is for
     * @return the token; fails as the class says
     */
    public CompletableFuture<IssuedToken> token(ClientCredentialsRequest request) {
        Objects.requireNonNull(request, "request");
        return tokens.get(request, () -> Futures.supplyOrFail(() -> grants
                .clientCredentials(request.resource(), request.organizationId(), request.scopes())
                .thenApply(granted -> IssuedTokens.of(granted, clock))));
    }

    /**
     * Forgets the cached token for {@code request}, so that the next call asks Logto again (e.g.
     * after the API answered 401 to it).
     *
     * @param request what the token was for
     */
    public void forget(ClientCredentialsRequest request) {
        tokens.forget(request);
    }

    /**
     * How long before its expiry a token is no longer handed out.
     *
     * @return the margin
     */
    public Duration expiryMargin() {
        return expiryMargin;
    }

    @Override
    public String toString() {
        return "ClientCredentialsTokenProvider{endpoint=" + config.endpoint() + ", appId=" + config.appId()
                + ", cachedTokens=" + tokens.size() + "}";
    }

    /** Builds a {@link ClientCredentialsTokenProvider}. Not thread-safe. */
    public static final class Builder {
        private final LogtoConfig config;
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();
        private Duration expiryMargin = DEFAULT_EXPIRY_MARGIN;

        private Builder(LogtoConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * The HTTP client to use (its proxy, TLS and executor apply); by default the SDK's own HTTP
         * path is used, as by an {@code OidcCore} built without one.
         *
         * @param httpClient the client
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * The clock for token expiry (tests use one they move).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long before its expiry a token is replaced (default 60 s), so that it does not expire
         * on its way to the API.
         *
         * @param expiryMargin the margin, not negative
         * @return this builder
         */
        public Builder expiryMargin(Duration expiryMargin) {
            if (expiryMargin == null || expiryMargin.isNegative()) {
                throw new LogtoException(LogtoException.Code.INVALID_CONFIG, "expiryMargin must not be negative");
            }
            this.expiryMargin = expiryMargin;
            return this;
        }

        /**
         * Builds the provider. Makes no network call.
         *
         * @return the provider
         * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} when the configuration has
         *                        no app secret (client credentials need one)
         */
        public ClientCredentialsTokenProvider build() {
            if (config.appSecret().isEmpty()) {
                throw new LogtoException(LogtoException.Code.INVALID_CONFIG,
                        "client credentials need the app secret of a machine-to-machine app");
            }
            return new ClientCredentialsTokenProvider(this);
        }
    }
}
