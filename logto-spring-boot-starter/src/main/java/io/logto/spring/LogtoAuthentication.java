package io.logto.spring;

import io.logto.sdk.IdTokenClaims;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/**
 * The Spring Security {@link org.springframework.security.core.Authentication} of a user signed in
 * with Logto: the principal is their {@link IdTokenClaims}, the name their {@code sub}, the
 * authorities those of {@link LogtoAuthorities#ofUser}. It holds no token: the credentials are
 * empty. Made afresh on each request from the Logto session ({@link LogtoSessionAuthenticationFilter}),
 * so it is never stored in the HTTP session itself.
 *
 * <p>Immutable once made; thread-safe.
 */
public final class LogtoAuthentication extends AbstractAuthenticationToken {
    private static final long serialVersionUID = 1L;

    /** Not serialized: the authentication is rebuilt from the Logto session on every request. */
    private final transient IdTokenClaims claims;

    /**
     * An authenticated user.
     *
     * @param claims      the user's ID token claims
     * @param authorities the authority names
     */
    public LogtoAuthentication(IdTokenClaims claims, List<String> authorities) {
        super(authorities.stream().map(SimpleGrantedAuthority::new).toList());
        this.claims = claims;
        setAuthenticated(true);
    }

    /**
     * The user's claims.
     *
     * @return the ID token claims
     */
    @Override
    public IdTokenClaims getPrincipal() {
        return claims;
    }

    /**
     * No credentials are held.
     *
     * @return an empty string
     */
    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public String getName() {
        return claims.sub();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogtoAuthentication other && super.equals(other) && claims.equals(other.claims);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + claims.hashCode();
    }
}
