package io.logto.spring;

import io.logto.sdk.servlet.LogtoBearerFilter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

import java.io.IOException;
import java.util.Objects;

/**
 * API protection for Spring MVC without Spring Security: the servlet adapter's
 * {@link LogtoBearerFilter} as a {@link HandlerInterceptor}. A request to a protected path needs a
 * valid Logto access token for {@code logto.api.resource} with {@code logto.api.required-scopes}; it
 * is otherwise answered as RFC 6750 §3 says — {@code 401} with {@code WWW-Authenticate: Bearer …}
 * (no token, or an invalid one), {@code 403} with {@code error="insufficient_scope"}, {@code 400}
 * for two {@code Authorization} headers, {@code 503} when Logto's keys cannot be fetched — and the
 * controller is not called. An accepted token's claims are in the request attribute
 * {@link LogtoBearerFilter#ACCESS_TOKEN}, and a controller may take a
 * {@link io.logto.sdk.resourceserver.VerifiedAccessToken} parameter.
 *
 * <p>Thread-safe: one instance serves every request.
 */
public final class LogtoBearerInterceptor implements HandlerInterceptor {
    private final LogtoBearerFilter filter;

    /**
     * An interceptor that applies {@code filter}'s rules.
     *
     * @param filter the adapter's bearer filter, built with its protected patterns
     */
    public LogtoBearerInterceptor(LogtoBearerFilter filter) {
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException, ServletException {
        // The filter either answers the request itself or passes it on: passing on is "go ahead".
        var passed = new boolean[1];
        filter.doFilter(request, response, (req, res) -> passed[0] = true);
        return passed[0];
    }

    @Override
    public String toString() {
        return "LogtoBearerInterceptor{" + filter + "}";
    }
}
