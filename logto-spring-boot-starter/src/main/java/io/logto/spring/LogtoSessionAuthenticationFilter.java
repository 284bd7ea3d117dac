package io.logto.spring;

import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoException;
import io.logto.sdk.servlet.LogtoWeb;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Makes the Logto session the request's Spring Security {@link Authentication}: when no one else
 * authenticated the request and the session has a signed-in user, a {@link LogtoAuthentication} is
 * put in the security context for this request. No network call: the claims come from the ID token
 * verified at sign-in. The authentication is not saved in the HTTP session — the Logto session
 * already is the state, and signing out of it (or a back-channel logout) takes effect on the next
 * request. When the record of sessions that back-channel logouts ended cannot be read, the request is
 * answered {@code 503 {"error":"session_check_unavailable"}} (as without Spring Security), never let
 * through unchecked.
 *
 * <p>In a {@code SecurityFilterChain} of your own:
 * <pre>{@code
 * http.addFilterAfter(new LogtoSessionAuthenticationFilter(web), SecurityContextHolderFilter.class);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class LogtoSessionAuthenticationFilter extends OncePerRequestFilter {
    private static final System.Logger LOG = System.getLogger(LogtoSessionAuthenticationFilter.class.getName());

    private final LogtoWeb web;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    /**
     * A filter for the sessions of {@code web}.
     *
     * @param web the application's {@link LogtoWeb}
     */
    public LogtoSessionAuthenticationFilter(LogtoWeb web) {
        this.web = Objects.requireNonNull(web, "web");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication current = contexts.getContext().getAuthentication();
        if (current == null || current instanceof AnonymousAuthenticationToken) {
            LogtoClient client;
            try {
                client = web.client(request);
            } catch (LogtoException e) {
                if (e.code() != LogtoException.Code.STORAGE_FAILED) {
                    throw e;
                }
                // The record of ended sessions cannot be read: nothing passes unchecked, and the
                // answer is the adapter's (its EndedSessionFilter runs after Spring Security's chain).
                LOG.log(System.Logger.Level.WARNING, "Ended sessions could not be checked: {0}", e.getMessage());
                sessionCheckUnavailable(response);
                return;
            }
            if (client.isAuthenticated().join()) {
                try {
                    IdTokenClaims claims = client.getIdTokenClaims();
                    SecurityContext context = contexts.createEmptyContext();
                    context.setAuthentication(new LogtoAuthentication(claims, LogtoAuthorities.ofUser(claims)));
                    contexts.setContext(context);
                } catch (LogtoException unreadable) {
                    // A session that ended or cannot be read between the two calls: the request stays
                    // anonymous (a public page must not fail for it; a protected one asks to sign in).
                }
            }
        }
        chain.doFilter(request, response);
    }

    /** {@code 503 {"error":"session_check_unavailable"}}, as the servlet adapter answers. */
    private static void sessionCheckUnavailable(HttpServletResponse response) throws IOException {
        byte[] body = "{\"error\":\"session_check_unavailable\"}".getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
