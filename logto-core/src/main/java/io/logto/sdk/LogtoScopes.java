package io.logto.sdk;

/**
 * Scope, resource and organization constants of Logto, mirroring the Python SDK's
 * {@code UserInfoScope}, {@code ReservedScope} and {@code ReservedResource}.
 *
 * <p>Stateless and thread-safe.
 */
public final class LogtoScopes {
    /** Reserved: OpenID Connect. Always requested. */
    public static final String OPENID = "openid";
    /** Reserved: ask for a refresh token. Always requested. */
    public static final String OFFLINE_ACCESS = "offline_access";
    /** The user's name, username and picture. Always requested. */
    public static final String PROFILE = "profile";
    /** The user's email address and whether it is verified. */
    public static final String EMAIL = "email";
    /** The user's phone number and whether it is verified. */
    public static final String PHONE = "phone";
    /** The user's custom data (fetched from the userinfo endpoint). */
    public static final String CUSTOM_DATA = "custom_data";
    /** The user's linked social identities (fetched from the userinfo endpoint). */
    public static final String IDENTITIES = "identities";
    /** The user's roles. */
    public static final String ROLES = "roles";
    /** The organizations the user belongs to; needed for organization tokens. */
    public static final String ORGANIZATIONS = "urn:logto:scope:organizations";
    /** The user's roles in each organization. */
    public static final String ORGANIZATION_ROLES = "urn:logto:scope:organization_roles";

    /** The resource indicator that stands for all organizations. */
    public static final String ORGANIZATIONS_RESOURCE = "urn:logto:resource:organizations";
    /** The prefix of an organization URN. */
    public static final String ORGANIZATION_URN_PREFIX = "urn:logto:organization:";

    private LogtoScopes() {
    }

    /**
     * The URN that stands for one organization: {@code urn:logto:organization:{id}}.
     *
     * @param organizationId the organization's id
     * @return the URN that stands for one organization
     */
    public static String organizationUrn(String organizationId) {
        if (organizationId == null || organizationId.isBlank()) {
            throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT, "organizationId must not be blank");
        }
        return ORGANIZATION_URN_PREFIX + organizationId;
    }

    /**
     * Whether {@code resource} is an organization URN.
     *
     * @param resource a resource indicator or URN, or {@code null}
     * @return whether {@code resource} is an organization URN
     */
    public static boolean isOrganizationUrn(String resource) {
        return resource != null && resource.startsWith(ORGANIZATION_URN_PREFIX);
    }
}
