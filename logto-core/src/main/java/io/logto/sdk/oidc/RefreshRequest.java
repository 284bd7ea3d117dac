package io.logto.sdk.oidc;

import java.util.Objects;
import java.util.Optional;

/**
 * One refresh-token grant. Holds the refresh token: {@link #toString()} does not show it.
 *
 * @param refreshToken    the refresh token to send (the newest one, if another refresh rotated it first)
 * @param target          what the new access token is for
 * @param expectedSubject the signed-in user, whom an ID token in the response must name; empty when
 *                        the stored ID token cannot be read
 */
public record RefreshRequest(String refreshToken, TokenTarget target, Optional<String> expectedSubject) {
    /**
     * Checks that no field is missing.
     *
     * @param refreshToken    the refresh token to send (the newest one, if another refresh rotated it first)
     * @param target          what the new access token is for
     * @param expectedSubject the signed-in user, whom an ID token in the response must name; empty when the
     *                        stored ID token cannot be read
     */
    public RefreshRequest {
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(expectedSubject, "expectedSubject");
    }

    @Override
    public String toString() {
        return "RefreshRequest{target=" + target + "}";
    }
}
