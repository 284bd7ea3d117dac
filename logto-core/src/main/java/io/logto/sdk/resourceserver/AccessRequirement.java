package io.logto.sdk.resourceserver;

import io.logto.sdk.LogtoException;
import io.logto.sdk.LogtoScopes;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a request needs of its access token, in one of Logto's three models of permissions:
 *
 * <ul>
 *   <li>{@link #api(String...)}: global permissions of the API resource this server is
 *       ({@code aud} = the resource indicator, no {@code organization_id}); permissions come from
 *       the user's (or machine-to-machine app's) roles.</li>
 *   <li>{@link #organizationApi(String, String...)}: permissions of the API resource within one
 *       organization ({@code aud} = the resource indicator, {@code organization_id} = the
 *       request's organization); permissions come from the user's organization roles.</li>
 *   <li>{@link #organization(String, String...)}: organization permissions, not tied to an API
 *       ({@code aud} = {@code urn:logto:organization:<id>}).</li>
 * </ul>
 *
 * <p>Every model also needs all of {@link #scopes()} in the token's {@code scope}. The organization
 * id comes from the request (its path, a header), never from the token: that is what makes the
 * check mean something.
 *
 * <pre>{@code
 * AccessRequirement.api("read:orders");                            // GET /orders
 * AccessRequirement.organizationApi(orgId, "read:orders");         // GET /orgs/{orgId}/orders
 * AccessRequirement.organization(orgId, "invite:member");          // POST /orgs/{orgId}/invitations
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface AccessRequirement
        permits AccessRequirement.Api, AccessRequirement.OrganizationApi, AccessRequirement.Organization {

    /**
     * The permissions the token must all carry in its {@code scope}.
     *
     * @return the scopes, unmodifiable, in the order given
     */
    Set<String> scopes();

    /**
     * Global permissions of the validator's API resource.
     *
     * @param scopes the permissions needed (none: any token for the API will do)
     * @return the requirement
     * @throws LogtoException {@link LogtoException.Code#INVALID_ARGUMENT} when a scope is blank or has a space
     */
    static Api api(String... scopes) {
        return new Api(orderedSet(Arrays.asList(scopes)));
    }

    /**
     * Permissions of the validator's API resource within the organization {@code organizationId}.
     *
     * @param organizationId the organization the request is about
     * @param scopes         the permissions needed
     * @return the requirement
     * @throws LogtoException {@link LogtoException.Code#INVALID_ARGUMENT} when the id or a scope is invalid
     */
    static OrganizationApi organizationApi(String organizationId, String... scopes) {
        return new OrganizationApi(organizationId, orderedSet(Arrays.asList(scopes)));
    }

    /**
     * Organization permissions in the organization {@code organizationId} (an organization token).
     *
     * @param organizationId the organization the request is about
     * @param scopes         the organization permissions needed
     * @return the requirement
     * @throws LogtoException {@link LogtoException.Code#INVALID_ARGUMENT} when the id or a scope is invalid
     */
    static Organization organization(String organizationId, String... scopes) {
        return new Organization(organizationId, orderedSet(Arrays.asList(scopes)));
    }

    /**
     * Global permissions of the validator's API resource.
     *
     * @param scopes the permissions needed
     */
    record Api(Set<String> scopes) implements AccessRequirement {
        /**
         * Checks and copies the scopes.
         *
         * @param scopes the permissions needed
         */
        public Api {
            scopes = checkedScopes(scopes);
        }
    }

    /**
     * Permissions of the validator's API resource within one organization.
     *
     * @param organizationId the organization the request is about
     * @param scopes         the permissions needed
     */
    record OrganizationApi(String organizationId, Set<String> scopes) implements AccessRequirement {
        /**
         * Checks the id and copies the scopes.
         *
         * @param organizationId the organization the request is about
         * @param scopes         the permissions needed
         */
        public OrganizationApi {
            checkOrganizationId(organizationId);
            scopes = checkedScopes(scopes);
        }
    }

    /**
     * Organization permissions within one organization.
     *
     * @param organizationId the organization the request is about
     * @param scopes         the organization permissions needed
     */
    record Organization(String organizationId, Set<String> scopes) implements AccessRequirement {
        /**
         * Checks the id and copies the scopes.
         *
         * @param organizationId the organization the request is about
         * @param scopes         the organization permissions needed
         */
        public Organization {
            checkOrganizationId(organizationId);
            scopes = checkedScopes(scopes);
        }

        /**
         * The audience of this organization's tokens.
         *
         * @return {@code urn:logto:organization:<id>}
         */
        public String audience() {
            return LogtoScopes.organizationUrn(organizationId);
        }
    }

    private static Set<String> orderedSet(Collection<String> scopes) {
        return new LinkedHashSet<>(scopes);
    }

    private static Set<String> checkedScopes(Set<String> scopes) {
        Objects.requireNonNull(scopes, "scopes");
        var copy = new LinkedHashSet<String>();
        for (String scope : scopes) {
            if (scope == null || scope.isBlank() || scope.chars().anyMatch(Character::isWhitespace)
                    || scope.indexOf('"') >= 0 || scope.indexOf('\\') >= 0) {
                throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT,
                        "a scope must be a non-blank word without spaces, quotes or backslashes");
            }
            copy.add(scope);
        }
        return Collections.unmodifiableSet(copy);
    }

    private static void checkOrganizationId(String organizationId) {
        if (organizationId == null || organizationId.isBlank()) {
            throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT, "organizationId must not be blank");
        }
    }
}
