package io.logto.spring;

import io.logto.sdk.LogtoClient;
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
import java.util.List;
import java.util.Objects;

/**
 * Makes the Logto session the request's Spring Security {@link Authentication}: when no one else
 * authenticated the request and the session has a signed-in user, a {@link LogtoAuthentication} is
 * put in the security context for this request. No network call: the claims come from the ID token
 * verified at sign-in. The authentication is not saved in the HTTP session — the Logto session
 * already is the state, and signing out of it (or a back-channel logout) takes effect on the next
 * request.
 *
 * <p>In a {@code SecurityFilterChain} of your own:
 * <pre>{@code
 * http.addFilterAfter(new LogtoSessionAuthenticationFilter(web, config.scopes()), SecurityContextHolderFilter.class);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class LogtoSessionAuthenticationFilter extends OncePerRequestFilter {
    private final LogtoWeb web;
    private final List<String> requestedScopes;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    /**
     * A filter for the sessions of {@code web}.
     *
     * @param web             the application's {@link LogtoWeb}
     * @param requestedScopes the scopes the application asks for at sign-in (become {@code SCOPE_…})
     */
    public LogtoSessionAuthenticationFilter(LogtoWeb web, List<String> requestedScopes) {
        this.web = Objects.requireNonNull(web, "web");
        this.requestedScopes = List.copyOf(requestedScopes);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication current = contexts.getContext().getAuthentication();
        if (current == null || current instanceof AnonymousAuthenticationToken) {
            LogtoClient client = web.client(request);
            if (client.isAuthenticated().join()) {
                var authentication = new LogtoAuthentication(client.getIdTokenClaims(),
                        LogtoAuthorities.ofUser(client.getIdTokenClaims(), requestedScopes));
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(authentication);
                contexts.setContext(context);
            }
        }
        chain.doFilter(request, response);
    }
}
