package io.logto.spring;

import io.logto.sdk.resourceserver.VerifiedAccessToken;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a Logto access token decoded by {@link LogtoJwtDecoder} into a {@link JwtAuthenticationToken}
 * named by its {@code sub}, with the authorities of {@link LogtoAuthorities#ofToken}: global
 * permissions as {@code SCOPE_…}, an organization's as {@code ORGANIZATION_<id>:…}.
 *
 * <p>Stateless; thread-safe.
 */
public final class LogtoJwtAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {
    /** Created by the auto-configuration, or by a security configuration of your own. */
    public LogtoJwtAuthenticationConverter() {
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        var authorities = LogtoAuthorities.ofToken(verifiedOf(jwt)).stream().map(SimpleGrantedAuthority::new).toList();
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }

    /** The claims with a component of their own in {@link VerifiedAccessToken}; the rest are its extra. */
    private static final Set<String> NAMED_CLAIMS = Set.of(
            "iss", "sub", "client_id", "aud", "scope", "organization_id", "iat", "exp", "jti", "act");

    /**
     * The claims of a token that {@link LogtoJwtDecoder} accepted, read back from the decoded token:
     * the authorities are made from them, and a controller's {@link VerifiedAccessToken} parameter
     * gets them. Times are epoch seconds in {@link VerifiedAccessToken#extra()}, as the validator gives them.
     */
    static VerifiedAccessToken verifiedOf(Jwt jwt) {
        String scope = jwt.getClaimAsString("scope");
        Set<String> scopes = scope == null || scope.isBlank() ? Set.of()
                : new java.util.LinkedHashSet<>(List.of(scope.strip().split(" +")));
        List<String> audience = jwt.getAudience() == null ? List.of() : jwt.getAudience();
        Optional<String> organization = Optional.ofNullable(jwt.getClaimAsString("organization_id"))
                .or(() -> audience.stream().filter(io.logto.sdk.LogtoScopes::isOrganizationUrn).findFirst()
                        .map(a -> a.substring(io.logto.sdk.LogtoScopes.ORGANIZATION_URN_PREFIX.length())));
        Instant issuedAt = Optional.ofNullable(jwt.getIssuedAt()).orElse(Instant.EPOCH);
        Instant expiresAt = Optional.ofNullable(jwt.getExpiresAt()).orElse(Instant.EPOCH);
        Optional<String> actor = jwt.getClaims().get("act") instanceof Map<?, ?> act && act.get("sub") instanceof String s
                ? Optional.of(s) : Optional.empty();
        var extra = new java.util.LinkedHashMap<String, Object>();
        jwt.getClaims().forEach((name, value) -> {
            if (!NAMED_CLAIMS.contains(name)) {
                extra.put(name, value instanceof Instant instant ? instant.getEpochSecond() : value);
            }
        });
        return new VerifiedAccessToken(String.valueOf(jwt.getClaims().get("iss")), jwt.getSubject(),
                String.valueOf(jwt.getClaims().get("client_id")), audience, scopes, organization, issuedAt,
                expiresAt, Optional.ofNullable(jwt.getId()), actor, extra);
    }
}
