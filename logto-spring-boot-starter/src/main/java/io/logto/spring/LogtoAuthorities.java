package io.logto.spring;

import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.resourceserver.VerifiedAccessToken;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names of the Spring Security authorities the starter grants, in one place, for
 * {@code hasAuthority(…)} and {@code @PreAuthorize}:
 *
 * <table>
 *   <caption>Authorities</caption>
 *   <tr><th>Who</th><th>Authority</th></tr>
 *   <tr><td>signed-in user, each role of the {@code roles} claim (scope {@code roles})</td><td>{@code ROLE_<role>}</td></tr>
 *   <tr><td>signed-in user, each organization ({@code organizations} claim)</td><td>{@code ORGANIZATION_<id>}</td></tr>
 *   <tr><td>signed-in user, each organization role ({@code organization_roles}: {@code <id>:<role>})</td><td>{@code ORGANIZATION_<id>:ROLE_<role>}</td></tr>
 *   <tr><td>access token issued for the API (its {@code aud} is the API's resource indicator)</td><td>{@link #API_TOKEN}</td></tr>
 *   <tr><td>API token for the API, no organization: each permission</td><td>{@code SCOPE_<permission>}</td></tr>
 *   <tr><td>API token for the API in organization {@code <id>}: each permission</td><td>{@code ORGANIZATION_<id>:SCOPE_<permission>}</td></tr>
 *   <tr><td>organization token of {@code <id>}: each organization permission</td><td>{@code ORGANIZATION_<id>:PERMISSION_<permission>}</td></tr>
 *   <tr><td>any token acting in organization {@code <id>}</td><td>{@code ORGANIZATION_<id>}</td></tr>
 * </table>
 *
 * <p>A signed-in user (a session) never gets {@code SCOPE_…}: the scopes an application asks for at
 * sign-in say nothing about what Logto granted, and {@code SCOPE_…} is what a verified access token
 * for the API carries. Permissions granted within an organization never become the global
 * {@code SCOPE_…} either: a route
 * that needs a global permission cannot be passed with an organization's token, and an
 * organization route checks the organization of the request:
 * {@code @PreAuthorize("hasAuthority(T(io.logto.spring.LogtoAuthorities).organizationScope(#orgId, 'read:orders'))")}.
 *
 * <p>Stateless; thread-safe.
 */
public final class LogtoAuthorities {
    /**
     * Held by an access token issued for the API itself — not by a signed-in session, nor by an
     * organization token: {@code logto.api.paths} require it.
     */
    public static final String API_TOKEN = "LOGTO_API_TOKEN";

    private LogtoAuthorities() {
    }

    /**
     * A global permission of the API, carried by a verified access token.
     *
     * @param scope e.g. {@code read:orders}
     * @return {@code SCOPE_<scope>}
     */
    public static String scope(String scope) {
        return "SCOPE_" + scope;
    }

    /**
     * A role of the signed-in user.
     *
     * @param role e.g. {@code admin}
     * @return {@code ROLE_<role>}
     */
    public static String role(String role) {
        return "ROLE_" + role;
    }

    /**
     * Membership of (or a token acting in) an organization.
     *
     * @param organizationId the organization's id
     * @return {@code ORGANIZATION_<id>}
     */
    public static String organization(String organizationId) {
        return "ORGANIZATION_" + organizationId;
    }

    /**
     * An API permission within an organization (organization-level API resource token).
     *
     * @param organizationId the organization's id
     * @param scope          the permission
     * @return {@code ORGANIZATION_<id>:SCOPE_<scope>}
     */
    public static String organizationScope(String organizationId, String scope) {
        return organization(organizationId) + ":" + scope(scope);
    }

    /**
     * An organization permission (organization token).
     *
     * @param organizationId the organization's id
     * @param permission     the organization permission
     * @return {@code ORGANIZATION_<id>:PERMISSION_<permission>}
     */
    public static String organizationPermission(String organizationId, String permission) {
        return organization(organizationId) + ":PERMISSION_" + permission;
    }

    /**
     * An organization role of the signed-in user.
     *
     * @param organizationId the organization's id
     * @param role           the role
     * @return {@code ORGANIZATION_<id>:ROLE_<role>}
     */
    public static String organizationRole(String organizationId, String role) {
        return organization(organizationId) + ":" + role(role);
    }

    /**
     * The authority names of a signed-in user.
     *
     * @param claims the user's ID token claims
     * @return the names, without duplicates: roles and organizations, never {@code SCOPE_…}
     */
    public static List<String> ofUser(IdTokenClaims claims) {
        Set<String> names = new LinkedHashSet<>();
        claims.roles().forEach(r -> names.add(role(r)));
        claims.organizations().forEach(o -> names.add(organization(o)));
        for (String entry : claims.organizationRoles()) {
            int colon = entry.indexOf(':');
            if (colon > 0) {
                names.add(organizationRole(entry.substring(0, colon), entry.substring(colon + 1)));
            }
        }
        return new ArrayList<>(names);
    }

    /**
     * The authority names of an accepted access token.
     *
     * @param token the token's claims
     * @return the names, without duplicates
     */
    public static List<String> ofToken(VerifiedAccessToken token) {
        Set<String> names = new LinkedHashSet<>();
        if (!token.isOrganizationToken()) {
            names.add(API_TOKEN);
        }
        if (token.organizationId().isEmpty()) {
            token.scopes().forEach(s -> names.add(scope(s)));
        } else {
            String organization = token.organizationId().get();
            names.add(organization(organization));
            for (String s : token.scopes()) {
                names.add(token.isOrganizationToken() ? organizationPermission(organization, s)
                        : organizationScope(organization, s));
            }
        }
        return new ArrayList<>(names);
    }
}
