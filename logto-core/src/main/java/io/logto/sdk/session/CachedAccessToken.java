package io.logto.sdk.session;

import java.util.Objects;

/**
 * An access token cached for one resource (or organization), with the time it stops being used.
 *
 * @param token     the access token (secret; not shown by {@link #toString()})
 * @param scope     the granted scopes, space-separated, or empty
 * @param expiresAt epoch seconds after which the token is refreshed (already includes a safety margin)
 */
public record CachedAccessToken(String token, String scope, long expiresAt) {
    /**
     * Checks the token is present.
     *
     * @param token     the access token (secret; not shown by {@link #toString()})
     * @param scope     the granted scopes, space-separated, or empty
     * @param expiresAt epoch seconds after which the token is refreshed (already includes a safety margin)
     */
    public CachedAccessToken {
        Objects.requireNonNull(token, "token");
        scope = scope == null ? "" : scope;
    }

    /**
     * Whether the token can still be used at {@code nowEpochSeconds}.
     *
     * @param nowEpochSeconds now, in epoch seconds
     * @return whether the token can still be used at {@code nowEpochSeconds}
     */
    public boolean isValidAt(long nowEpochSeconds) {
        return nowEpochSeconds < expiresAt;
    }

    @Override
    public String toString() {
        return "CachedAccessToken{scope=" + scope + ", expiresAt=" + expiresAt + "}";
    }
}
