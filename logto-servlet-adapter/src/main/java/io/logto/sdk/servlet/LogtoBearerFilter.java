package io.logto.sdk.servlet;

import io.logto.sdk.LogtoException;
import io.logto.sdk.resourceserver.AccessRequirement;
import io.logto.sdk.resourceserver.AccessTokenValidator;
import io.logto.sdk.resourceserver.BearerError;
import io.logto.sdk.resourceserver.VerifiedAccessToken;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Protects the URL patterns of an API with Logto access tokens (RFC 6750): each request must send
 * {@code Authorization: Bearer <token>}, and the token must satisfy the pattern's
 * {@link AccessRequirement}. No redirect, no session: an API answers with a status, a
 * {@code WWW-Authenticate} challenge and a small JSON body.
 *
 * <ul>
 *   <li>No bearer token: {@code 401}, {@code WWW-Authenticate: Bearer realm="…"} (no error code,
 *       RFC 6750 §3.1), {@code {"error":"unauthorized",…}}.</li>
 *   <li>A token that is expired, forged, malformed, an ID token, or for another API:
 *       {@code 401}, {@code Bearer realm="…", error="invalid_token", error_description="…"}.</li>
 *   <li>A valid token without a needed scope, or for another organization: {@code 403},
 *       {@code Bearer realm="…", error="insufficient_scope", error_description="…", scope="…"}.</li>
 *   <li>Two {@code Authorization} headers, or no organization in a request whose rule needs one:
 *       {@code 400}, {@code error="invalid_request"}.</li>
 *   <li>Logto unreachable while its keys are not cached yet: {@code 503}.</li>
 *   <li>Accepted: the token's claims are in the request attribute {@link #ACCESS_TOKEN}
 *       ({@link #accessToken(HttpServletRequest)}) and the request goes on.</li>
 * </ul>
 *
 * <pre>{@code
 * AccessTokenValidator validator = AccessTokenValidator.builder("https://tenant.logto.app")
 *         .apiResource("https://api.example.com").build();
 * LogtoBearerFilter.builder(validator)
 *         .protect("/api/*", "read:data")                                   // global API permission
 *         .protect("/api/admin/*", AccessRequirement.api("admin:all"))
 *         .protect("/orgs/*", request -> organizationIdFromPath(request)   // your code
 *                 .map(org -> AccessRequirement.organization(org, "read:members")))
 *         .build()
 *         .install(servletContext);
 *
 * // in the API's servlet:
 * VerifiedAccessToken token = LogtoBearerFilter.accessToken(request).orElseThrow();
 * }</pre>
 *
 * <p>When several patterns match a request, the most specific wins as in servlet mappings (exact,
 * longest {@code /prefix/*}, {@code *.ext}, {@code /}). CORS preflight requests ({@code OPTIONS}
 * with {@code Origin} and {@code Access-Control-Request-Method}), which browsers send without
 * credentials, pass through unchecked; answering them with CORS headers is the application's job.
 * With the validator's key cache warm, a request costs one signature check and no network call.
 *
 * <p>Thread-safe: the rules are fixed at construction.
 */
public final class LogtoBearerFilter implements Filter {
    /** Request attribute holding the accepted token's {@link VerifiedAccessToken}. */
    public static final String ACCESS_TOKEN = LogtoBearerFilter.class.getName() + ".accessToken";
    /** The name under which {@link #install} registers the filter. */
    public static final String FILTER_NAME = "logto-bearer";

    private static final System.Logger LOG = System.getLogger(LogtoBearerFilter.class.getName());

    private final AccessTokenValidator validator;
    private final Map<String, Function<HttpServletRequest, Optional<AccessRequirement>>> rules;
    private final String realm;

    private LogtoBearerFilter(Builder builder) {
        this.validator = builder.validator;
        this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(builder.rules));
        this.realm = builder.realm != null ? builder.realm
                : validator.apiResource().orElse(validator.issuer());
    }

    /**
     * A builder of a filter that validates with {@code validator}.
     *
     * @param validator the API's validator, built once
     * @return the builder
     */
    public static Builder builder(AccessTokenValidator validator) {
        return new Builder(validator);
    }

    /**
     * The accepted token's claims, set by this filter on the requests it let through.
     *
     * @param request the current request
     * @return the claims; empty outside the filter's patterns
     */
    public static Optional<VerifiedAccessToken> accessToken(HttpServletRequest request) {
        return request.getAttribute(ACCESS_TOKEN) instanceof VerifiedAccessToken token
                ? Optional.of(token) : Optional.empty();
    }

    /**
     * The URL patterns this filter protects, in the order given.
     *
     * @return the patterns
     */
    public List<String> patterns() {
        return List.copyOf(rules.keySet());
    }

    /**
     * The realm named in every challenge: the builder's, or the API resource indicator, or the issuer.
     *
     * @return the realm
     */
    public String realm() {
        return realm;
    }

    /**
     * Registers this filter in {@code context} as {@value #FILTER_NAME} for its patterns (request
     * dispatches, asynchronous requests supported). Call it while the context starts.
     *
     * @param context the servlet context
     * @return this filter
     * @throws IllegalStateException when a filter of that name is already registered
     */
    public LogtoBearerFilter install(ServletContext context) {
        FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, this);
        if (registration == null) {
            throw new IllegalStateException("a filter named " + FILTER_NAME + " is already registered");
        }
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true,
                patterns().toArray(String[]::new));
        return this;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        Optional<Function<HttpServletRequest, Optional<AccessRequirement>>> rule = ruleFor(request);
        if (rule.isEmpty() || isCorsPreflight(request)) {
            chain.doFilter(request, response);
            return;
        }
        List<String> authorization = Collections.list(request.getHeaders("Authorization"));
        if (authorization.size() > 1) {
            BearerResponses.refused(response, realm, BearerError.INVALID_REQUEST,
                    "Send one Authorization header.", Set.of());
            return;
        }
        Optional<String> token = authorization.isEmpty() ? Optional.empty() : bearerToken(authorization.get(0));
        if (token.isEmpty()) {
            BearerResponses.noToken(response, realm);
            return;
        }
        Optional<AccessRequirement> requirement = rule.get().apply(request);
        if (requirement.isEmpty()) {
            BearerResponses.refused(response, realm, BearerError.INVALID_REQUEST,
                    "The request names no organization.", Set.of());
            return;
        }
        VerifiedAccessToken accepted;
        try {
            accepted = LogtoWeb.await(validator.validate(token.get(), requirement.get()));
        } catch (LogtoException e) {
            refuse(response, e, requirement.get());
            return;
        }
        request.setAttribute(ACCESS_TOKEN, accepted);
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response, LogtoException e, AccessRequirement requirement)
            throws IOException {
        Optional<BearerError> error = BearerError.of(e);
        if (error.isPresent()) {
            // An attacker controls these: keep them out of the default log level.
            LOG.log(System.Logger.Level.DEBUG, "Bearer token refused: {0}: {1}", e.code(), e.getMessage());
            BearerResponses.refused(response, realm, error.get(), BearerResponses.describe(e.code()),
                    requirement.scopes());
        } else if (e.code() == LogtoException.Code.DISCOVERY_FAILED || e.code() == LogtoException.Code.JWKS_FAILED) {
            LOG.log(System.Logger.Level.WARNING, "Bearer token not checked: {0}: {1}", e.code(), e.getMessage());
            BearerResponses.unavailable(response);
        } else {
            LOG.log(System.Logger.Level.ERROR, "Bearer filter failed: {0}: {1}", e.code(), e.getMessage());
            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header (RFC 6750 §2.1; the scheme is
     * case-insensitive). Empty for another scheme; a bearer header without a token gives an empty
     * string, which the validator refuses as malformed.
     */
    static Optional<String> bearerToken(String header) {
        String value = header.strip();
        if (value.length() < 6 || !value.regionMatches(true, 0, "Bearer", 0, 6)) {
            return Optional.empty();
        }
        if (value.length() == 6) {
            return Optional.of("");
        }
        if (value.charAt(6) != ' ') {
            return Optional.empty(); // "Bearerx …" is another scheme
        }
        return Optional.of(value.substring(7).strip());
    }

    private static boolean isCorsPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod().toUpperCase(Locale.ROOT))
                && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
    }

    private Optional<Function<HttpServletRequest, Optional<AccessRequirement>>> ruleFor(HttpServletRequest request) {
        String servletPath = Objects.requireNonNullElse(request.getServletPath(), "");
        String pathInfo = request.getPathInfo();
        String path = pathInfo == null ? servletPath : servletPath + pathInfo;
        return UrlPatterns.bestMatch(rules.keySet(), path.isEmpty() ? "/" : path).map(rules::get);
    }

    @Override
    public String toString() {
        return "LogtoBearerFilter{" + validator + ", patterns=" + rules.keySet() + "}";
    }

    /** Gathers the protected patterns. Not thread-safe; the built filter is. */
    public static final class Builder {
        private final AccessTokenValidator validator;
        private final Map<String, Function<HttpServletRequest, Optional<AccessRequirement>>> rules =
                new LinkedHashMap<>();
        private String realm;

        private Builder(AccessTokenValidator validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
        }

        /**
         * Protects {@code urlPattern} with global permissions of the validator's API resource.
         *
         * @param urlPattern a servlet URL pattern, e.g. {@code /api/*}
         * @param scopes     the permissions every request needs (none: any token for the API)
         * @return this builder
         * @throws IllegalArgumentException when the pattern is not a servlet URL pattern
         * @throws LogtoException           {@link LogtoException.Code#INVALID_ARGUMENT} for an invalid scope
         */
        public Builder protect(String urlPattern, String... scopes) {
            return protect(urlPattern, AccessRequirement.api(scopes));
        }

        /**
         * Protects {@code urlPattern} with a fixed requirement.
         *
         * @param urlPattern  a servlet URL pattern
         * @param requirement what every request needs
         * @return this builder
         * @throws IllegalArgumentException when the pattern is not a servlet URL pattern
         */
        public Builder protect(String urlPattern, AccessRequirement requirement) {
            Objects.requireNonNull(requirement, "requirement");
            if (!(requirement instanceof AccessRequirement.Organization) && validator.apiResource().isEmpty()) {
                throw new IllegalStateException("the validator has no API resource, so only organization "
                        + "requirements can be checked");
            }
            Optional<AccessRequirement> fixed = Optional.of(requirement);
            return protect(urlPattern, request -> fixed);
        }

        /**
         * Protects {@code urlPattern} with a requirement that depends on the request, typically on the
         * organization its path names. An empty requirement answers {@code 400 invalid_request}.
         *
         * @param urlPattern  a servlet URL pattern
         * @param requirement the requirement of a request (called only for requests with a token)
         * @return this builder
         * @throws IllegalArgumentException when the pattern is not a servlet URL pattern
         */
        public Builder protect(String urlPattern, Function<HttpServletRequest, Optional<AccessRequirement>> requirement) {
            rules.put(UrlPatterns.requireValid(urlPattern), Objects.requireNonNull(requirement, "requirement"));
            return this;
        }

        /**
         * The realm named in every challenge (default: the API resource indicator, else the issuer).
         *
         * @param realm the realm
         * @return this builder
         */
        public Builder realm(String realm) {
            this.realm = Objects.requireNonNull(realm, "realm");
            return this;
        }

        /**
         * Builds the filter.
         *
         * @return the filter
         */
        public LogtoBearerFilter build() {
            return new LogtoBearerFilter(this);
        }
    }
}
