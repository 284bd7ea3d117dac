package io.logto.sdk.servlet;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import jakarta.servlet.ServletContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The adapter's configuration: the {@link LogtoConfig}, the application's public base URL and the
 * paths of the sign-in, callback and sign-out endpoints.
 *
 * <pre>{@code
 * LogtoServletConfig config = LogtoServletConfig.builder(logtoConfig, "https://app.example.com")
 *         .callbackPath("/callback")        // register https://app.example.com/callback in Logto
 *         .errorPath("/sign-in-failed")     // optional; otherwise a small HTML error page
 *         .build();
 * // or, without code: LogtoServletConfig.fromEnvironment()
 * }</pre>
 *
 * <p>The redirect URIs sent to Logto are built from {@link #baseUrl()}, never guessed from the
 * request's {@code Host} or forwarded headers, so they stay right behind a TLS-terminating proxy.
 * The base URL is the public URL of the application root, with its context path if it has one
 * ({@code https://example.com/shop}); every path here is relative to it.
 *
 * <p>Immutable and thread-safe.
 */
public final class LogtoServletConfig {
    /** Environment variable of the Logto endpoint. */
    public static final String ENV_ENDPOINT = "LOGTO_ENDPOINT";
    /** Environment variable of the application id. */
    public static final String ENV_APP_ID = "LOGTO_APP_ID";
    /** Environment variable of the application secret. */
    public static final String ENV_APP_SECRET = "LOGTO_APP_SECRET";
    /** Environment variable of the application's public base URL. */
    public static final String ENV_BASE_URL = "LOGTO_BASE_URL";
    /** Environment variable of extra scopes, comma-separated. */
    public static final String ENV_SCOPES = "LOGTO_SCOPES";
    /** Environment variable of API resource indicators, comma-separated. */
    public static final String ENV_RESOURCES = "LOGTO_RESOURCES";
    /**
     * Environment variable that, set to {@code true}, calls
     * {@link LogtoConfig.Builder#dangerouslyAllowInsecureHttp()}: plain http to a non-loopback Logto
     * and base URL. Only for a private network you trust entirely.
     */
    public static final String ENV_DANGEROUSLY_ALLOW_INSECURE_HTTP = "LOGTO_DANGEROUSLY_ALLOW_INSECURE_HTTP";

    private final LogtoConfig logto;
    private final URI baseUrl;
    private final String signInPath;
    private final String callbackPath;
    private final String signOutPath;
    private final String postSignOutPath;
    private final String defaultReturnPath;
    private final String errorPath;

    private LogtoServletConfig(Builder b) {
        this.logto = Objects.requireNonNull(b.logto, "logto");
        this.baseUrl = parseBaseUrl(b.baseUrl);
        if (!logto.permitsTransport(baseUrl)) {
            // The session cookie and the authorization code travel to it.
            throw invalid("baseUrl must be https:// (http:// only for localhost, 127.0.0.0/8 and [::1], unless "
                    + "LogtoConfig.Builder.dangerouslyAllowInsecureHttp())");
        }
        this.signInPath = endpointPath(b.signInPath, "signInPath");
        this.callbackPath = endpointPath(b.callbackPath, "callbackPath");
        this.signOutPath = endpointPath(b.signOutPath, "signOutPath");
        this.postSignOutPath = localPath(b.postSignOutPath, "postSignOutPath");
        this.defaultReturnPath = localPath(b.defaultReturnPath, "defaultReturnPath");
        this.errorPath = b.errorPath == null ? null : localPath(b.errorPath, "errorPath");
        if (List.of(signInPath, callbackPath, signOutPath).stream().distinct().count() != 3) {
            throw invalid("the sign-in, callback and sign-out paths must differ");
        }
    }

    /**
     * A builder with the default paths.
     *
     * @param logto the SDK configuration
     * @param baseUrl the app's public base URL, e.g. {@code https://app.example.com}
     * @return a builder with the default paths
     */
    public static Builder builder(LogtoConfig logto, String baseUrl) {
        return new Builder(logto, baseUrl);
    }

    /**
     * Reads {@code LOGTO_ENDPOINT}, {@code LOGTO_APP_ID}, {@code LOGTO_APP_SECRET} (optional),
     * {@code LOGTO_BASE_URL}, the optional comma-separated {@code LOGTO_SCOPES} and
     * {@code LOGTO_RESOURCES}, and {@code LOGTO_DANGEROUSLY_ALLOW_INSECURE_HTTP} ({@code true} or
     * unset) from the environment; paths keep their defaults.
     *
     *
     * @return the configuration
     * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} when a value is missing or invalid
     */
    public static LogtoServletConfig fromEnvironment() {
        return fromVariables(System::getenv);
    }

    /**
     * Like {@link #fromEnvironment()}, with the variables read from {@code variables} (a map's
     * {@code get}, say); a {@code null} or blank value counts as unset.
     *
     * @param variables like {@link #fromEnvironment()}, with the variables read from {@code variables} (a map's
     *                  {@code get}, say)
     * @return like {@link #fromEnvironment()}, with the variables read from {@code variables} (a map's {@code
     *         get}, say)
     */
    public static LogtoServletConfig fromVariables(UnaryOperator<String> variables) {
        Objects.requireNonNull(variables, "variables");
        LogtoConfig.Builder logto = LogtoConfig.builder()
                .endpoint(required(variables, ENV_ENDPOINT))
                .appId(required(variables, ENV_APP_ID))
                .appSecret(optional(variables, ENV_APP_SECRET).orElse(null))
                .scopes(commaList(optional(variables, ENV_SCOPES)))
                .resources(commaList(optional(variables, ENV_RESOURCES)));
        String insecure = optional(variables, ENV_DANGEROUSLY_ALLOW_INSECURE_HTTP).orElse("false");
        if (insecure.equalsIgnoreCase("true")) {
            logto.dangerouslyAllowInsecureHttp();
        } else if (!insecure.equalsIgnoreCase("false")) {
            throw invalid(ENV_DANGEROUSLY_ALLOW_INSECURE_HTTP + " must be true or false");
        }
        return builder(logto.build(), required(variables, ENV_BASE_URL)).build();
    }

    /**
     * Reads the configuration from the context's init parameters (web.xml
     * {@code <context-param>}), each falling back to its environment variable:
     * {@code logto.endpoint}, {@code logto.appId}, {@code logto.appSecret}, {@code logto.baseUrl},
     * {@code logto.scopes}, {@code logto.resources}, {@code logto.dangerouslyAllowInsecureHttp}
     * (the {@code LOGTO_*} variables), and the
     * optional {@code logto.signInPath}, {@code logto.callbackPath}, {@code logto.signOutPath},
     * {@code logto.postSignOutPath}, {@code logto.defaultReturnPath}, {@code logto.errorPath}.
     * Keep the secret in the environment rather than in web.xml.
     *
     * @param context the servlet context
     * @return the configuration
     */
    public static LogtoServletConfig fromInitParameters(ServletContext context) {
        Objects.requireNonNull(context, "context");
        UnaryOperator<String> param = name -> blankToNull(context.getInitParameter(name));
        UnaryOperator<String> variables = env -> {
            String fromParam = param.apply(initParameterOf(env));
            return fromParam != null ? fromParam : blankToNull(System.getenv(env));
        };
        LogtoServletConfig base = fromVariables(variables);
        Builder b = base.toBuilder();
        Optional.ofNullable(param.apply("logto.signInPath")).ifPresent(b::signInPath);
        Optional.ofNullable(param.apply("logto.callbackPath")).ifPresent(b::callbackPath);
        Optional.ofNullable(param.apply("logto.signOutPath")).ifPresent(b::signOutPath);
        Optional.ofNullable(param.apply("logto.postSignOutPath")).ifPresent(b::postSignOutPath);
        Optional.ofNullable(param.apply("logto.defaultReturnPath")).ifPresent(b::defaultReturnPath);
        Optional.ofNullable(param.apply("logto.errorPath")).ifPresent(b::errorPath);
        return b.build();
    }

    /**
     * A builder holding this configuration's values, to derive a changed copy.
     *
     * @return this builder
     */
    public Builder toBuilder() {
        return new Builder(logto, baseUrl.toString())
                .signInPath(signInPath).callbackPath(callbackPath).signOutPath(signOutPath)
                .postSignOutPath(postSignOutPath).defaultReturnPath(defaultReturnPath).errorPath(errorPath);
    }

    /**
     * The Logto configuration.
     *
     * @return the Logto configuration
     */
    public LogtoConfig logto() {
        return logto;
    }

    /**
     * The application's public base URL, without a trailing slash.
     *
     * @return the application's public base URL, without a trailing slash
     */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Path of the sign-in endpoint (default {@code /sign-in}).
     *
     * @return path of the sign-in endpoint (default {@code /sign-in})
     */
    public String signInPath() {
        return signInPath;
    }

    /**
     * Path of the callback endpoint (default {@code /callback}).
     *
     * @return path of the callback endpoint (default {@code /callback})
     */
    public String callbackPath() {
        return callbackPath;
    }

    /**
     * Path of the sign-out endpoint (default {@code /sign-out}).
     *
     * @return path of the sign-out endpoint (default {@code /sign-out})
     */
    public String signOutPath() {
        return signOutPath;
    }

    /**
     * Where Logto sends the user after sign-out (default {@code /}).
     *
     * @return where Logto sends the user after sign-out (default {@code /})
     */
    public String postSignOutPath() {
        return postSignOutPath;
    }

    /**
     * Where the user lands after sign-in when no (safe) return path was given (default {@code /}).
     *
     * @return where the user lands after sign-in when no (safe) return path was given (default {@code /})
     */
    public String defaultReturnPath() {
        return defaultReturnPath;
    }

    /**
     * The page that shows sign-in failures, if any; it receives {@code ?code=<machine code>}.
     * Without it the callback answers with a small HTML error page.
     *
     * @return the page that shows sign-in failures, if any
     */
    public Optional<String> errorPath() {
        return Optional.ofNullable(errorPath);
    }

    /**
     * The redirect URI to register in the Logto Console: base URL + callback path.
     *
     * @return the redirect URI to register in the Logto Console
     */
    public String redirectUri() {
        return url(callbackPath);
    }

    /**
     * The post sign-out redirect URI to register in the Logto Console: base URL + post-sign-out path.
     *
     * @return the post sign-out redirect URI to register in the Logto Console
     */
    public String postSignOutRedirectUri() {
        return url(postSignOutPath);
    }

    /**
     * The absolute URL of a local path of this application: base URL + {@code localPath}.
     *
     *
     * @param localPath the absolute URL of a local path of this application
     * @return the absolute URL of a local path of this application
     * @throws IllegalArgumentException when {@code localPath} does not start with {@code /} (so that
     *                                  nothing can be glued onto the host, as in {@code @evil.example})
     */
    public String url(String localPath) {
        if (localPath == null || !localPath.startsWith("/")) {
            throw new IllegalArgumentException("a local path must start with /");
        }
        return baseUrl + localPath;
    }

    @Override
    public String toString() {
        return "LogtoServletConfig{" + logto + ", baseUrl=" + baseUrl + ", signInPath=" + signInPath
                + ", callbackPath=" + callbackPath + ", signOutPath=" + signOutPath + "}";
    }

    private static String initParameterOf(String env) {
        return switch (env) {
            case ENV_ENDPOINT -> "logto.endpoint";
            case ENV_APP_ID -> "logto.appId";
            case ENV_APP_SECRET -> "logto.appSecret";
            case ENV_BASE_URL -> "logto.baseUrl";
            case ENV_SCOPES -> "logto.scopes";
            case ENV_RESOURCES -> "logto.resources";
            case ENV_DANGEROUSLY_ALLOW_INSECURE_HTTP -> "logto.dangerouslyAllowInsecureHttp";
            default -> throw new IllegalArgumentException(env);
        };
    }

    private static String required(UnaryOperator<String> variables, String name) {
        return optional(variables, name).orElseThrow(() -> invalid(name + " is not set"));
    }

    private static Optional<String> optional(UnaryOperator<String> variables, String name) {
        return Optional.ofNullable(blankToNull(variables.apply(name))).map(String::strip);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static List<String> commaList(Optional<String> value) {
        return value.map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private static URI parseBaseUrl(String raw) {
        if (raw == null || raw.isBlank()) {
            throw invalid("baseUrl is required");
        }
        String trimmed = raw.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw invalid("baseUrl must be an absolute http(s) URL without query, fragment or user info");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid("baseUrl is not a valid URL");
        }
    }

    /** An endpoint path: a plain local path without query, as servlets are mapped to it. */
    private static String endpointPath(String path, String what) {
        String checked = localPath(path, what);
        if (checked.length() < 2 || checked.contains("?") || checked.contains("#") || checked.contains("*")) {
            throw invalid(what + " must be a plain path such as /sign-in");
        }
        return checked;
    }

    private static String localPath(String path, String what) {
        if (!ReturnPathCheck.isSafe(path)) {
            throw invalid(what + " must be a local path starting with a single /");
        }
        return path;
    }

    private static LogtoException invalid(String message) {
        return new LogtoException(LogtoException.Code.INVALID_CONFIG, message);
    }

    /** Gathers the adapter's configuration; {@link #build()} validates it. Not thread-safe. */
    public static final class Builder {
        private final LogtoConfig logto;
        private final String baseUrl;
        private String signInPath = "/sign-in";
        private String callbackPath = "/callback";
        private String signOutPath = "/sign-out";
        private String postSignOutPath = "/";
        private String defaultReturnPath = "/";
        private String errorPath;

        private Builder(LogtoConfig logto, String baseUrl) {
            this.logto = logto;
            this.baseUrl = baseUrl;
        }

        /**
         * Path of the sign-in endpoint (default {@code /sign-in}).
         *
         * @param signInPath path of the sign-in endpoint (default {@code /sign-in})
         * @return this builder
         */
        public Builder signInPath(String signInPath) {
            this.signInPath = signInPath;
            return this;
        }

        /**
         * Path of the callback endpoint (default {@code /callback}).
         *
         * @param callbackPath path of the callback endpoint (default {@code /callback})
         * @return this builder
         */
        public Builder callbackPath(String callbackPath) {
            this.callbackPath = callbackPath;
            return this;
        }

        /**
         * Path of the sign-out endpoint (default {@code /sign-out}).
         *
         * @param signOutPath path of the sign-out endpoint (default {@code /sign-out})
         * @return this builder
         */
        public Builder signOutPath(String signOutPath) {
            this.signOutPath = signOutPath;
            return this;
        }

        /**
         * Where Logto sends the user after sign-out (default {@code /}).
         *
         * @param postSignOutPath where Logto sends the user after sign-out (default {@code /})
         * @return this builder
         */
        public Builder postSignOutPath(String postSignOutPath) {
            this.postSignOutPath = postSignOutPath;
            return this;
        }

        /**
         * Where the user lands after sign-in without a return path (default {@code /}).
         *
         * @param defaultReturnPath where the user lands after sign-in without a return path (default {@code /})
         * @return this builder
         */
        public Builder defaultReturnPath(String defaultReturnPath) {
            this.defaultReturnPath = defaultReturnPath;
            return this;
        }

        /**
         * A page of the app that shows sign-in failures ({@code null}: the built-in HTML page).
         *
         * @param errorPath a page of the app that shows sign-in failures ({@code null}
         * @return this builder
         */
        public Builder errorPath(String errorPath) {
            this.errorPath = errorPath;
            return this;
        }

        /**
         * Validates and builds the configuration.
         *
         *
         * @return the configuration
         * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} when a value is invalid
         */
        public LogtoServletConfig build() {
            return new LogtoServletConfig(this);
        }
    }
}
