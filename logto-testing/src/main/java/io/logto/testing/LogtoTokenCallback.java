package io.logto.testing;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.OAuth2Exception;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

import java.net.URI;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes mock-oauth2-server issue access tokens shaped as Logto issues them (its engine's
 * {@code formats/jwt.js} plus Logto's extra claims): for a request naming a {@code resource}
 * (refresh, client credentials, token exchange) a JWT with header {@code typ: at+jwt},
 * {@code aud} = the resource, {@code scope} = the granted permissions (the API's permissions that
 * were asked for; all of them when none were), {@code client_id} = the requesting app, and
 * {@code organization_id} when an {@code organization_id} was sent too; for an
 * {@code organization_id} alone an organization token ({@code aud} = {@code urn:logto:organization:<id>});
 * for client credentials {@code sub} = the app's id; for token exchange with an actor token
 * {@code act: {sub}}. Like Logto it answers {@code invalid_target} for an unknown resource (or a
 * client credentials grant naming nothing) and {@code access_denied} (403) for an unknown organization.
 *
 * <p>What the mock cannot be taught: its ID tokens share the access token's {@code typ} and extra
 * claims (harmless: ID-token checks ignore them), it needs RFC 8693's {@code audience} for a token
 * exchange (Logto ignores it), its exchanged tokens copy every claim of the subject token, and it
 * verifies no secret and no subject token. Immutable and thread-safe.
 *
 * <pre>{@code
 * var callback = LogtoTokenCallback.builder("oidc")
 *         .apiResource("https://api.example.com", "read:data", "write:data")
 *         .organization("org-1", "invite:member")
 *         .build();
 * new MockOAuth2Server(new OAuth2Config(true, null, null, false, new OAuth2TokenProvider(), Set.of(callback)));
 * }</pre>
 */
public final class LogtoTokenCallback implements OAuth2TokenCallback {
    /** The grant type of RFC 8693. */
    private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static final String ORGANIZATION_URN_PREFIX = "urn:logto:organization:";

    private final String issuerId;
    private final Map<String, Set<String>> apiResources;
    private final Map<String, Set<String>> organizations;
    private final Set<String> anyOrganization;

    private LogtoTokenCallback(Builder builder) {
        this.issuerId = builder.issuerId;
        this.apiResources = Map.copyOf(builder.apiResources);
        this.organizations = Map.copyOf(builder.organizations);
        this.anyOrganization = builder.anyOrganization;
    }

    /**
     * A builder for the mock's issuer {@code issuerId} (the issuer URL's path, {@code oidc} for Logto's layout).
     *
     * @param issuerId the issuer id
     * @return the builder
     */
    public static Builder builder(String issuerId) {
        return new Builder(issuerId);
    }

    @Override
    public String issuerId() {
        return issuerId;
    }

    @Override
    public String subject(TokenRequest request) {
        // Logto: sub is the client id when no user is involved. After a login the mock uses the user name.
        return grantType(request).equals("client_credentials") ? clientId(request) : "anonymous";
    }

    @Override
    public String typeHeader(TokenRequest request) {
        return isResourceToken(request) ? "at+jwt" : "JWT";
    }

    @Override
    public List<String> audience(TokenRequest request) {
        Optional<String> resource = parameter(request, "resource");
        if (resource.isPresent()) {
            permissionsOf(resource.get());
            return List.of(resource.get());
        }
        Optional<String> organization = parameter(request, "organization_id");
        if (organization.isPresent()) {
            organizationPermissions(organization.get());
            return List.of(ORGANIZATION_URN_PREFIX + organization.get());
        }
        if (grantType(request).equals("client_credentials")) {
            throw new OAuth2Exception(OAuth2Error.INVALID_TARGET
                    .setDescription("both `resource` and `organization_id` are not provided"),
                    "both resource and organization_id are missing");
        }
        return List.of();
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
        var claims = new LinkedHashMap<String, Object>();
        claims.put("client_id", clientId(request));
        Optional<String> resource = parameter(request, "resource");
        Optional<String> organization = parameter(request, "organization_id");
        if (resource.isPresent() || organization.isPresent()) {
            Set<String> available = resource.isPresent() ? permissionsOf(resource.get())
                    : organizationPermissions(organization.get());
            Set<String> granted = granted(available, requestedScopes(request));
            // Logto leaves scope out of a client credentials token that got nothing; elsewhere it writes "".
            if (!granted.isEmpty() || !grantType(request).equals("client_credentials")) {
                claims.put("scope", String.join(" ", granted));
            }
        }
        if (resource.isPresent() && organization.isPresent()) {
            organizationPermissions(organization.get());
            claims.put("organization_id", organization.get());
        }
        parameter(request, "actor_token").flatMap(LogtoTokenCallback::subjectOf)
                .ifPresent(actor -> claims.put("act", Map.of("sub", actor)));
        return claims;
    }

    @Override
    public long tokenExpiry() {
        return 3600;
    }

    private boolean isResourceToken(TokenRequest request) {
        String grant = grantType(request);
        return parameter(request, "resource").isPresent() || parameter(request, "organization_id").isPresent()
                || grant.equals("client_credentials") || grant.equals(TOKEN_EXCHANGE);
    }

    private Set<String> permissionsOf(String resource) {
        Set<String> permissions = apiResources.get(resource);
        if (permissions == null) {
            throw new OAuth2Exception(OAuth2Error.INVALID_TARGET
                    .setDescription("resource indicator is missing, or unknown"), "unknown resource " + resource);
        }
        return permissions;
    }

    private Set<String> organizationPermissions(String organizationId) {
        Set<String> permissions = organizations.getOrDefault(organizationId, anyOrganization);
        if (permissions == null) {
            throw new OAuth2Exception(new ErrorObject("access_denied", "user is not a member of the organization", 403),
                    "unknown organization " + organizationId);
        }
        return permissions;
    }

    /** Logto: granted = asked ∩ available; a request that asks for nothing gets all that is available. */
    private static Set<String> granted(Set<String> available, Set<String> requested) {
        if (requested.isEmpty()) {
            return available;
        }
        var granted = new LinkedHashSet<>(requested);
        granted.retainAll(available);
        return granted;
    }

    private static Set<String> requestedScopes(TokenRequest request) {
        var scopes = new LinkedHashSet<String>();
        if (request.getScope() != null) {
            scopes.addAll(request.getScope().toStringList());
        } else {
            parameter(request, "scope").ifPresent(s -> scopes.addAll(Arrays.asList(s.split(" "))));
        }
        scopes.removeAll(Set.of("openid", "offline_access", "profile", "email", ""));
        return scopes;
    }

    private static Optional<String> parameter(TokenRequest request, String name) {
        if (name.equals("resource") && request.getResources() != null && !request.getResources().isEmpty()) {
            URI resource = request.getResources().get(0);
            return Optional.of(resource.toString());
        }
        List<String> values = request.getCustomParameters().get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? Optional.empty()
                : Optional.of(values.get(0));
    }

    private static String grantType(TokenRequest request) {
        return request.getAuthorizationGrant().getType().getValue();
    }

    private static String clientId(TokenRequest request) {
        if (request.getClientAuthentication() != null) {
            return request.getClientAuthentication().getClientID().getValue();
        }
        return request.getClientID() == null ? "unknown-client" : request.getClientID().getValue();
    }

    /** The {@code sub} of a JWT, read without verifying it (Logto would look the token up). */
    private static Optional<String> subjectOf(String token) {
        try {
            return Optional.ofNullable(SignedJWT.parse(token).getJWTClaimsSet().getSubject());
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /** Gathers the tenant's API resources and organizations. Not thread-safe. */
    public static final class Builder {
        private final String issuerId;
        private final Map<String, Set<String>> apiResources = new LinkedHashMap<>();
        private final Map<String, Set<String>> organizations = new LinkedHashMap<>();
        private Set<String> anyOrganization;

        private Builder(String issuerId) {
            this.issuerId = issuerId;
        }

        /**
         * An API resource and the permissions every user and app holds on it.
         *
         * @param indicator   the resource indicator
         * @param permissions its permissions
         * @return this builder
         */
        public Builder apiResource(String indicator, String... permissions) {
            apiResources.put(indicator, Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(permissions))));
            return this;
        }

        /**
         * An organization every user and app belongs to, and the organization permissions they hold.
         *
         * @param organizationId the organization id
         * @param permissions    its organization permissions
         * @return this builder
         */
        public Builder organization(String organizationId, String... permissions) {
            organizations.put(organizationId, Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(permissions))));
            return this;
        }

        /**
         * Makes every organization id known, with these permissions (for a development provider,
         * where the user types their organizations into the login form).
         *
         * @param permissions the organization permissions in any organization
         * @return this builder
         */
        public Builder anyOrganization(String... permissions) {
            this.anyOrganization = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(permissions)));
            return this;
        }

        /**
         * Builds the callback.
         *
         * @return the callback
         */
        public LogtoTokenCallback build() {
            return new LogtoTokenCallback(this);
        }
    }
}
