package io.logto.sdk.servlet;

import io.logto.sdk.LogtoException;
import io.logto.sdk.resourceserver.BearerError;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The answers of {@link LogtoBearerFilter} when it does not let a request through: an RFC 6750 §3
 * challenge in {@code WWW-Authenticate} and a small JSON body saying the same. Descriptions are fixed
 * texts per failure, never the token or the provider's words, so they are safe in a header and a body.
 */
final class BearerResponses {
    /** The JSON {@code error} of a request that sent no token (RFC 6750 §3.1: no error code in the challenge). */
    static final String UNAUTHORIZED = "unauthorized";

    private BearerResponses() {
    }

    /** 401 with a bare {@code Bearer realm="…"} challenge: the request sent no bearer token. */
    static void noToken(HttpServletResponse response, String realm) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=" + quoted(realm));
        write(response, HttpServletResponse.SC_UNAUTHORIZED, UNAUTHORIZED,
                "This API needs an access token: send Authorization: Bearer <token>.", Set.of());
    }

    /** 400, 401 or 403 with {@code error}, {@code error_description} and, for 403, the needed {@code scope}. */
    static void refused(HttpServletResponse response, String realm, BearerError error, String description,
                        Set<String> neededScopes) throws IOException {
        var challenge = new StringBuilder("Bearer realm=").append(quoted(realm))
                .append(", error=").append(quoted(error.errorCode()))
                .append(", error_description=").append(quoted(description));
        Set<String> scopes = error == BearerError.INSUFFICIENT_SCOPE ? neededScopes : Set.of();
        if (!scopes.isEmpty()) {
            challenge.append(", scope=").append(quoted(String.join(" ", scopes)));
        }
        response.setHeader("WWW-Authenticate", challenge.toString());
        write(response, error.httpStatus(), error.errorCode(), description, scopes);
    }

    /** 503: the token could not be checked because Logto (discovery, keys) could not be reached. */
    static void unavailable(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", "5");
        write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "temporarily_unavailable",
                "The access token cannot be checked now: Logto is unreachable.", Set.of());
    }

    /** A sentence about a refused token, for {@code error_description}; fixed text per code. */
    static String describe(LogtoException.Code code) {
        return switch (code) {
            case ACCESS_TOKEN_MALFORMED -> "The access token is malformed.";
            case ACCESS_TOKEN_SIGNATURE_INVALID -> "The access token signature is invalid.";
            case ACCESS_TOKEN_TYPE_INVALID -> "The token is not an access token.";
            case ACCESS_TOKEN_ISSUER_MISMATCH -> "The access token is from another issuer.";
            case ACCESS_TOKEN_AUDIENCE_MISMATCH -> "The access token is not for this API.";
            case ACCESS_TOKEN_EXPIRED -> "The access token has expired.";
            case ACCESS_TOKEN_NOT_YET_VALID -> "The access token is not valid yet.";
            case ACCESS_TOKEN_CLAIMS_INVALID -> "The access token lacks required claims.";
            case ACCESS_TOKEN_INSUFFICIENT_SCOPE -> "The access token lacks a required scope.";
            case ACCESS_TOKEN_ORGANIZATION_MISMATCH -> "The access token is not for this organization.";
            default -> "The access token was refused.";
        };
    }

    private static void write(HttpServletResponse response, int status, String error, String description,
                              Set<String> scopes) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType("application/json;charset=UTF-8");
        var json = new StringBuilder("{\"error\":").append(jsonString(error))
                .append(",\"error_description\":").append(jsonString(description));
        if (!scopes.isEmpty()) {
            json.append(",\"scope\":").append(jsonString(String.join(" ", scopes)));
        }
        byte[] body = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** An RFC 7230 quoted-string. */
    static String quoted(String value) {
        var out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return out.append('"').toString();
    }

    /** A JSON string of adapter-made text (no control characters), escaped. */
    private static String jsonString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
