package io.logto.sdk.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import io.logto.sdk.LogtoException;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A successful token endpoint response (RFC 6749 §5.1). Holds tokens: {@link #toString()} shows
 * none of them.
 *
 * @param accessToken  the access token
 * @param tokenType    the token type, {@code Bearer}
 * @param expiresIn    the lifetime in seconds, if the provider said
 * @param scope        the granted scopes, space-separated, or empty
 * @param idToken      an ID token (always after a code exchange, sometimes after a refresh)
 * @param refreshToken a refresh token, when issued or rotated
 */
public record TokenResponse(String accessToken, String tokenType, Optional<Long> expiresIn, String scope,
                            Optional<String> idToken, Optional<String> refreshToken) {
    /**
     * Checks required fields.
     *
     * @param accessToken  the access token
     * @param tokenType    the token type, {@code Bearer}
     * @param expiresIn    the lifetime in seconds, if the provider said
     * @param scope        the granted scopes, space-separated, or empty
     * @param idToken      an ID token (always after a code exchange, sometimes after a refresh)
     * @param refreshToken a refresh token, when issued or rotated
     */
    public TokenResponse {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(tokenType, "tokenType");
        scope = scope == null ? "" : scope;
    }

    static TokenResponse fromJson(JsonNode json) {
        JsonNode access = json.get("access_token");
        if (access == null || !access.isTextual() || access.asText().isEmpty()) {
            throw invalid("has no access_token");
        }
        String type = json.path("token_type").asText("");
        if (!type.toLowerCase(Locale.ROOT).equals("bearer")) {
            throw invalid("has token_type '" + ProviderText.quote(type) + "', not Bearer");
        }
        JsonNode expires = json.get("expires_in");
        Optional<Long> expiresIn = expires != null && expires.canConvertToLong() && expires.asLong() >= 0
                ? Optional.of(expires.asLong()) : Optional.empty();
        return new TokenResponse(access.asText(), type, expiresIn, json.path("scope").asText(""),
                text(json, "id_token"), text(json, "refresh_token"));
    }

    private static Optional<String> text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node != null && node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static LogtoException invalid(String why) {
        return new LogtoException(LogtoException.Code.TOKEN_REQUEST_FAILED, "the token response " + why);
    }

    @Override
    public String toString() {
        return "TokenResponse{tokenType=" + tokenType + ", expiresIn=" + expiresIn + ", scope=" + scope
                + ", idToken=" + (idToken.isPresent() ? "<redacted>" : "<none>")
                + ", refreshToken=" + (refreshToken.isPresent() ? "<redacted>" : "<none>") + "}";
    }
}
