package io.logto.sdk.oidc;

import io.logto.sdk.LogtoScopes;

import java.util.Objects;

/**
 * What an access token is for: Logto's userinfo endpoint, an API resource (an RFC 8707 resource
 * indicator) or one organization (Logto's organization token). The public API names a target by one
 * string, as the Python SDK does; {@link #of(String)} reads it once, and everything after works on
 * the type.
 */
public sealed interface TokenTarget {
    /** The userinfo token: the one a sign-in returns, for no resource. */
    TokenTarget USER_INFO = new UserInfo();

    /**
     * Reads the string the public API takes.
     *
     * @param resource {@code null} or empty for the userinfo token, an organization URN
     *                 ({@code urn:logto:organization:<id>}) for an organization, else a resource indicator
     * @return the target
     */
    static TokenTarget of(String resource) {
        if (resource == null || resource.isEmpty()) {
            return USER_INFO;
        }
        if (LogtoScopes.isOrganizationUrn(resource)) {
            return new Organization(resource.substring(LogtoScopes.ORGANIZATION_URN_PREFIX.length()));
        }
        return new ApiResource(resource);
    }

    /**
     * The target as the public API and the stored access-token map name it: the empty string for
     * the userinfo token, the resource indicator, or the organization URN. Persisted: never change it.
     *
     * @return the key
     */
    String key();

    /** The userinfo token; use {@link #USER_INFO}. */
    record UserInfo() implements TokenTarget {
        @Override
        public String key() {
            return "";
        }
    }

    /**
     * An API resource.
     *
     * @param indicator the resource indicator, e.g. {@code https://api.example.com}
     */
    record ApiResource(String indicator) implements TokenTarget {
        /**
         * Checks the indicator is present.
         *
         * @param indicator the resource indicator, e.g. {@code https://api.example.com}
         */
        public ApiResource {
            Objects.requireNonNull(indicator, "indicator");
        }

        @Override
        public String key() {
            return indicator;
        }
    }

    /**
     * One organization of the user.
     *
     * @param id the organization's id
     */
    record Organization(String id) implements TokenTarget {
        /**
         * Checks the id is present.
         *
         * @param id the organization's id
         */
        public Organization {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String key() {
            return LogtoScopes.ORGANIZATION_URN_PREFIX + id;
        }
    }
}
