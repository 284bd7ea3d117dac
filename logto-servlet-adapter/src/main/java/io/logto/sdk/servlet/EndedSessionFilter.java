package io.logto.sdk.servlet;

import io.logto.sdk.LogtoException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Installed on {@code /*}, before every other filter (but the one that reads encrypted-cookie
 * sessions, {@link CookieSessions}), when back-channel logout is on: makes the
 * request's first {@link LogtoWeb#client} call, which signs out a session that Logto ended
 * (see {@link EndedSessions}), so that no servlet, filter or page of the app ever sees it signed in
 * — on public pages too, and whether or not the app asks Logto anything on that path. Requests
 * without a session pass untouched (none is created). When the record cannot be read the request is
 * answered {@code 503} rather than let through unchecked. Thread-safe.
 */
final class EndedSessionFilter implements Filter {
    private static final System.Logger LOG = System.getLogger(EndedSessionFilter.class.getName());

    private final LogtoWeb web;

    EndedSessionFilter(LogtoWeb web) {
        this.web = web;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (req instanceof HttpServletRequest request && res instanceof HttpServletResponse response) {
            try {
                web.client(request);
            } catch (LogtoException e) {
                if (e.code() != LogtoException.Code.STORAGE_FAILED) {
                    throw e;
                }
                LOG.log(System.Logger.Level.WARNING, "Ended sessions could not be checked: {0}", e.getMessage());
                ErrorResponses.json(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "session_check_unavailable");
                return;
            }
        }
        chain.doFilter(req, res);
    }
}
