package io.logto.sdk.resourceserver;

import io.logto.sdk.LogtoScopes;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The claims of an access token that {@link AccessTokenValidator} accepted: who it is for, which app
 * asked for it, what it permits. Holds no token, so it can be logged and kept in request attributes.
 *
 * <pre>{@code
 * VerifiedAccessToken token = validator.validate(bearer, AccessRequirement.api("read:orders")).join();
 * String user = token.subject();                  // the user's id (the app's id for client credentials)
 * boolean canWrite = token.hasScope("write:orders");
 * }</pre>
 *
 * @param issuer         {@code iss}, the tenant's issuer
 * @param subject        {@code sub}: the user's id, or the app's id for a machine-to-machine token
 * @param clientId       {@code client_id}: the app the token was issued to
 * @param audience       {@code aud}: the resource indicator or {@code urn:logto:organization:<id>}
 * @param scopes         {@code scope}, split on spaces; empty when the claim is absent or {@code ""}
 * @param organizationId the organization the token acts in: its {@code organization_id} claim (an
 *                       organization-level API token), or the id in an organization token's audience
 * @param issuedAt       {@code iat}
 * @param expiresAt      {@code exp}
 * @param tokenId        {@code jti}, when present
 * @param actorSubject   {@code act.sub} of a token made by token exchange with an actor token: who acts
 *                       on the subject's behalf
 * @param extra          every other claim (e.g. what a JWT customizer adds), unmodifiable
 */
public record VerifiedAccessToken(String issuer, String subject, String clientId, List<String> audience,
                                  Set<String> scopes, Optional<String> organizationId, Instant issuedAt,
                                  Instant expiresAt, Optional<String> tokenId, Optional<String> actorSubject,
                                  Map<String, Object> extra) {
    /** The claims that have their own component; the rest are {@link #extra()}. */
    static final Set<String> NAMED_CLAIMS = Set.of(
            "iss", "sub", "client_id", "aud", "scope", "organization_id", "iat", "exp", "jti", "act");

    /**
     * Checks presence and copies the collections.
     *
     * @param issuer         {@code iss}
     * @param subject        {@code sub}
     * @param clientId       {@code client_id}
     * @param audience       {@code aud}
     * @param scopes         the granted scopes
     * @param organizationId the organization the token acts in
     * @param issuedAt       {@code iat}
     * @param expiresAt      {@code exp}
     * @param tokenId        {@code jti}
     * @param actorSubject   {@code act.sub}
     * @param extra          the other claims
     */
    public VerifiedAccessToken {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        audience = List.copyOf(audience);
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(actorSubject, "actorSubject");
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /**
     * Whether the token grants {@code scope}.
     *
     * @param scope a permission, e.g. {@code read:orders}
     * @return whether it is in {@link #scopes()}
     */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /**
     * Whether the token grants every one of {@code required}.
     *
     * @param required permissions
     * @return whether all are in {@link #scopes()}
     */
    public boolean hasScopes(Collection<String> required) {
        return scopes.containsAll(required);
    }

    /**
     * Whether this is an organization token ({@code aud} = {@code urn:logto:organization:<id>}),
     * whose scopes are organization permissions.
     *
     * @return whether the audience is an organization
     */
    public boolean isOrganizationToken() {
        return audience.stream().anyMatch(LogtoScopes::isOrganizationUrn);
    }

    /**
     * The user the token acts for; empty for a machine-to-machine token (client credentials), whose
     * subject Logto sets to the app's own id.
     *
     * @return the user's id, or empty
     */
    public Optional<String> userId() {
        return subject.equals(clientId) ? Optional.empty() : Optional.of(subject);
    }
}
