package io.logto.sdk.m2m;

/**
 * The kinds of subject token Logto exchanges (RFC 8693 {@code subject_token_type}).
 */
public enum SubjectTokenType {
    /**
     * A user's personal access token ({@code pat_…}), created in the Console or with the Management
     * API ({@code POST /api/users/{userId}/personal-access-tokens}); reusable until it expires.
     */
    PERSONAL_ACCESS_TOKEN("urn:logto:token-type:personal_access_token"),
    /**
     * An access token: an impersonation subject token ({@code sub_…}, from the Management API's
     * {@code POST /api/subject-tokens}; single-use, 10 minutes), or one of the user's own access
     * tokens issued to a first-party app of the tenant (opaque, or a JWT with {@code typ: at+jwt}).
     */
    ACCESS_TOKEN("urn:ietf:params:oauth:token-type:access_token");

    private final String uri;

    SubjectTokenType(String uri) {
        this.uri = uri;
    }

    /**
     * The value sent as {@code subject_token_type}.
     *
     * @return the type's URI
     */
    public String uri() {
        return uri;
    }
}
