package io.logto.sdk.m2m;

import io.logto.sdk.LogtoException;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a machine-to-machine app asks Logto for: a token for an API resource, for an organization,
 * or for an API resource within an organization, with the permissions it needs. Logto grants the
 * asked permissions that the app's machine-to-machine roles hold (unknown ones are dropped, not
 * refused). Also the cache key of {@link ClientCredentialsTokenProvider}: two equal requests share a
 * token. Immutable and thread-safe.
 *
 * <pre>{@code
 * ClientCredentialsRequest.forResource("https://api.example.com", "read:data");
 * ClientCredentialsRequest.forOrganization("org-1", "read:members");
 * ManagementApi.tokenRequest("default");              // Logto's Management API, scope all
 * }</pre>
 *
 * @param resource       the API resource indicator; empty only for an organization token, or for the
 *                       tenant's default API when one is set in the Console
 * @param organizationId the organization; empty for global permissions
 * @param scopes         the permissions asked for (none: whatever the roles give), in order
 */
public record ClientCredentialsRequest(Optional<String> resource, Optional<String> organizationId,
                                       Set<String> scopes) {
    /**
     * Checks the values and copies the scopes.
     *
     * @param resource       the API resource indicator
     * @param organizationId the organization
     * @param scopes         the permissions asked for
     * @throws LogtoException {@link LogtoException.Code#INVALID_ARGUMENT} when a value is blank or a
     *                        scope has a space
     */
    public ClientCredentialsRequest {
        requireWord(resource, "resource");
        requireWord(organizationId, "organizationId");
        scopes = checkedScopes(scopes);
    }

    /**
     * A token for the API resource {@code resource} (its global permissions).
     *
     * @param resource the API resource indicator, e.g. {@code https://api.example.com}
     * @param scopes   the permissions asked for
     * @return the request
     */
    public static ClientCredentialsRequest forResource(String resource, String... scopes) {
        return new ClientCredentialsRequest(Optional.of(required(resource, "resource")), Optional.empty(),
                new LinkedHashSet<>(Arrays.asList(scopes)));
    }

    /**
     * An organization token: organization permissions in {@code organizationId} (the app must be
     * added to the organization in the Console).
     *
     * @param organizationId the organization
     * @param scopes         the organization permissions asked for
     * @return the request
     */
    public static ClientCredentialsRequest forOrganization(String organizationId, String... scopes) {
        return new ClientCredentialsRequest(Optional.empty(),
                Optional.of(required(organizationId, "organizationId")),
                new LinkedHashSet<>(Arrays.asList(scopes)));
    }

    /**
     * A token for the API resource {@code resource} within {@code organizationId} (organization-level
     * API permissions; the token carries {@code organization_id}).
     *
     * @param resource       the API resource indicator
     * @param organizationId the organization
     * @param scopes         the permissions asked for
     * @return the request
     */
    public static ClientCredentialsRequest forOrganizationResource(String resource, String organizationId,
                                                                   String... scopes) {
        return new ClientCredentialsRequest(Optional.of(required(resource, "resource")),
                Optional.of(required(organizationId, "organizationId")),
                new LinkedHashSet<>(Arrays.asList(scopes)));
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT, what + " must not be blank");
        }
        return value;
    }

    private static void requireWord(Optional<String> value, String what) {
        Objects.requireNonNull(value, what);
        value.ifPresent(v -> {
            if (v.isBlank() || v.chars().anyMatch(Character::isWhitespace)) {
                throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT, what + " must be a non-blank word");
            }
        });
    }

    static Set<String> checkedScopes(Set<String> scopes) {
        Objects.requireNonNull(scopes, "scopes");
        var copy = new LinkedHashSet<String>();
        for (String scope : scopes) {
            if (scope == null || scope.isBlank() || scope.chars().anyMatch(Character::isWhitespace)) {
                throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT,
                        "a scope must be a non-blank word without spaces");
            }
            copy.add(scope);
        }
        return Collections.unmodifiableSet(copy);
    }
}
