package io.logto.sdk.servlet;

import io.logto.sdk.BackChannelLogout;
import io.logto.sdk.LogtoException;
import io.logto.sdk.VerifiedLogout;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The back-channel logout endpoint (OpenID Connect Back-Channel Logout 1.0; enabled with
 * {@link LogtoServletConfig.Builder#backChannelLogoutPath(String)}, e.g. {@code /backchannel-logout};
 * enter {@link LogtoServletConfig#backChannelLogoutUri()} in the Logto Console, application details →
 * "Backchannel logout"). Logto calls it, server to server, when a user's Logto session ends; it
 * verifies the {@code logout_token} ({@link BackChannelLogout}) and writes the sessions that ended
 * into the app's {@link EndedSessions}, where every node finds them on the user's next request.
 *
 * <ul>
 *   <li>Only {@code POST} with {@code Content-Type: application/x-www-form-urlencoded} and a body of
 *       at most {@value #MAX_BODY_BYTES} bytes holding exactly one {@code logout_token} (the query
 *       string is not read) — anything else is {@code 400} (another method {@code 405}).</li>
 *   <li>A verified token: {@code 200}, empty body. A refused one (§2.6: signature, {@code typ},
 *       {@code iss}, {@code aud}, times, {@code events}, {@code nonce}, replay…), or one that could
 *       not be checked or recorded (Logto's keys unreachable, the record's database down): {@code 400}
 *       with {@code {"error":"invalid_request","error_description":…}} (§2.8); nothing is ended.</li>
 *   <li>Every answer has {@code Cache-Control: no-store}; none is a redirect or a page, and no
 *       session is created or read.</li>
 * </ul>
 *
 * <p>Logto waits 2.5 s for the answer and never retries, so the key set should be cached already
 * (it is after the first sign-in). Thread-safe.
 */
public final class BackChannelLogoutServlet extends LogtoEndpoint {
    /** The largest request body read: a logout token is at most 16 KiB, and the form adds its name. */
    public static final int MAX_BODY_BYTES = 32 * 1024;

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(BackChannelLogoutServlet.class.getName());
    private static final String FORM = "application/x-www-form-urlencoded";
    /** How much of an oversized body is read and dropped before the 400 (see {@link #logoutToken}). */
    private static final long DRAINED_BYTES = 256 * 1024;

    /** For web.xml: the {@link LogtoWeb} is looked up in the servlet context at {@link #init()}. */
    public BackChannelLogoutServlet() {
        super(null);
    }

    /**
     * An endpoint of {@code web}.
     *
     * @param web the application's {@link LogtoWeb}
     */
    public BackChannelLogoutServlet(LogtoWeb web) {
        super(web);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            ErrorResponses.jsonError(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "invalid_request",
                    "back-channel logout takes a POST");
            return;
        }
        String token;
        try {
            token = logoutToken(request);
        } catch (BadRequest e) {
            refuse(response, e.getMessage());
            return;
        }
        VerifiedLogout logout;
        try {
            logout = LogtoWeb.await(web().core().backChannelLogout().verify(token));
        } catch (LogtoException e) {
            if (isRefusal(e.code())) {
                LOG.log(System.Logger.Level.INFO, "Back-channel logout refused: {0}: {1}", e.code(), e.getMessage());
                refuse(response, e.getMessage());
            } else {
                LOG.log(System.Logger.Level.WARNING, "Back-channel logout not checked: {0}: {1}", e.code(),
                        e.getMessage());
                refuse(response, "the logout token could not be checked; nothing was ended");
            }
            return;
        }
        try {
            web().endedSessions().record(logout, web().core().clock().instant());
        } catch (LogtoException e) {
            LOG.log(System.Logger.Level.WARNING, "Back-channel logout not recorded: {0}: {1}", e.code(), e.getMessage());
            refuse(response, "the logout could not be recorded; nothing was ended");
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "Back-channel logout recorded ({0})",
                logout.isSessionScoped() ? "one provider session" : "all sessions of a user");
        ErrorResponses.noStore(response);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentLength(0);
    }

    /** The single {@code logout_token} of a bounded form body. */
    private static String logoutToken(HttpServletRequest request) throws IOException, BadRequest {
        String contentType = request.getContentType();
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(FORM)) {
            throw new BadRequest("the content type must be " + FORM);
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                // Read a little more, so that a client still sending gets the answer rather than a
                // reset; a body beyond that is cut off with the connection.
                in.skipNBytes(Math.min(DRAINED_BYTES, Math.max(0, request.getContentLengthLong() - body.length)));
                throw new BadRequest("the body is longer than " + MAX_BODY_BYTES + " bytes");
            }
        }
        if (body.length == 0) {
            // A filter of the app read a request parameter first, and the container parsed the body then.
            return alreadyParsed(request);
        }
        String token = null;
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name.equals(BackChannelLogout.FORM_FIELD)) {
                if (token != null) {
                    throw new BadRequest("logout_token is repeated");
                }
                token = eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        if (token == null || token.isEmpty()) {
            throw new BadRequest("logout_token is missing");
        }
        return token;
    }

    /**
     * The {@code logout_token} of a form the container has already parsed: only when the query
     * string does not name one too (the parameters mix both, and the token must come from the body).
     */
    private static String alreadyParsed(HttpServletRequest request) throws BadRequest {
        String query = request.getQueryString();
        if (query != null && (query.startsWith(BackChannelLogout.FORM_FIELD + "=")
                || query.contains("&" + BackChannelLogout.FORM_FIELD + "="))) {
            throw new BadRequest("logout_token must be in the body, not in the query");
        }
        String[] values = request.getParameterValues(BackChannelLogout.FORM_FIELD);
        if (values == null || values.length == 0 || values[0].isEmpty()) {
            throw new BadRequest("logout_token is missing");
        }
        if (values.length > 1) {
            throw new BadRequest("logout_token is repeated");
        }
        if (values[0].length() > MAX_BODY_BYTES) {
            throw new BadRequest("the body is longer than " + MAX_BODY_BYTES + " bytes");
        }
        return values[0];
    }

    private static String decode(String formValue) throws BadRequest {
        try {
            return URLDecoder.decode(formValue, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the form is not url-encoded");
        }
    }

    /** Whether the token itself was refused (rather than not checked). */
    private static boolean isRefusal(LogtoException.Code code) {
        return switch (code) {
            case LOGOUT_TOKEN_MALFORMED, LOGOUT_TOKEN_TYPE_INVALID, LOGOUT_TOKEN_SIGNATURE_INVALID,
                    LOGOUT_TOKEN_CLAIMS_INVALID, LOGOUT_TOKEN_REPLAYED -> true;
            default -> false;
        };
    }

    /** §2.8: {@code 400} and an OAuth error body. */
    private static void refuse(HttpServletResponse response, String description) throws IOException {
        ErrorResponses.jsonError(response, HttpServletResponse.SC_BAD_REQUEST, "invalid_request", description);
    }

    /** A request that is not a back-channel logout request; its message is the error description. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
