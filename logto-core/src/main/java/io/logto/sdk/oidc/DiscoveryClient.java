package io.logto.sdk.oidc;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches the provider's discovery document once and caches it for
 * {@link LogtoConfig#metadataCacheTtl()}. A failed fetch is not cached: the next call retries.
 * The document's {@code issuer} must be {@link LogtoConfig#issuer()} ({@link ProviderSettings#issuer()}),
 * so that a misconfigured or spoofed endpoint cannot hand out another issuer's metadata. Thread-safe.
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
}
