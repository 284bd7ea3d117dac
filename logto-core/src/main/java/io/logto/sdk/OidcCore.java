package io.logto.sdk;

import io.logto.sdk.oidc.AuthorizationSecrets;
import io.logto.sdk.oidc.DiscoveryClient;
import io.logto.sdk.oidc.IdTokenVerifier;
import io.logto.sdk.oidc.ProviderClients;
import io.logto.sdk.oidc.TokenClient;
import io.logto.sdk.oidc.UserInfoClient;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * The expensive, shareable half of the SDK for one {@link LogtoConfig}: one {@link HttpClient}
 * (connection reuse), the cached discovery document and key set, the built ID-token verifier, the
 * refreshes in flight and the decoded stored tokens. Build one per configuration at start-up and
 * give it to every {@link LogtoClient} you create (one per request is fine: that costs no network
 * call). The Python SDK calls it the same.
 *
 * <pre>{@code
 * OidcCore core = OidcCore.create(config);               // once
 * LogtoClient client = new LogtoClient(core, storage);   // per request / session
 * }</pre>
 *
 * <p>Holds only bounded state: one discovery document, one key set, one built verifier, the
 * refreshes in flight and at most 512 decoded stored tokens. Thread-safe.
 */
public final class OidcCore {
    private final LogtoConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ProviderClients provider;
    private final DecodedTokenCache decodedTokens = new DecodedTokenCache();

    private OidcCore(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        // Without an application's own client, requests that need no proxy take the lean HTTP/1.1 path.
        this.provider = b.httpClient != null ? new ProviderClients(config, b.httpClient, clock)
                : ProviderClients.withDefaultHttp(config, clock);
    }

    /**
     * A core with its own HTTP client and the system clock. Makes no network call.
     *
     * @param config the configuration
     * @return the core
     */
    public static OidcCore create(LogtoConfig config) {
        return builder(config).build();
    }

    /**
     * A builder, to supply an {@link HttpClient} or a {@link Clock}.
     *
     * @param config the configuration
     * @return the builder
     */
    public static Builder builder(LogtoConfig config) {
        return new Builder(config);
    }

    /**
     * The configuration.
     *
     * @return the configuration this core was built for
     */
    public LogtoConfig config() {
        return config;
    }

    /**
     * The clock used for token times and cache lifetimes.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    DiscoveryClient discovery() {
        return provider.discovery();
    }

    IdTokenVerifier idTokens() {
        return provider.idTokens();
    }

    TokenClient tokens() {
        return provider.tokens();
    }

    UserInfoClient userInfo() {
        return provider.userInfo();
    }

    /** Decoded stored tokens, shared by the clients of this core (bounded). */
    DecodedTokenCache decodedTokens() {
        return decodedTokens;
    }

    /** Fresh state, nonce and PKCE values for one sign-in. */
    AuthorizationSecrets newAuthorizationSecrets() {
        return AuthorizationSecrets.generate(random);
    }

    @Override
    public String toString() {
        return "OidcCore{" + config + "}";
    }

    /** Builds an {@link OidcCore}. Not thread-safe. */
    public static final class Builder {
        private final LogtoConfig config;
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();

        private Builder(LogtoConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * The HTTP client to use; by default one is built with the configured connect timeout,
         * HTTP/1.1 keep-alive and no redirects.
         *
         * @param httpClient the client
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient);
            return this;
        }

        /**
         * The clock for token expiry and validation (tests use a fixed one).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * Builds the core; makes no network call.
         *
         * @return the core
         */
        public OidcCore build() {
            return new OidcCore(this);
        }
    }
}
