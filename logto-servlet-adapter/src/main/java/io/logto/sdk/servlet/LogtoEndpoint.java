package io.logto.sdk.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;

/**
 * What the three endpoints share: the {@link LogtoWeb} they serve, given in code or, for web.xml,
 * looked up in the servlet context at {@link #init()}.
 */
abstract class LogtoEndpoint extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private transient LogtoWeb web;

    LogtoEndpoint(LogtoWeb web) {
        this.web = web;
    }

    @Override
    public void init() throws ServletException {
        if (web == null) {
            web = LogtoWeb.from(getServletContext());
        }
    }

    /** The shared {@link LogtoWeb}. */
    final LogtoWeb web() {
        return web;
    }
}
