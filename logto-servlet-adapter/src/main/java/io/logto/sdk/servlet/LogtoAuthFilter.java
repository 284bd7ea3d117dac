package io.logto.sdk.servlet;

import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoException;
import io.logto.sdk.UserInfoResponse;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Protects URL patterns, like the Python sample's {@code @authenticated} decorator.
 *
 * <ul>
 *   <li>Not signed in: a redirect to the sign-in endpoint that remembers the requested path and
 *       query ({@link Protection#REDIRECT}), or {@code 401} with {@code {"error":"unauthorized"}}
 *       ({@link Protection#UNAUTHORIZED}, for API routes).</li>
 *   <li>Signed in: the expired access token is refreshed first, then the ID token claims are in the
 *       request attribute {@link #ID_TOKEN_CLAIMS} and, when asked with
 *       {@link Protection#withUserInfo()}, the user info in {@link #USER_INFO}.</li>
 * </ul>
 *
 * <p>Sessions end as {@link LogtoClient} says (fail closed): the visitor counts as signed out once
 * the ID token has expired without a refresh token, once Logto refuses a refresh for good
 * ({@code invalid_grant}, {@code invalid_client}, {@code unauthorized_client}, …; the tokens are
 * removed), or past {@link io.logto.sdk.LogtoConfig#maxSessionAge()}. A transient failure
 * ({@code 5xx}, timeout, Logto unreachable) signs nobody out: the page is served from the verified
 * ID token.
 *
 * <pre>{@code
 * web.install(context, LogtoAuthFilter.builder(web)
 *         .protect("/protected/*")                                         // redirect to sign-in
 *         .protect("/protected/userinfo", LogtoAuthFilter.Protection.REDIRECT.withUserInfo())
 *         .protect("/protected/no-redirect", LogtoAuthFilter.Protection.UNAUTHORIZED)
 *         .build());
 *
 * // in the protected servlet:
 * IdTokenClaims user = LogtoAuthFilter.idTokenClaims(request).orElseThrow();
 * }</pre>
 *
 * <p>When several patterns match a request, the most specific wins as in servlet mappings: an exact
 * path, then the longest {@code /prefix/*}, then {@code *.extension}, then {@code /}. Declared in
 * web.xml instead, the filter protects whatever it is mapped to, with the init parameters
 * {@code onUnauthenticated} ({@code redirect} or {@code unauthorized}) and {@code fetchUserInfo}
 * ({@code true}/{@code false}).
 *
 * <p>Thread-safe: the rules are fixed at construction, the per-user state is in the session.
 */
public final class LogtoAuthFilter implements Filter {
    /** Request attribute holding the signed-in user's {@link IdTokenClaims}. */
    public static final String ID_TOKEN_CLAIMS = LogtoAuthFilter.class.getName() + ".idTokenClaims";
    /** Request attribute holding the signed-in user's {@link UserInfoResponse}, when asked for. */
    public static final String USER_INFO = LogtoAuthFilter.class.getName() + ".userInfo";
    /** The JSON body of a {@code 401}. */
    public static final String UNAUTHORIZED_BODY = "{\"error\":\"unauthorized\"}";

    private static final System.Logger LOG = System.getLogger(LogtoAuthFilter.class.getName());

    private volatile LogtoWeb web;
    private final Map<String, Protection> rules;
    private volatile Protection mappedProtection;

    /** For web.xml: protects what it is mapped to; configured by init parameters (see above). */
    public LogtoAuthFilter() {
        this.rules = Map.of();
    }

    private LogtoAuthFilter(Builder builder) {
        this.web = builder.web;
        this.rules = Map.copyOf(builder.rules);
    }

    /**
     * A builder of a filter for {@code web}.
     *
     * @param web the application's {@link LogtoWeb}
     * @return a builder of a filter for {@code web}
     */
    public static Builder builder(LogtoWeb web) {
        return new Builder(web);
    }

    /**
     * The signed-in user's ID token claims, set by this filter on protected requests.
     *
     * @param request the current request
     * @return the signed-in user's ID token claims, set by this filter on protected requests
     */
    public static Optional<IdTokenClaims> idTokenClaims(HttpServletRequest request) {
        return request.getAttribute(ID_TOKEN_CLAIMS) instanceof IdTokenClaims claims
                ? Optional.of(claims) : Optional.empty();
    }

    /**
     * The signed-in user's info, set on requests protected {@link Protection#withUserInfo() with user info}.
     *
     * @param request the current request
     * @return the signed-in user's info, set on requests protected {@link Protection#withUserInfo() with user
     *         info}
     */
    public static Optional<UserInfoResponse> userInfo(HttpServletRequest request) {
        return request.getAttribute(USER_INFO) instanceof UserInfoResponse info ? Optional.of(info) : Optional.empty();
    }

    /**
     * The URL patterns this filter protects (empty for a web.xml-declared filter).
     *
     * @return the URL patterns this filter protects (empty for a web.xml-declared filter)
     */
    public List<String> patterns() {
        return List.copyOf(rules.keySet());
    }

    @Override
    public void init(FilterConfig filterConfig) {
        if (web == null) {
            web = LogtoWeb.from(filterConfig.getServletContext());
        }
        if (rules.isEmpty()) {
            boolean unauthorized = "unauthorized".equalsIgnoreCase(filterConfig.getInitParameter("onUnauthenticated"));
            boolean userInfo = Boolean.parseBoolean(filterConfig.getInitParameter("fetchUserInfo"));
            mappedProtection = new Protection(!unauthorized, userInfo);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        Optional<Protection> protection = protectionFor(request);
        if (protection.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        LogtoClient client = web.client(request);
        Optional<IdTokenClaims> user = signedInUser(client);
        if (user.isEmpty()) {
            unauthenticated(request, response, protection.get());
            return;
        }
        request.setAttribute(ID_TOKEN_CLAIMS, user.get());
        if (protection.get().fetchUserInfo() && !attachUserInfo(request, response, client, protection.get())) {
            return;
        }
        chain.doFilter(request, response);
    }

    /** Puts the user info in {@link #USER_INFO}; {@code false} when it answered the request instead. */
    private boolean attachUserInfo(HttpServletRequest request, HttpServletResponse response, LogtoClient client,
                                   Protection protection) throws IOException {
        try {
            request.setAttribute(USER_INFO, LogtoWeb.await(client.fetchUserInfo()));
            return true;
        } catch (LogtoException e) {
            if (sessionEnded(e)) {
                unauthenticated(request, response, protection);
                return false;
            }
            LOG.log(System.Logger.Level.WARNING, "User info unavailable: {0}: {1}", e.code(), e.getMessage());
            if (protection.redirect()) {
                ErrorResponses.html(response, HttpServletResponse.SC_BAD_GATEWAY, "Logto unavailable",
                        "<p>" + ErrorResponses.escape(ErrorResponses.explain(e)) + "</p>\n");
            } else {
                ErrorResponses.json(response, HttpServletResponse.SC_BAD_GATEWAY, "logto_unavailable");
            }
            return false;
        }
    }

    /**
     * The claims of the signed-in user after the access token was refreshed if it had expired;
     * empty when no one is signed in, the stored token is unreadable, or the session has ended
     * (a refresh refused for good included).
     */
    private static Optional<IdTokenClaims> signedInUser(LogtoClient client) {
        if (!LogtoWeb.await(client.isAuthenticated())) {
            return Optional.empty();
        }
        try {
            LogtoWeb.await(client.getAccessToken());
        } catch (LogtoException e) {
            if (sessionEnded(e)) {
                return Optional.empty();
            }
            // Logto is unreachable: the verified ID token still says who the user is.
            LOG.log(System.Logger.Level.WARNING, "Access token refresh failed: {0}: {1}", e.code(), e.getMessage());
        }
        try {
            return Optional.of(client.getIdTokenClaims());
        } catch (LogtoException e) {
            return Optional.empty();
        }
    }

    private void unauthenticated(HttpServletRequest request, HttpServletResponse response, Protection protection)
            throws IOException {
        if (!protection.redirect()) {
            // RFC 9110 §11.6.1: a 401 names how to authenticate; here, by signing in at the sign-in path.
            LogtoServletConfig config = web.config();
            response.setHeader("WWW-Authenticate", "Logto realm=\"" + config.url(config.signInPath()) + "\"");
            ErrorResponses.json(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized");
            return;
        }
        LogtoServletConfig config = web.config();
        var target = new StringBuilder(config.url(config.signInPath()));
        String here = pathWithQuery(request);
        if (ReturnPathCheck.isSafe(here)) {
            target.append("?returnTo=").append(URLEncoder.encode(here, StandardCharsets.UTF_8));
        }
        ErrorResponses.noStore(response);
        response.sendRedirect(target.toString());
    }

    /** The request's path inside the application with its query, as sent (still percent-encoded). */
    private static String pathWithQuery(HttpServletRequest request) {
        String uri = Objects.requireNonNullElse(request.getRequestURI(), "/");
        String contextPath = Objects.requireNonNullElse(request.getContextPath(), "");
        String path = uri.startsWith(contextPath) ? uri.substring(contextPath.length()) : uri;
        if (path.isEmpty()) {
            path = "/";
        }
        String query = request.getQueryString();
        return query == null ? path : path + "?" + query;
    }

    private Optional<Protection> protectionFor(HttpServletRequest request) {
        if (rules.isEmpty()) {
            return Optional.ofNullable(mappedProtection);
        }
        String servletPath = Objects.requireNonNullElse(request.getServletPath(), "");
        String pathInfo = request.getPathInfo();
        String path = pathInfo == null ? servletPath : servletPath + pathInfo;
        return UrlPatterns.bestMatch(rules.keySet(), path.isEmpty() ? "/" : path).map(rules::get);
    }

    /**
     * What the filter does for a pattern.
     *
     * @param redirect      {@code true}: send visitors who are not signed in to sign-in;
     *                      {@code false}: answer {@code 401} with {@link #UNAUTHORIZED_BODY} and a {@code WWW-Authenticate: Logto realm="<sign-in URL>"} header
     * @param fetchUserInfo whether to fetch the user info into {@link #USER_INFO} (a call to Logto
     *                      on every request)
     */
    public record Protection(boolean redirect, boolean fetchUserInfo) {
        /** Redirect visitors who are not signed in to sign-in. */
        public static final Protection REDIRECT = new Protection(true, false);
        /** Answer {@code 401} with a small JSON body to visitors who are not signed in. */
        public static final Protection UNAUTHORIZED = new Protection(false, false);

        /**
         * The same protection, also fetching the user info.
         *
         * @return the same protection, also fetching the user info
         */
        public Protection withUserInfo() {
            return new Protection(redirect, true);
        }
    }

    /** Gathers the protected patterns. Not thread-safe; the built filter is. */
    public static final class Builder {
        private final LogtoWeb web;
        private final Map<String, Protection> rules = new LinkedHashMap<>();

        private Builder(LogtoWeb web) {
            this.web = Objects.requireNonNull(web, "web");
        }

        /**
         * Protects {@code urlPattern} with {@link Protection#REDIRECT}.
         *
         * @param urlPattern protects {@code urlPattern} with {@link Protection#REDIRECT}
         * @return this builder
         */
        public Builder protect(String urlPattern) {
            return protect(urlPattern, Protection.REDIRECT);
        }

        /**
         * Protects {@code urlPattern} (servlet syntax: {@code /exact}, {@code /prefix/*},
         * {@code *.ext} or {@code /}) with {@code protection}.
         *
         *
         * @param urlPattern a servlet URL pattern, e.g. {@code /api/*}
         * @param protection what a visitor who is not signed in gets
         * @return this builder
         * @throws IllegalArgumentException when the pattern is not a servlet URL pattern
         */
        public Builder protect(String urlPattern, Protection protection) {
            rules.put(UrlPatterns.requireValid(urlPattern), Objects.requireNonNull(protection, "protection"));
            return this;
        }

        /**
         * Builds the filter.
         *
         * @return the filter
         */
        public LogtoAuthFilter build() {
            return new LogtoAuthFilter(this);
        }
    }

    /**
     * Whether a failure means the session is over (the SDK has removed its tokens): refused for good,
     * ended, or the app's credentials refused, which the app's owner must fix (logged at WARNING).
     */
    private static boolean sessionEnded(LogtoException e) {
        if (e.code() == LogtoException.Code.CLIENT_AUTHENTICATION_FAILED) {
            LOG.log(System.Logger.Level.WARNING, "Session ended: {0}: {1}", e.code(), e.getMessage());
            return true;
        }
        return e.code() == LogtoException.Code.REFRESH_TOKEN_INVALID || e.code() == LogtoException.Code.NOT_AUTHENTICATED;
    }
}
