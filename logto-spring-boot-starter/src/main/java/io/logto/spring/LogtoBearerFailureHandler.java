package io.logto.spring;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What the resource server answers when a bearer token fails, in place of
 * {@code BearerTokenAuthenticationFilter}'s default (which rethrows a token that could not be
 * checked, so that the container answers {@code 500}):
 * <ul>
 *   <li>the token could not be checked because Logto's discovery document or keys could not be
 *       fetched ({@link LogtoJwtDecoder} threw a plain {@link JwtException}): {@code 503} with
 *       {@code Retry-After: 5} and {@code {"error":"temporarily_unavailable",…}}, as the servlet
 *       adapter's bearer filter answers — the token is fine as far as anyone knows, and the client
 *       may try again;</li>
 *   <li>the token was refused: the entry point's {@code 401 invalid_token};</li>
 *   <li>any other failure of the authentication machinery: rethrown, as Spring Security does.</li>
 * </ul>
 * The answer names no token, claim or secret. Installed on the filter by {@link LogtoResourceServerChain}.
 *
 * <p>Stateless; thread-safe.
 */
final class LogtoBearerFailureHandler implements AuthenticationFailureHandler {
    /** Seconds a client should wait before it tries again (the adapter's value). */
    static final String RETRY_AFTER = "5";

    private static final byte[] UNAVAILABLE = ("{\"error\":\"temporarily_unavailable\",\"error_description\":"
            + "\"The access token cannot be checked now: Logto is unreachable.\"}").getBytes(StandardCharsets.UTF_8);

    private final AuthenticationEntryPoint refused;

    /**
     * A handler that lets {@code refused} answer refused tokens.
     *
     * @param refused the resource server's entry point ({@code 401} with a Bearer challenge)
     */
    LogtoBearerFailureHandler(AuthenticationEntryPoint refused) {
        this.refused = Objects.requireNonNull(refused, "refused");
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException, ServletException {
        if (exception instanceof AuthenticationServiceException) {
            if (logtoUnavailable(exception)) {
                unavailable(response);
                return;
            }
            throw exception;
        }
        refused.commence(request, response, exception);
    }

    /** JwtAuthenticationProvider wraps a decoder's plain JwtException (not a refusal) in the service exception. */
    private static boolean logtoUnavailable(AuthenticationException exception) {
        return exception.getCause() instanceof JwtException cause && !(cause instanceof BadJwtException);
    }

    private static void unavailable(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", RETRY_AFTER);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(UNAVAILABLE.length);
        response.getOutputStream().write(UNAVAILABLE);
    }
}
