package io.logto.sdk.m2m;

import io.logto.sdk.LogtoException;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A token exchange (RFC 8693) as Logto takes it: a subject token that names a user, optionally an
 * actor token of who acts on the user's behalf, and what the new token is for (an API resource, an
 * organization, or both) with the permissions asked for. Without a resource or organization Logto
 * issues an opaque token for its userinfo endpoint. {@link #toString()} shows neither token.
 *
 * <pre>{@code
 * TokenExchangeRequest.personalAccessToken(pat)
 *         .resource("https://api.example.com").scopes("read:data").build();
 * TokenExchangeRequest.subjectToken(impersonationToken)                   // "sub_…" from /api/subject-tokens
 *         .actorToken(supportAgentsAccessToken).organizationId("org-1").build();
 * }</pre>
 *
 * @param subjectToken     the token that names the user; a secret
 * @param subjectTokenType its kind
 * @param actorToken       the acting user's access token (Logto takes an opaque access token from
 *                         a sign-in with {@code openid}); the new token then carries
 *                         {@code act: {sub: <actor>}}; a secret
 * @param resource         the API resource indicator the new token is for
 * @param organizationId   the organization the new token is for (with a resource: an organization-level
 *                         API token)
 * @param scopes           the permissions asked for; Logto grants those the user holds
 * @param audience         RFC 8693's {@code audience}: ignored by Logto, needed by some other servers
 */
public record TokenExchangeRequest(String subjectToken, SubjectTokenType subjectTokenType,
                                   Optional<String> actorToken, Optional<String> resource,
                                   Optional<String> organizationId, Set<String> scopes,
                                   Optional<String> audience) {
    /**
     * Checks the values and copies the scopes.
     *
     * @param subjectToken     the subject token
     * @param subjectTokenType its kind
     * @param actorToken       the actor token, if any
     * @param resource         the API resource, if any
     * @param organizationId   the organization, if any
     * @param scopes           the permissions asked for
     * @param audience         the audience, if any
     * @throws LogtoException {@link LogtoException.Code#INVALID_ARGUMENT} when a token or value is blank
     */
    public TokenExchangeRequest {
        if (subjectToken == null || subjectToken.isBlank()) {
            throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT, "subjectToken must not be blank");
        }
        Objects.requireNonNull(subjectTokenType, "subjectTokenType");
        requireNonBlank(actorToken, "actorToken");
        requireNonBlank(resource, "resource");
        requireNonBlank(organizationId, "organizationId");
        requireNonBlank(audience, "audience");
        scopes = ClientCredentialsRequest.checkedScopes(scopes);
    }

    /**
     * Starts a request that exchanges a user's personal access token.
     *
     * @param personalAccessToken the token ({@code pat_…})
     * @return the builder
     */
    public static Builder personalAccessToken(String personalAccessToken) {
        return new Builder(personalAccessToken, SubjectTokenType.PERSONAL_ACCESS_TOKEN);
    }

    /**
     * Starts a request that exchanges an access token: an impersonation subject token
     * ({@code sub_…}) or one of the user's access tokens.
     *
     * @param accessToken the token
     * @return the builder
     */
    public static Builder subjectToken(String accessToken) {
        return new Builder(accessToken, SubjectTokenType.ACCESS_TOKEN);
    }

    @Override
    public String toString() {
        return "TokenExchangeRequest{subjectToken=<redacted>, subjectTokenType=" + subjectTokenType
                + ", actorToken=" + (actorToken.isPresent() ? "<redacted>" : "<none>")
                + ", resource=" + resource.orElse("<none>") + ", organizationId=" + organizationId.orElse("<none>")
                + ", scopes=" + scopes + ", audience=" + audience.orElse("<none>") + "}";
    }

    private static void requireNonBlank(Optional<String> value, String what) {
        Objects.requireNonNull(value, what);
        if (value.filter(String::isBlank).isPresent()) {
            throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT, what + " must not be blank");
        }
    }

    /** Gathers a {@link TokenExchangeRequest}. Not thread-safe. {@link #toString()} shows no token. */
    public static final class Builder {
        private final String subjectToken;
        private final SubjectTokenType subjectTokenType;
        private String actorToken;
        private String resource;
        private String organizationId;
        private Set<String> scopes = new LinkedHashSet<>();
        private String audience;

        private Builder(String subjectToken, SubjectTokenType subjectTokenType) {
            this.subjectToken = subjectToken;
            this.subjectTokenType = subjectTokenType;
        }

        /**
         * The acting user's access token: the new token says who acted ({@code act}).
         *
         * @param actorToken the actor's access token
         * @return this builder
         */
        public Builder actorToken(String actorToken) {
            this.actorToken = actorToken;
            return this;
        }

        /**
         * The API resource the new token is for.
         *
         * @param resource the resource indicator
         * @return this builder
         */
        public Builder resource(String resource) {
            this.resource = resource;
            return this;
        }

        /**
         * The organization the new token is for.
         *
         * @param organizationId the organization id
         * @return this builder
         */
        public Builder organizationId(String organizationId) {
            this.organizationId = organizationId;
            return this;
        }

        /**
         * The permissions asked for.
         *
         * @param scopes the scopes
         * @return this builder
         */
        public Builder scopes(String... scopes) {
            this.scopes = new LinkedHashSet<>(Arrays.asList(scopes));
            return this;
        }

        /**
         * RFC 8693's {@code audience}, for servers that want it; Logto ignores it.
         *
         * @param audience the audience
         * @return this builder
         */
        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws LogtoException {@link LogtoException.Code#INVALID_ARGUMENT} when a value is blank
         */
        public TokenExchangeRequest build() {
            return new TokenExchangeRequest(subjectToken, subjectTokenType, Optional.ofNullable(actorToken),
                    Optional.ofNullable(resource), Optional.ofNullable(organizationId), scopes,
                    Optional.ofNullable(audience));
        }

        @Override
        public String toString() {
            return "TokenExchangeRequest.Builder{subjectTokenType=" + subjectTokenType + ", resource=" + resource
                    + ", organizationId=" + organizationId + "}";
        }
    }
}
