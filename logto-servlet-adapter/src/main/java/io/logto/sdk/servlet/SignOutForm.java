package io.logto.sdk.servlet;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Objects;

/**
 * What a page needs to offer sign-out: the sign-out endpoint takes only a {@code POST} that carries
 * the session's anti-forgery token, so that another site cannot sign your users out (see
 * {@link SignOutServlet}). Render one of these in your pages:
 *
 * <pre>{@code
 * // the whole form: <form method="post" action="https://app.example.com/sign-out">…<button>Sign out</button></form>
 * out.print(SignOutForm.button(request, "Sign out"));
 *
 * // or, in your own form or template:
 * out.print("<form method=\"post\" action=\"/sign-out\">" + SignOutForm.hiddenField(request)
 *         + "<button type=\"submit\">Sign out</button></form>");
 *
 * // or, for a fetch() call: header X-Logto-CSRF with the token
 * String token = SignOutForm.token(request);
 * }</pre>
 *
 * <p>The token belongs to the user's session: the same for all pages of a session, a new one after
 * each sign-in. Asking for it creates the session if there is none (only signed-in users need a
 * sign-out button). Stateless and thread-safe.
 */
public final class SignOutForm {
    /** The form field that carries the token. */
    public static final String PARAMETER = "logto_csrf";
    /** The request header that may carry the token instead (for scripts). */
    public static final String HEADER = "X-Logto-CSRF";

    private SignOutForm() {
    }

    /**
     * The session's anti-forgery token (base64url, no HTML escaping needed).
     *
     * @param request the current request; its session is created if there is none
     * @return the token
     */
    public static String token(HttpServletRequest request) {
        return CsrfToken.of(Objects.requireNonNull(request, "request"));
    }

    /**
     * {@code <input type="hidden" name="logto_csrf" value="…">}, to put inside your own sign-out form.
     *
     * @param request the current request; its session is created if there is none
     * @return the hidden input, HTML
     */
    public static String hiddenField(HttpServletRequest request) {
        return "<input type=\"hidden\" name=\"" + PARAMETER + "\" value=\"" + ErrorResponses.escape(token(request)) + "\">";
    }

    /**
     * A complete sign-out form: one button labelled {@code label} (HTML-escaped here) that posts the
     * token to the configured sign-out endpoint. Needs the {@link LogtoWeb} installed in the
     * request's servlet context.
     *
     * @param request the current request; its session is created if there is none
     * @param label   the button's text
     * @return the form, HTML
     */
    public static String button(HttpServletRequest request, String label) {
        LogtoServletConfig config = LogtoWeb.from(request.getServletContext()).config();
        return ErrorResponses.postForm(config.url(config.signOutPath()), hiddenField(request),
                Objects.requireNonNull(label, "label"));
    }
}
