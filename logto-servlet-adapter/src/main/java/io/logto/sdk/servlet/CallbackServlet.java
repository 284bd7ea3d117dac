package io.logto.sdk.servlet;

import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The callback endpoint (default {@code /callback}; register {@link LogtoServletConfig#redirectUri()}
 * in the Logto Console): completes the sign-in, rotates the session id against session fixation
 * ({@link HttpServletRequest#changeSessionId()}) and redirects to the path remembered at sign-in.
 *
 * <p>A failed callback — Logto's {@code error=access_denied}, a state that matches no sign-in of
 * this session, a missing or expired sign-in (the Back button, a lost cookie), a failed code
 * exchange — ends in {@code 400} (or {@code 502} when Logto itself failed) with a small HTML page,
 * or in a redirect to the configured {@link LogtoServletConfig#errorPath() error page} with
 * {@code ?code=<machine code>} (and {@code &error=<provider error>} when Logto sent one). No stack
 * trace is shown and no tokens are stored: the session stays as it was, or without the consumed
 * sign-in attempt. A callback replayed after the user is already signed in (the Back button right
 * after sign-in) just returns to the default path.
 *
 * <p>The callback URL handed to the SDK is built from the configured base URL, not from the
 * request's host. Thread-safe.
 */
public final class CallbackServlet extends LogtoEndpoint {
    private static final System.Logger LOG = System.getLogger(CallbackServlet.class.getName());

    /** For web.xml: the {@link LogtoWeb} is looked up in the servlet context at {@link #init()}. */
    public CallbackServlet() {
        super(null);
    }

    /**
     * An endpoint of {@code web}.
     *
     * @param web the application's {@link LogtoWeb}
     */
    public CallbackServlet(LogtoWeb web) {
        super(web);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ErrorResponses.noStore(response);
        LogtoServletConfig config = web().config();
        String query = request.getQueryString();
        String callbackUrl = config.redirectUri() + (query == null ? "" : "?" + query);
        LogtoClient client = web().client(request);
        try {
            LogtoWeb.await(client.handleSignInCallback(callbackUrl));
        } catch (LogtoException e) {
            failed(request, response, client, e);
            return;
        }
        String returnTo = PendingReturnPaths.take(request, singleParameter(request, "state"))
                .orElse(config.defaultReturnPath());
        // A new session id and a new anti-forgery token: values seen before sign-in are worth nothing after it.
        CsrfToken.forget(request);
        web().renewSessionId(request);
        response.sendRedirect(config.url(returnTo));
    }

    private void failed(HttpServletRequest request, HttpServletResponse response, LogtoClient client,
                        LogtoException e) throws IOException {
        LogtoServletConfig config = web().config();
        if (e.code() == LogtoException.Code.SIGN_IN_SESSION_NOT_FOUND && LogtoWeb.await(client.isAuthenticated())) {
            response.sendRedirect(config.url(config.defaultReturnPath()));
            return;
        }
        // A failure the app's owner must act on (wrong app secret, Logto unreachable) is a WARNING;
        // one a visitor causes (an old or forged callback) is INFO.
        LOG.log(ErrorResponses.status(e) >= 500 ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                "Sign-in callback rejected: {0}: {1}", e.code(), e.getMessage());
        PendingReturnPaths.take(request, singleParameter(request, "state"));
        if (config.errorPath().isPresent()) {
            String page = config.errorPath().get();
            var target = new StringBuilder(config.url(page)).append(page.contains("?") ? '&' : '?')
                    .append("code=").append(ErrorResponses.machineCode(e));
            ErrorResponses.plainErrorCode(e).ifPresent(error ->
                    target.append("&error=").append(URLEncoder.encode(error, StandardCharsets.UTF_8)));
            response.sendRedirect(target.toString());
            return;
        }
        ErrorResponses.signInFailed(response, e, config.url(config.signInPath()));
    }

    private static String singleParameter(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        return values != null && values.length == 1 ? values[0] : null;
    }
}
