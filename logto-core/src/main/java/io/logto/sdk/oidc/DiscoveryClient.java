package io.logto.sdk.oidc;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;

import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches the provider's discovery document once and caches it for
 * {@link LogtoConfig#metadataCacheTtl()}. A failed fetch is not cached: the next call retries.
 * The document's {@code issuer} must be {@link LogtoConfig#issuer()} ({@link ProviderSettings#issuer()}), so that a misconfigured or
 * spoofed endpoint cannot hand out another issuer's metadata; and every endpoint it names must be
 * on the issuer's origin (scheme, host and port), so that it cannot send the app secret, codes or
 * tokens elsewhere — unless {@link LogtoConfig#endpointsOnOtherOriginsAllowed()}, and then each
 * must still be {@link LogtoConfig#permitsTransport https}. Thread-safe.
 */
public final class DiscoveryClient {
    private final MetadataCache<OidcProviderConfig> cache;

    DiscoveryClient(ProviderSettings config, HttpTransport http, Clock clock) {
        this.cache = new MetadataCache<>(() -> http
                .getJsonObject(config.discoveryUri(), LogtoException.Code.DISCOVERY_FAILED, "discovery")
                .thenApply(json -> {
                    OidcProviderConfig provider = OidcProviderConfig.fromJson(json);
                    if (!provider.issuer().equals(config.issuer())) {
                        throw new LogtoException(LogtoException.Code.DISCOVERY_FAILED,
                                "the discovery issuer '" + ProviderText.quote(provider.issuer())
                                        + "' is not the expected '" + config.issuer() + "'");
                    }
                    checkEndpoints(config, provider);
                    return provider;
                }), clock, config.metadataCacheTtl());
    }

    /**
     * The provider metadata, from the cache when it is fresh.
     *
     * @return the provider metadata, from the cache when it is fresh
     */
    public CompletableFuture<OidcProviderConfig> fetch() {
        return cache.get();
    }

    /** Every endpoint the document names: on the issuer's origin (unless allowed otherwise), and never plain http. */
    private static void checkEndpoints(ProviderSettings config, OidcProviderConfig provider) {
        String issuerOrigin = origin(config.endpoint());
        provider.endpoints().forEach((field, uri) -> {
            if (!config.endpointsOnOtherOriginsAllowed() && !origin(uri).equals(issuerOrigin)) {
                throw new LogtoException(LogtoException.Code.DISCOVERY_FAILED, "the discovery document's " + field
                        + " is not on the issuer's origin " + issuerOrigin + " (see dangerouslyAllowEndpointsOnOtherOrigins)");
            }
            if (!config.permitsTransport(uri)) {
                throw new LogtoException(LogtoException.Code.DISCOVERY_FAILED, "the discovery document's " + field
                        + " is not https (see dangerouslyAllowInsecureHttp)");
            }
        });
    }

    /** {@code scheme://host:port} in lower case, with the scheme's default port filled in. */
    static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }
}
