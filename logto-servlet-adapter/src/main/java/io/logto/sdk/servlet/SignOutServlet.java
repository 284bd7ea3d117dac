package io.logto.sdk.servlet;

import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The sign-out endpoint (default {@code /sign-out}). Signing out changes state, so another site must
 * not be able to do it for the user: only a {@code POST} carrying the session's anti-forgery token
 * (rendered by {@link SignOutForm}) signs out, and not when the browser marks it cross-site or its
 * {@code Origin} is foreign.
 *
 * <ul>
 *   <li>{@code POST} with the token: forgets the session's Logto data at once (tokens, pending
 *       sign-ins, remembered return paths, the token itself; the application's own session
 *       attributes stay), revokes the refresh token, and answers {@code 303} to Logto's end-session
 *       URL, which sends the user on to {@link LogtoServletConfig#postSignOutRedirectUri()} (register
 *       it in the Logto Console). When Logto cannot be reached the user is still signed out here and
 *       is sent straight to that page.</li>
 *   <li>{@code GET} (an old {@code <a href="/sign-out">} link), or a {@code POST} without a valid
 *       token: a small page with one "Sign out" button that posts the token ({@code 200} for a GET,
 *       {@code 403} for a refused POST); the page cannot be framed, so it cannot be clicked for the
 *       user. Nothing changes until the user presses it.</li>
 *   <li>No Logto session at all: nothing to do; a redirect to the post-sign-out page.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class SignOutServlet extends LogtoEndpoint {
    private static final System.Logger LOG = System.getLogger(SignOutServlet.class.getName());

    /** For web.xml: the {@link LogtoWeb} is looked up in the servlet context at {@link #init()}. */
    public SignOutServlet() {
        super(null);
    }

    /**
     * An endpoint of {@code web}.
     *
     * @param web the application's {@link LogtoWeb}
     */
    public SignOutServlet(LogtoWeb web) {
        super(web);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ErrorResponses.noStore(response);
        if (!hasLogtoSession(web().client(request))) {
            seeOther(response, web().config().postSignOutRedirectUri());
            return;
        }
        confirmPage(request, response, HttpServletResponse.SC_OK);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ErrorResponses.noStore(response);
        LogtoServletConfig config = web().config();
        LogtoClient client = web().client(request);
        if (!CsrfToken.accepts(request, config)) {
            if (hasLogtoSession(client)) {
                LOG.log(System.Logger.Level.INFO, "Sign-out refused: no valid anti-forgery token (Sec-Fetch-Site={0})",
                        request.getHeader("Sec-Fetch-Site"));
                confirmPage(request, response, HttpServletResponse.SC_FORBIDDEN);
            } else {
                seeOther(response, config.postSignOutRedirectUri());
            }
            return;
        }
        PendingReturnPaths.clear(request);
        CsrfToken.forget(request);
        String target;
        try {
            target = LogtoWeb.await(client.signOut(config.postSignOutRedirectUri()));
        } catch (LogtoException e) {
            // The local session is already cleared; only Logto's side could not be ended.
            LOG.log(System.Logger.Level.WARNING, "Logto end-session unavailable at sign-out: {0}: {1}",
                    e.code(), e.getMessage());
            target = config.postSignOutRedirectUri();
        }
        seeOther(response, target);
    }

    /** Whether the session holds Logto tokens (a signed-in or an ended-but-not-cleared session). */
    private static boolean hasLogtoSession(LogtoClient client) {
        return client.getIdToken().isPresent() || client.getRefreshToken().isPresent();
    }

    private void confirmPage(HttpServletRequest request, HttpServletResponse response, int status) throws IOException {
        LogtoServletConfig config = web().config();
        String form = ErrorResponses.postForm(config.url(config.signOutPath()), SignOutForm.hiddenField(request), "Sign out");
        ErrorResponses.html(response, status, "Sign out", "<p>Do you want to sign out?</p>\n" + form + "\n");
    }

    /** {@code 303}: the browser follows with a GET, whatever the method of this request. */
    private static void seeOther(HttpServletResponse response, String location) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
    }
}
