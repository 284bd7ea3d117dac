package io.logto.sdk.m2m;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An access token Logto issued to the app: by client credentials
 * ({@link ClientCredentialsTokenProvider}) or by token exchange ({@link TokenExchangeClient}).
 * {@link #toString()} never shows the token.
 *
 * <pre>{@code
 * IssuedToken token = tokens.token(ManagementApi.tokenRequest("default")).join();
 * request.header("Authorization", token.authorizationHeader());
 * }</pre>
 *
 * @param accessToken     the token to send to the API; a secret
 * @param tokenType       the token type, {@code Bearer}
 * @param expiresAt       when it expires: the time it was received plus {@code expires_in}; the time
 *                        it was received when the provider gave no lifetime (it then counts as
 *                        expired at once and is never reused)
 * @param scopes          the granted scopes from the response, in order; empty when the response names
 *                        none (Logto leaves {@code scope} out when nothing was granted)
 * @param issuedTokenType RFC 8693's {@code issued_token_type}, when the provider sends one (Logto does not)
 */
public record IssuedToken(String accessToken, String tokenType, Instant expiresAt, Set<String> scopes,
                          Optional<String> issuedTokenType) {
    /**
     * Checks presence and copies the scopes.
     *
     * @param accessToken     the token
     * @param tokenType       the token type
     * @param expiresAt       the expiry
     * @param scopes          the granted scopes
     * @param issuedTokenType the issued token type, if sent
     */
    public IssuedToken {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(tokenType, "tokenType");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        Objects.requireNonNull(issuedTokenType, "issuedTokenType");
    }

    /**
     * The value of an {@code Authorization} header that sends this token.
     *
     * @return {@code Bearer <token>}
     */
    public String authorizationHeader() {
        return "Bearer " + accessToken;
    }

    @Override
    public String toString() {
        return "IssuedToken{accessToken=<redacted>, tokenType=" + tokenType + ", expiresAt=" + expiresAt
                + ", scopes=" + scopes + ", issuedTokenType=" + issuedTokenType.orElse("<none>") + "}";
    }
}
