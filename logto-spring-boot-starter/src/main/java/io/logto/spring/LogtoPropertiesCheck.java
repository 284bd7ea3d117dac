package io.logto.spring;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import io.logto.sdk.resourceserver.AccessTokenValidator;
import io.logto.sdk.servlet.LogtoServletConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns {@link LogtoProperties} into the SDK's configurations, checking them first so that a missing
 * or wrong value stops the application at start-up with a message that names the property
 * ({@code logto.endpoint must be an https URL …}). The failures are {@link LogtoException}s with
 * {@link LogtoException.Code#INVALID_CONFIG}; no value of a secret is ever in a message.
 *
 * <p>Stateless; thread-safe.
 */
public final class LogtoPropertiesCheck {
    private LogtoPropertiesCheck() {
    }

    /**
     * Checks what every configuration needs: {@code logto.endpoint}, and at least one role.
     *
     * @param p the properties
     * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} naming the property
     */
    public static void checkCommon(LogtoProperties p) {
        if (blank(p.getEndpoint())) {
            throw invalid("logto.endpoint is required: the Logto endpoint, e.g. https://your-tenant.logto.app "
                    + "(or set logto.enabled=false)");
        }
        checkHttpUrl("logto.endpoint", p.getEndpoint(), p.isDangerouslyAllowInsecureHttp(),
                "the Logto endpoint, e.g. https://your-tenant.logto.app");
        if (blank(p.getAppId()) && blank(p.getApi().getResource()) && blank(p.getM2m().getAppId())) {
            throw invalid("set logto.app-id (to sign users in), logto.api.resource (to protect an API) or "
                    + "logto.m2m.app-id (to call APIs as this application); none is set");
        }
        if (!blank(p.getApi().getResource())) {
            checkAbsoluteUri("logto.api.resource", p.getApi().getResource());
        }
        checkPaths("logto.api.paths", p.getApi().getPaths());
        if (!p.getApi().getPaths().isEmpty() && blank(p.getApi().getResource())) {
            throw invalid("logto.api.paths is set but logto.api.resource is not: set the API identifier from the "
                    + "Logto Console, e.g. https://api.example.com");
        }
        if (!blank(p.getM2m().getAppId()) && blank(p.getM2m().getAppSecret())) {
            throw invalid("logto.m2m.app-secret is required with logto.m2m.app-id");
        }
    }

    /**
     * The sign-in configuration, when {@code logto.app-id} is set.
     *
     * @param p the properties
     * @return the core configuration, or empty without {@code logto.app-id}
     * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} naming the property
     */
    public static Optional<LogtoConfig> logtoConfig(LogtoProperties p) {
        checkCommon(p);
        if (blank(p.getAppId())) {
            return Optional.empty();
        }
        LogtoConfig.Builder builder = LogtoConfig.builder().endpoint(p.getEndpoint()).appId(p.getAppId())
                .scopes(List.copyOf(p.getScopes())).resources(List.copyOf(p.getResources()));
        if (!blank(p.getAppSecret())) {
            builder.appSecret(p.getAppSecret());
        }
        if (p.isDangerouslyAllowInsecureHttp()) {
            builder.dangerouslyAllowInsecureHttp();
        }
        return Optional.of(named("logto.scopes / logto.resources", builder::build));
    }

    /**
     * The servlet adapter's configuration for {@code logto}.
     *
     * @param p     the properties
     * @param logto the core configuration
     * @return the adapter's configuration
     * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} naming the property
     */
    public static LogtoServletConfig servletConfig(LogtoProperties p, LogtoConfig logto) {
        if (blank(p.getBaseUrl())) {
            throw invalid("logto.base-url is required with logto.app-id: the application's public URL, e.g. "
                    + "https://app.example.com (the redirect URIs are built from it)");
        }
        checkHttpUrl("logto.base-url", p.getBaseUrl(), p.isDangerouslyAllowInsecureHttp(),
                "the application's public URL, e.g. https://app.example.com");
        LogtoProperties.Web web = p.getWeb();
        checkLocalPath("logto.web.sign-in-path", web.getSignInPath());
        checkLocalPath("logto.web.callback-path", web.getCallbackPath());
        checkLocalPath("logto.web.sign-out-path", web.getSignOutPath());
        checkLocalPath("logto.web.post-sign-out-path", web.getPostSignOutPath());
        if (web.getBackChannelLogoutPath() != null) {
            checkLocalPath("logto.web.back-channel-logout-path", web.getBackChannelLogoutPath());
        }
        checkPaths("logto.web.protected-paths", web.getProtectedPaths());
        checkPaths("logto.web.unauthorized-paths", web.getUnauthorizedPaths());
        return named("logto.base-url / logto.web", () -> LogtoServletConfig.builder(logto, p.getBaseUrl())
                .signInPath(web.getSignInPath()).callbackPath(web.getCallbackPath())
                .signOutPath(web.getSignOutPath()).postSignOutPath(web.getPostSignOutPath())
                .backChannelLogoutPath(web.getBackChannelLogoutPath()).build());
    }

    /**
     * The access-token validator, when {@code logto.api.resource} is set.
     *
     * @param p the properties
     * @return the validator, or empty without {@code logto.api.resource}
     * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} naming the property
     */
    public static Optional<AccessTokenValidator> validator(LogtoProperties p) {
        checkCommon(p);
        if (blank(p.getApi().getResource())) {
            return Optional.empty();
        }
        for (String scope : p.getApi().getRequiredScopes()) {
            if (blank(scope) || scope.chars().anyMatch(Character::isWhitespace)) {
                throw invalid("logto.api.required-scopes must be permission names without spaces, e.g. read:orders");
            }
        }
        return Optional.of(named("logto.api.resource", () -> {
            AccessTokenValidator.Builder builder = AccessTokenValidator.builder(p.getEndpoint())
                    .apiResource(p.getApi().getResource());
            if (p.isDangerouslyAllowInsecureHttp()) {
                builder.dangerouslyAllowInsecureHttp();
            }
            return builder.build();
        }));
    }

    /**
     * The machine-to-machine application's configuration, when {@code logto.m2m.app-id} is set.
     *
     * @param p the properties
     * @return its configuration, or empty without {@code logto.m2m.app-id}
     * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} naming the property
     */
    public static Optional<LogtoConfig> m2mConfig(LogtoProperties p) {
        checkCommon(p);
        if (blank(p.getM2m().getAppId())) {
            return Optional.empty();
        }
        LogtoConfig.Builder builder = LogtoConfig.builder().endpoint(p.getEndpoint()).appId(p.getM2m().getAppId())
                .appSecret(p.getM2m().getAppSecret());
        if (p.isDangerouslyAllowInsecureHttp()) {
            builder.dangerouslyAllowInsecureHttp();
        }
        return Optional.of(named("logto.m2m", builder::build));
    }

    /**
     * Servlet-style path patterns as Spring's path patterns: {@code /api/*} becomes {@code /api/**},
     * an exact path stays.
     *
     * @param servletPatterns checked patterns (exact paths or {@code /prefix/*})
     * @return Spring path patterns
     */
    public static List<String> pathPatterns(List<String> servletPatterns) {
        return servletPatterns.stream().map(p -> p.endsWith("/*") ? p + "*" : p).toList();
    }

    private static void checkHttpUrl(String property, String value, boolean insecureAllowed, String what) {
        URI uri = checkAbsoluteUri(property, value);
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean https = scheme.equals("https");
        boolean http = scheme.equals("http");
        if (!https && !(http && (insecureAllowed || LogtoConfig.isLoopbackHost(uri.getHost())))) {
            throw invalid(property + " must be an https URL (http only for localhost, 127.0.0.1 and [::1], "
                    + "or with logto.dangerously-allow-insecure-http=true): " + what + "; got '" + value + "'");
        }
    }

    private static URI checkAbsoluteUri(String property, String value) {
        try {
            URI uri = new URI(value.strip());
            if (uri.isAbsolute() && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Reported below.
        }
        throw invalid(property + " must be an absolute URL such as https://example.com; got '" + value + "'");
    }

    private static void checkLocalPath(String property, String value) {
        if (value == null || !value.startsWith("/") || value.startsWith("//") || value.contains("\\")
                || value.chars().anyMatch(c -> c <= ' ')) {
            throw invalid(property + " must be a local path starting with a single /, e.g. /sign-in; got '"
                    + value + "'");
        }
    }

    private static void checkPaths(String property, List<String> patterns) {
        for (String pattern : patterns) {
            String prefix = pattern != null && pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 1) : pattern;
            if (prefix == null || !prefix.startsWith("/") || prefix.startsWith("//") || prefix.contains("*")
                    || prefix.chars().anyMatch(c -> c <= ' ')) {
                throw invalid(property + " entries must be exact paths (/account) or prefixes (/protected/*); got '"
                        + pattern + "'");
            }
        }
    }

    /** Runs an SDK builder; its failure names the properties it came from. */
    private static <T> T named(String properties, Supplier<T> build) {
        try {
            return build.get();
        } catch (LogtoException e) {
            throw invalid(properties + ": " + e.getMessage());
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static LogtoException invalid(String message) {
        return new LogtoException(LogtoException.Code.INVALID_CONFIG, message);
    }
}
