package io.logto.sdk.servlet;

import io.logto.sdk.LogtoException;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Every error response the adapter writes, and how a failure maps onto one: the HTTP status of a
 * {@link LogtoException} code, its machine code and a sentence for the user, an HTML page, a JSON
 * body, and the no-store headers. Every text that may come from outside (the provider's error and
 * description) is HTML-escaped; no stack trace, token or code is ever written.
 */
final class ErrorResponses {
    private ErrorResponses() {
    }

    /** Forbids caching: sign-in responses are per user and single-use. */
    static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
    }

    /** The machine code of a failure, e.g. {@code callback_state_mismatch}. */
    static String machineCode(LogtoException e) {
        return e.code().name().toLowerCase(Locale.ROOT);
    }

    /** The HTTP status for a failed sign-in step: 400 for a bad callback, 502 when Logto failed. */
    static int status(LogtoException e) {
        return switch (e.code()) {
            case TOKEN_REQUEST_FAILED, DISCOVERY_FAILED, JWKS_FAILED, ID_TOKEN_INVALID, USERINFO_FAILED,
                    END_SESSION_NOT_SUPPORTED -> HttpServletResponse.SC_BAD_GATEWAY;
            case STORAGE_FAILED, STORAGE_CORRUPT, INVALID_CONFIG, CLIENT_AUTHENTICATION_FAILED ->
                    HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            default -> HttpServletResponse.SC_BAD_REQUEST;
        };
    }

    /** A sentence for the user about a failure; fixed text, never the provider's. */
    static String explain(LogtoException e) {
        return switch (e.code()) {
            case SIGN_IN_SESSION_NOT_FOUND -> "This sign-in is no longer pending: it was already completed, it "
                    + "expired, or the browser did not send the session cookie back (check the cookie's SameSite, "
                    + "domain and path settings, and any proxy in between).";
            case CALLBACK_STATE_MISMATCH -> "The sign-in response does not belong to a sign-in started in this "
                    + "browser session (state mismatch).";
            case CALLBACK_ERROR -> "Logto did not complete the sign-in.";
            case CALLBACK_REDIRECT_URI_MISMATCH -> "The sign-in response arrived at another address than the one "
                    + "the sign-in started with (redirect URI mismatch): check the configured base URL.";
            case CALLBACK_ISSUER_MISMATCH -> "The sign-in response names another identity provider (issuer mismatch).";
            case CALLBACK_INVALID -> "The sign-in response is malformed.";
            case ID_TOKEN_INVALID -> "The identity token from Logto failed verification.";
            case TOKEN_REQUEST_FAILED, DISCOVERY_FAILED, JWKS_FAILED, USERINFO_FAILED ->
                    "Logto could not be reached or refused the request. Please try again later.";
            // The app's owner must fix the app ID or secret; the log says so (WARNING), the user cannot.
            case CLIENT_AUTHENTICATION_FAILED -> "Sign-in is not set up correctly on this site. Please try again "
                    + "later, or tell the site's administrators.";
            default -> "The sign-in could not be completed.";
        };
    }

    /** Writes a small HTML page about a failed sign-in, with a link to try again. */
    static void signInFailed(HttpServletResponse response, LogtoException e, String retryUrl) throws IOException {
        var body = new StringBuilder(512);
        body.append("<p>").append(escape(explain(e))).append("</p>\n");
        e.error().ifPresent(error -> body.append("<p>Error: <code>").append(escape(error)).append("</code>"));
        e.errorDescription().ifPresent(d -> body.append(" — ").append(escape(d)));
        if (e.error().isPresent()) {
            body.append("</p>\n");
        }
        body.append("<p>Code: <code>").append(escape(machineCode(e))).append("</code></p>\n");
        body.append("<p><a href=\"").append(escape(retryUrl)).append("\">Sign in again</a></p>\n");
        html(response, status(e), "Sign-in failed", body.toString());
    }

    /**
     * The adapter's pages' own small layout (it cannot know the app's): readable type, a centred
     * column, buttons and links spaced like the examples' pages.
     */
    static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;"
            + "padding:0 1rem;line-height:1.5}a,button{margin-right:1rem}code{background:#f4f4f4;padding:0 .2rem}"
            + ".error{color:#a00}";
    /** The CSP source that allows exactly {@link #STYLE} and no other inline style. */
    private static final String STYLE_HASH = "'sha256-" + sha256Base64(STYLE) + "'";

    /** Writes a small HTML page with a fixed title and an already-escaped body. */
    static void html(HttpServletResponse response, int status, String title, String escapedBody) throws IOException {
        noStore(response);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        // Not framable: the sign-out and sign-in confirmation pages must not be clickable for the user.
        // No scripts, no other source; only the layout's own style, by its hash.
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src " + STYLE_HASH
                + "; frame-ancestors 'none'; form-action 'self'");
        response.setHeader("X-Frame-Options", "DENY");
        String page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title)
                + "</title><style>" + STYLE + "</style></head>\n<body>\n<h1>" + escape(title) + "</h1>\n"
                + escapedBody + "</body></html>\n";
        response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256Base64(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** A form with one button that posts {@code hiddenFields} (already HTML) to {@code action}. */
    static String postForm(String action, String hiddenFields, String buttonLabel) {
        return "<form method=\"post\" action=\"" + escape(action) + "\">" + hiddenFields
                + "<button type=\"submit\">" + escape(buttonLabel) + "</button></form>";
    }

    /** Writes {@code {"error":"<code>"}}; {@code code} is one of the adapter's constants. */
    static void json(HttpServletResponse response, int status, String code) throws IOException {
        noStore(response);
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.getOutputStream().write(("{\"error\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code {"error":"<error>","error_description":"<description>"}} (OAuth 2.0 §5.2 style);
     * {@code error} is one of the adapter's constants, {@code description} the adapter's own text.
     */
    static void jsonError(HttpServletResponse response, int status, String error, String description)
            throws IOException {
        noStore(response);
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        String body = "{\"error\":\"" + error + "\",\"error_description\":\"" + jsonEscape(description) + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Escapes text for a JSON string: quotes, backslashes and control characters. */
    static String jsonEscape(String text) {
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** An OAuth-style error value safe to put in a URL and a page, or empty. */
    static Optional<String> plainErrorCode(LogtoException e) {
        return e.error().filter(error -> error.matches("[A-Za-z0-9_.-]{1,64}"));
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
