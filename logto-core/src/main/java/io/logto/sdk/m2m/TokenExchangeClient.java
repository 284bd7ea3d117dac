package io.logto.sdk.m2m;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import io.logto.sdk.oidc.AppGrantClient;
import io.logto.sdk.oidc.Futures;
import io.logto.sdk.oidc.ProviderClients;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Token exchange (RFC 8693) as Logto implements it: the app trades a token that names a user (a
 * personal access token, an impersonation subject token, or one of the user's access tokens) for an
 * access token to an API resource or organization, issued to the app on that user's behalf. The app
 * must allow token exchange in the Console (Application → Advanced settings); third-party apps cannot.
 *
 * <pre>{@code
 * TokenExchangeClient exchange = TokenExchangeClient.create(config);       // once
 * IssuedToken token = exchange.exchange(TokenExchangeRequest.personalAccessToken(pat)
 *         .resource("https://api.example.com").scopes("read:data").build()).join();
 * }</pre>
 *
 * <p>Each call asks Logto: exchanged tokens are not cached (impersonation subject tokens are
 * single-use, and the result belongs to one user), and Logto issues no refresh token, so exchange
 * again when the token expires. Failures are {@link LogtoException}s:
 * {@link LogtoException.Code#SUBJECT_TOKEN_INVALID} when Logto refused the subject or actor token
 * ({@code invalid_grant}; Logto never says why), {@link LogtoException.Code#CLIENT_AUTHENTICATION_FAILED}
 * for the app's credentials, {@link LogtoException.Code#TOKEN_REQUEST_FAILED} otherwise (e.g.
 * {@code invalid_request} "requested grant type is not allowed for this client" when the app does not
 * allow token exchange, {@code access_denied} when the user is not in the organization). Thread-safe.
 */
public final class TokenExchangeClient {
    private final LogtoConfig config;
    private final Clock clock;
    private final AppGrantClient grants;

    private TokenExchangeClient(LogtoConfig config, HttpClient httpClient, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.grants = (httpClient != null ? new ProviderClients(config, httpClient, clock)
                : ProviderClients.withDefaultHttp(config, clock)).appGrants();
    }

    /**
     * A client with its own HTTP client and the system clock. Makes no network call.
     *
     * @param config the configuration of the app that exchanges (its secret, unless it is a public app)
     * @return the client
     */
    public static TokenExchangeClient create(LogtoConfig config) {
        return builder(config).build();
    }

    /**
     * A builder, to supply an {@link HttpClient} or a {@link Clock}.
     *
     * @param config the configuration of the app that exchanges
     * @return the builder
     */
    public static Builder builder(LogtoConfig config) {
        return new Builder(config);
    }

    /**
     * Exchanges the request's subject token for a new access token.
     *
     * @param request the exchange
     * @return the new token; fails as the class says
     */
    public CompletableFuture<IssuedToken> exchange(TokenExchangeRequest request) {
        Objects.requireNonNull(request, "request");
        return Futures.supplyOrFail(() -> grants.tokenExchange(request.subjectToken(),
                        request.subjectTokenType().uri(), request.actorToken(), request.resource(),
                        request.organizationId(), request.scopes(), request.audience())
                .thenApply(granted -> IssuedTokens.of(granted, clock)));
    }

    @Override
    public String toString() {
        return "TokenExchangeClient{endpoint=" + config.endpoint() + ", appId=" + config.appId() + "}";
    }

    /** Builds a {@link TokenExchangeClient}. Not thread-safe. */
    public static final class Builder {
        private final LogtoConfig config;
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();

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
         * The clock for {@link IssuedToken#expiresAt()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the client. Makes no network call.
         *
         * @return the client
         */
        public TokenExchangeClient build() {
            return new TokenExchangeClient(config, httpClient, clock);
        }
    }
}
