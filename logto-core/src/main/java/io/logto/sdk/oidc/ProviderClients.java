package io.logto.sdk.oidc;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoEventListener;

import java.net.http.HttpClient;
import java.time.Clock;

/**
 * Everything that talks to the provider for one {@link LogtoConfig}, over one {@link HttpClient},
 * each part built once: discovery, the signing keys, the ID-token verifier, the token client, the
 * userinfo client and the app's own grants (client credentials, token exchange). {@code io.logto.sdk.OidcCore} holds one; this package is not part of the API.
 * Thread-safe.
 */
public final class ProviderClients {
    private final DiscoveryClient discovery;
    private final IdTokenVerifier idTokens;
    private final TokenClient tokens;
    private final UserInfoClient userInfo;
    private final LogoutTokenVerifier logoutTokens;
    private final AppGrantClient appGrants;

    /**
     * Builds the clients; makes no network call.
     *
     * @param config     the configuration
     * @param httpClient the HTTP client every request goes through
     * @param clock      the clock for cache lifetimes and token times
     */
    public ProviderClients(LogtoConfig config, HttpClient httpClient, Clock clock) {
        this(config, httpClient, clock, LogtoEventListener.NONE);
    }

    /**
     * Builds the clients, telling {@code events} about refreshes; makes no network call.
     *
     * @param config     the configuration
     * @param httpClient the HTTP client every request goes through
     * @param clock      the clock for cache lifetimes and token times
     * @param events     hears of each refresh request's outcome (it must not throw)
     */
    public ProviderClients(LogtoConfig config, HttpClient httpClient, Clock clock, LogtoEventListener events) {
        this(config, new HttpTransport(httpClient, config.requestTimeout()), clock, events);
    }

    /**
     * Builds the clients over the SDK's own HTTP path: requests that need no proxy go through the
     * lean HTTP/1.1 client, the others through a {@link #defaultHttpClient} made on first need.
     * Makes no network call.
     *
     * @param config the configuration
     * @param clock  the clock for cache lifetimes and token times
     * @return the clients
     */
    public static ProviderClients withDefaultHttp(LogtoConfig config, Clock clock) {
        return withDefaultHttp(config, clock, LogtoEventListener.NONE);
    }

    /**
     * Builds the clients over the SDK's own HTTP path, like {@link #withDefaultHttp(LogtoConfig, Clock)},
     * telling {@code events} about refreshes. Makes no network call.
     *
     * @param config the configuration
     * @param clock  the clock for cache lifetimes and token times
     * @param events hears of each refresh request's outcome (it must not throw)
     * @return the clients
     */
    public static ProviderClients withDefaultHttp(LogtoConfig config, Clock clock, LogtoEventListener events) {
        return new ProviderClients(config, HttpTransport.withLeanPath(() -> defaultHttpClient(config),
                config.connectTimeout(), config.requestTimeout()), clock, events);
    }

    private ProviderClients(LogtoConfig config, HttpTransport http, Clock clock, LogtoEventListener events) {
        var settings = ProviderSettings.of(config);
        this.discovery = new DiscoveryClient(settings, http, clock);
        this.idTokens = new IdTokenVerifier(config, discovery, new SigningKeys(settings, discovery, http, clock), clock);
        this.tokens = new TokenClient(config, discovery, idTokens, http, events);
        this.userInfo = new UserInfoClient(discovery, http);
        this.logoutTokens = new LogoutTokenVerifier(config, discovery, idTokens.signingKeys(), clock);
        this.appGrants = new AppGrantClient(config, discovery, http);
    }

    /**
     * The HTTP client the SDK builds when it is given none: the configured connect timeout, HTTP/1.1
     * keep-alive, no redirects followed.
     *
     * @param config the configuration
     * @return a new client
     */
    public static HttpClient defaultHttpClient(LogtoConfig config) {
        return defaultHttpClient(ProviderSettings.of(config));
    }

    /**
     * The HTTP client the SDK builds when it is given none, for a resource server or a client
     * without a {@link LogtoConfig}: the configured connect timeout, HTTP/1.1 keep-alive, no
     * redirects followed.
     *
     * @param settings the provider settings
     * @return a new client
     */
    public static HttpClient defaultHttpClient(ProviderSettings settings) {
        return HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Discovery (cached).
     *
     * @return the discovery client
     */
    public DiscoveryClient discovery() {
        return discovery;
    }

    /**
     * ID-token verification (cached key set).
     *
     * @return the verifier
     */
    public IdTokenVerifier idTokens() {
        return idTokens;
    }

    /**
     * The token endpoint and revocation.
     *
     * @return the token client
     */
    public TokenClient tokens() {
        return tokens;
    }

    /**
     * The userinfo endpoint.
     *
     * @return the userinfo client
     */
    public UserInfoClient userInfo() {
        return userInfo;
    }

    /**
     * Back-channel logout: logout-token verification, on the ID-token verifier's key set.
     *
     * @return the verifier
     */
    public LogoutTokenVerifier logoutTokens() {
        return logoutTokens;
    }

    /**
     * The grants the app makes on its own account: client credentials and token exchange.
     *
     * @return the client
     */
    public AppGrantClient appGrants() {
        return appGrants;
    }
}
