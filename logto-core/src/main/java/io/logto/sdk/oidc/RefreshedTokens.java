package io.logto.sdk.oidc;

import java.util.Objects;

/**
 * The result of a refresh: the response, and the refresh token that was actually sent. The two
 * differ from the caller's token when another refresh of the same session rotated it first; the
 * caller then knows which stored token the response may replace. {@link #toString()} shows no token.
 *
 * @param tokens           the token response (its ID token, if any, is verified)
 * @param refreshTokenUsed the refresh token sent to the provider
 */
public record RefreshedTokens(TokenResponse tokens, String refreshTokenUsed) {
    /**
     * Checks both are present.
     *
     * @param tokens           the token response (its ID token, if any, is verified)
     * @param refreshTokenUsed the refresh token sent to the provider
     */
    public RefreshedTokens {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(refreshTokenUsed, "refreshTokenUsed");
    }

    @Override
    public String toString() {
        return "RefreshedTokens{" + tokens + "}";
    }
}
