package io.logto.sdk.oidc;

import io.logto.sdk.LogtoConfig;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * The expensive, shareable half of the SDK for one {@link LogtoConfig}: one {@link HttpClient}
 * (connection reuse), the cached discovery document and key set, the built ID-token verifier and
 * the single-flight map of refreshes. Build one per configuration at start-up and give it to every
 * {@link io.logto.sdk.LogtoClient} you create (one per request is fine: that costs no network call).
 *
 * <pre>{@code
 * OidcCore core = OidcCore.create(config);               // once
 * LogtoClient client = new LogtoClient(core, storage);   // per request / session
 * }</pre>
 *
 * <p>Holds only bounded state: one discovery document, one key set, one built verifier, the
 * refreshes in flight and at most {@value DecodedTokenCache#MAX_ENTRIES} decoded ID tokens. Thread-safe.
 */
public final class OidcCore {
    private final LogtoConfig config;
    private final Clock clock;
    private final SecureRandom random;
    private final DiscoveryClient discovery;
    private final IdTokenVerifier idTokens;
    private final TokenClient tokens;
    private final UserInfoClient userInfo;
    private final DecodedTokenCache decodedTokens = new DecodedTokenCache();

    private OidcCore(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.random = new SecureRandom();
        HttpClient client = b.httpClient != null ? b.httpClient : HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        var http = new HttpTransport(client, config.requestTimeout());
        this.discovery = new DiscoveryClient(config, http, clock);
        this.idTokens = new IdTokenVerifier(config, discovery, new SigningKeys(config, discovery, http, clock), clock);
        this.tokens = new TokenClient(config, discovery, idTokens, http);
        this.userInfo = new UserInfoClient(discovery, http);
    }

    /** A core with its own HTTP client and the system clock. */
    public static OidcCore create(LogtoConfig config) {
        return builder(config).build();
    }

    /** A builder, to supply an {@link HttpClient} or a {@link Clock}. */
    public static Builder builder(LogtoConfig config) {
        return new Builder(config);
    }

    /** The configuration. */
    public LogtoConfig config() {
        return config;
    }

    /** The clock used for token times. */
    public Clock clock() {
        return clock;
    }

    /** Discovery (cached). */
    public DiscoveryClient discovery() {
        return discovery;
    }

    /** ID-token verification (cached key set). */
    public IdTokenVerifier idTokens() {
        return idTokens;
    }

    /** Token endpoint and revocation. */
    public TokenClient tokens() {
        return tokens;
    }

    /** The userinfo endpoint. */
    public UserInfoClient userInfo() {
        return userInfo;
    }

    /** Decoded stored tokens, shared by the clients of this core (bounded). */
    public DecodedTokenCache decodedTokens() {
        return decodedTokens;
    }

    /** Fresh state, nonce and PKCE values for one sign-in. */
    public AuthorizationSecrets newAuthorizationSecrets() {
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
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient);
            return this;
        }

        /** The clock for token expiry and validation (tests use a fixed one). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Builds the core; makes no network call. */
        public OidcCore build() {
            return new OidcCore(this);
        }
    }
}
