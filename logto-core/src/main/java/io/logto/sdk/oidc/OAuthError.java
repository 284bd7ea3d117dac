package io.logto.sdk.oidc;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.Optional;

/**
 * The OAuth error of a refused token-endpoint request (RFC 6749 §5.2): its {@code error} and
 * {@code error_description}, read from a JSON body when there is one. Logto adds its own
 * {@code code} and {@code message}, which are ignored.
 *
 * @param error       the OAuth error code, e.g. {@code invalid_client}
 * @param description the provider's description, if any (not sanitized here: {@code LogtoException} does it)
 */
record OAuthError(String error, Optional<String> description) {
    /** The error of {@code response}, or empty when its body is not a JSON object with a string {@code error}. */
    static Optional<OAuthError> of(HttpTransport.Response response) {
        if (!response.isJson()) {
            return Optional.empty();
        }
        try {
            JsonNode json = HttpTransport.JSON.readTree(response.body());
            if (json == null || !json.isObject() || !json.path("error").isTextual()) {
                return Optional.empty();
            }
            JsonNode description = json.path("error_description");
            return Optional.of(new OAuthError(json.get("error").asText(),
                    description.isTextual() ? Optional.of(description.asText()) : Optional.empty()));
        } catch (IOException e) {
            return Optional.empty(); // the status alone tells the story
        }
    }
}
