package io.logto.sdk.servlet;

import io.logto.sdk.LogtoException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The sign-out endpoint (default {@code /sign-out}, GET or POST): forgets the session's Logto data
 * at once (tokens, pending sign-ins, remembered return paths; the application's own session
 * attributes stay), revokes the refresh token, and redirects to Logto's end-session URL, which
 * sends the user on to {@link LogtoServletConfig#postSignOutRedirectUri()} (register it in the
 * Logto Console). When Logto cannot be reached the user is still signed out here and is sent
 * straight to that page.
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
        signOut(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        signOut(request, response);
    }

    private void signOut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ErrorResponses.noStore(response);
        LogtoServletConfig config = web().config();
        PendingReturnPaths.clear(request);
        String target;
        try {
            target = LogtoWeb.await(web().client(request).signOut(config.postSignOutRedirectUri()));
        } catch (LogtoException e) {
            // The local session is already cleared; only Logto's side could not be ended.
            LOG.log(System.Logger.Level.WARNING, "Logto end-session unavailable at sign-out: {0}: {1}",
                    e.code(), e.getMessage());
            target = config.postSignOutRedirectUri();
        }
        response.sendRedirect(target);
    }
}
