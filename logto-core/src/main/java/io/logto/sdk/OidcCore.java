package io.logto.sdk;

import io.logto.sdk.oidc.AuthorizationSecrets;
import io.logto.sdk.oidc.DiscoveryClient;
import io.logto.sdk.oidc.IdTokenVerifier;
import io.logto.sdk.oidc.ProviderClients;
import io.logto.sdk.oidc.SingleFlight;
import io.logto.sdk.oidc.TokenClient;
import io.logto.sdk.oidc.UserInfoClient;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
 * refreshes in flight, at most 512 decoded stored tokens and at most
 * {@value BackChannelLogout#MAX_REMEMBERED_TOKEN_IDS} ids of accepted logout tokens; up to 4 daemon
 * threads poll a shared refresh lease while another process refreshes a session (they end when
 * idle). Thread-safe.
 */
public final class OidcCore {
    private final LogtoConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ProviderClients provider;
    private final DecodedTokenCache decodedTokens = new DecodedTokenCache();
    /** Refreshes coordinated with other processes, one per session and target in this JVM. */
    private final SingleFlight<String, SharedRefresh.Outcome> sharedRefreshes = new SingleFlight<>();
    /** Runs the lease polls of waiting refreshes (quick storage reads); threads exist only while needed. */
    private final ThreadPoolExecutor leasePolls = leasePollExecutor();
    private final BackChannelLogout backChannelLogout;
    private final LogtoEventListener events;

    private OidcCore(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.events = GuardedListener.of(b.events);
        // Without an application's own client, requests that need no proxy take the lean HTTP/1.1 path.
        this.provider = b.httpClient != null ? new ProviderClients(config, b.httpClient, clock, events)
                : ProviderClients.withDefaultHttp(config, clock, events);
        this.backChannelLogout = new BackChannelLogout(provider.logoutTokens(), events);
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

    /**
     * Back-channel logout for this configuration: verifies the logout tokens Logto posts when a
     * user's session ends. One per core (it remembers the token ids it accepted, against replays).
     *
     * @return the verifier of logout tokens
     */
    public BackChannelLogout backChannelLogout() {
        return backChannelLogout;
    }

    /** The application's listener, guarded: it never throws. */
    LogtoEventListener events() {
        return events;
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

    /** Refreshes coordinated with other processes through a shared lease, in flight in this JVM. */
    SingleFlight<String, SharedRefresh.Outcome> sharedRefreshes() {
        return sharedRefreshes;
    }

    /** Runs a task after {@code millis} on the lease-poll threads. */
    Executor afterPause(long millis) {
        return CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS, leasePolls);
    }

    /** 16 random bytes, base64url: a session key, a lease holder's id. */
    String newRandomId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ThreadPoolExecutor leasePollExecutor() {
        var executor = new ThreadPoolExecutor(4, 4, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            var thread = new Thread(task, "logto-refresh-lease");
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
        return executor;
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
        private LogtoEventListener events = LogtoEventListener.NONE;

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
         * The listener that hears of sign-ins, refreshes and back-channel logouts (metrics, audit);
         * by default {@link LogtoEventListener#NONE}. It must be thread-safe; see
         * {@link LogtoEventListener}.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder eventListener(LogtoEventListener listener) {
            this.events = Objects.requireNonNull(listener, "listener");
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
