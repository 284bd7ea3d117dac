package io.logto.spring;

import io.logto.sdk.resourceserver.VerifiedAccessToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Optional;

/**
 * The access token that Spring Security's resource server accepted for the current request, as a
 * {@link VerifiedAccessToken}. Apart from {@link LogtoArgumentResolver} so that the resolver loads
 * without spring-security-oauth2-resource-server: it calls here only when that is on the class path.
 * Stateless; thread-safe.
 */
final class LogtoResourceServerTokens {
    /** The class whose presence says that the resource server is there. */
    static final String JWT_AUTHENTICATION =
            "org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken";

    private LogtoResourceServerTokens() {
    }

    /**
     * The current request's token, when the resource server authenticated it (a signed-in session is
     * not a token: empty then).
     */
    static Optional<VerifiedAccessToken> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken jwt && jwt.isAuthenticated()
                && jwt.getToken().getSubject() != null) {
            return Optional.of(LogtoJwtAuthenticationConverter.verifiedOf(jwt.getToken()));
        }
        return Optional.empty();
    }
}
