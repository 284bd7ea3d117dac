package io.logto.sdk.oidc;

import java.util.Optional;

/**
 * A token the app got for itself (client credentials) or by token exchange. {@link #toString()}
 * shows no token.
 *
 * @param response        the token endpoint's answer
 * @param issuedTokenType RFC 8693's {@code issued_token_type}, when the provider sends it (Logto does not)
 */
public record GrantedToken(TokenResponse response, Optional<String> issuedTokenType) {
}
