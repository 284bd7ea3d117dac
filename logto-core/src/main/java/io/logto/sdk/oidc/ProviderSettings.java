package io.logto.sdk.oidc;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What talking to one Logto tenant needs, whoever talks: the endpoint, the timeouts, the clock skew
 * and the lifetimes of the cached discovery document and key set. A signing-in app takes them from
 * its {@link LogtoConfig} ({@link #of}); a resource server, which has no app id or secret, builds
 * them from the endpoint alone ({@link #forEndpoint}). Immutable and thread-safe.
 *
 * @param endpoint            the Logto endpoint without a trailing slash, e.g. {@code https://tenant.logto.app}
 * @param connectTimeout      connect timeout of every request
 * @param requestTimeout      timeout of a whole request
 * @param clockSkew           allowed clock difference when checking token times
 * @param metadataCacheTtl    how long discovery and the key set are cached
 * @param jwksRefetchInterval shortest time between two key-set fetches caused by an unknown key id
 * @param insecureHttpAllowed whether plain http is accepted for hosts that are not loopback
 * @param endpointsOnOtherOriginsAllowed whether discovered endpoints may be on another origin
 */
public record ProviderSettings(URI endpoint, Duration connectTimeout, Duration requestTimeout, Duration clockSkew,
                               Duration metadataCacheTtl, Duration jwksRefetchInterval, boolean insecureHttpAllowed,
                               boolean endpointsOnOtherOriginsAllowed) {
    /**
     * Checks the durations.
     *
     * @param endpoint            the Logto endpoint without a trailing slash, e.g. {@code https://tenant.logto.app}
     * @param connectTimeout      connect timeout of every request
     * @param requestTimeout      timeout of a whole request
     * @param clockSkew           allowed clock difference when checking token times
     * @param metadataCacheTtl    how long discovery and the key set are cached
     * @param jwksRefetchInterval shortest time between two key-set fetches caused by an unknown key id
     * @param insecureHttpAllowed whether plain http is accepted for hosts that are not loopback
     * @param endpointsOnOtherOriginsAllowed whether discovered endpoints may be on another origin
     * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} when a duration is invalid, or
     *                        the endpoint is plain http on a host that is not loopback and that is not allowed
     */
    public ProviderSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        positive(connectTimeout, "connectTimeout");
        positive(requestTimeout, "requestTimeout");
        nonNegative(clockSkew, "clockSkew");
        positive(metadataCacheTtl, "metadataCacheTtl");
        nonNegative(jwksRefetchInterval, "jwksRefetchInterval");
        if (!permits(endpoint, insecureHttpAllowed)) {
            throw new LogtoException(LogtoException.Code.INVALID_CONFIG, "endpoint must be https:// (http:// only "
                    + "for localhost, 127.0.0.0/8 and [::1], unless insecure http is allowed): " + endpoint);
        }
    }

    /**
     * The settings of a signing-in app's configuration.
     *
     * @param config the app's configuration
     * @return its settings
     */
    public static ProviderSettings of(LogtoConfig config) {
        return new ProviderSettings(config.endpoint(), config.connectTimeout(), config.requestTimeout(),
                config.clockSkew(), config.metadataCacheTtl(), config.jwksRefetchInterval(),
                config.insecureHttpAllowed(), config.endpointsOnOtherOriginsAllowed());
    }

    /**
     * The settings for {@code endpoint} with {@link LogtoConfig}'s defaults.
     *
     * @param endpoint the Logto endpoint, e.g. {@code https://tenant.logto.app}; a trailing slash is tolerated
     * @return the settings
     * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} when the endpoint is not an
     *                        absolute http(s) URL without query, fragment or user info
     */
    public static ProviderSettings forEndpoint(String endpoint) {
        return new ProviderSettings(parseEndpoint(endpoint), LogtoConfig.DEFAULT_CONNECT_TIMEOUT,
                LogtoConfig.DEFAULT_REQUEST_TIMEOUT, LogtoConfig.DEFAULT_CLOCK_SKEW,
                LogtoConfig.DEFAULT_METADATA_CACHE_TTL, LogtoConfig.DEFAULT_JWKS_REFETCH_INTERVAL, false, false);
    }

    /**
     * The issuer Logto uses for this endpoint.
     *
     * @return {@code {endpoint}/oidc}
     */
    public String issuer() {
        return endpoint + "/oidc";
    }

    /**
     * The discovery URL.
     *
     * @return {@code {endpoint}/oidc/.well-known/openid-configuration}
     */
    public URI discoveryUri() {
        return URI.create(issuer() + "/.well-known/openid-configuration");
    }

    /**
     * Whether the SDK may talk to {@code url}: {@code https://} always, {@code http://} for a
     * loopback host or when insecure http is allowed (the rule of {@link LogtoConfig#permitsTransport}).
     *
     * @param url an absolute URL
     * @return whether the SDK may use it
     */
    public boolean permitsTransport(URI url) {
        return permits(url, insecureHttpAllowed);
    }

    private static boolean permits(URI url, boolean insecureHttpAllowed) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https")
                || (scheme.equals("http") && (insecureHttpAllowed || LogtoConfig.isLoopbackHost(url.getHost())));
    }

    /**
     * Reads a Logto endpoint: an absolute http(s) URL without query, fragment or user info; trailing
     * slashes dropped, scheme and host in lower case (the issuer is compared as a string with the
     * provider's lower-case one, so a copied {@code https://Tenant.Logto.app} must still match). A
     * final {@code /oidc} path segment is dropped too: that is the issuer, which people copy from the
     * Console's endpoint list, and the SDK adds {@code /oidc} itself (no {@code /oidc/oidc/...}).
     *
     * @param raw the endpoint as configured
     * @return the endpoint
     * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} when it is missing or invalid
     */
    public static URI parseEndpoint(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new LogtoException(LogtoException.Code.INVALID_CONFIG, "endpoint is required");
        }
        String trimmed = withoutTrailingSlashes(raw.strip());
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))
                    || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null) {
                throw new LogtoException(LogtoException.Code.INVALID_CONFIG,
                        "endpoint must be an absolute http(s) URL without query, fragment or user info: " + trimmed);
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (path.toLowerCase(Locale.ROOT).endsWith("/oidc")) {
                path = withoutTrailingSlashes(path.substring(0, path.length() - "/oidc".length()));
            }
            return new URI(scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT) + path);
        } catch (URISyntaxException e) {
            throw new LogtoException(LogtoException.Code.INVALID_CONFIG, "endpoint is not a valid URL", e);
        }
    }

    private static String withoutTrailingSlashes(String text) {
        String out = text;
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new LogtoException(LogtoException.Code.INVALID_CONFIG, what + " must be positive");
        }
    }

    private static void nonNegative(Duration d, String what) {
        if (d == null || d.isNegative()) {
            throw new LogtoException(LogtoException.Code.INVALID_CONFIG, what + " must not be negative");
        }
    }
}
