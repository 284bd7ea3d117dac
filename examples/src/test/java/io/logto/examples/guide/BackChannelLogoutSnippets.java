package io.logto.examples.guide;

import io.logto.sdk.OidcCore;
import io.logto.sdk.VerifiedLogout;
import io.logto.sdk.servlet.JdbcEndedSessions;
import io.logto.sdk.servlet.LogtoServletConfig;
import io.logto.sdk.servlet.LogtoWeb;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.http.HttpServletRequest;

import javax.sql.DataSource;

/**
 * The back-channel logout snippets of docs/guide.md and docs/es/guia.md, compiled so that they keep
 * matching the SDK. Not run: they need a real Logto (the adapter's tests run the same calls).
 */
@SuppressWarnings("unused")
final class BackChannelLogoutSnippets {
    private BackChannelLogoutSnippets() {
    }

    static LogtoWeb oneNode(ServletContextEvent event) {
        LogtoServletConfig config = LogtoServletConfig.fromInitParameters(event.getServletContext()).toBuilder()
                .backChannelLogoutPath("/backchannel-logout")   // or the context parameter logto.backChannelLogoutPath
                .build();
        LogtoWeb web = LogtoWeb.create(config);
        return web;
    }

    static LogtoWeb manyNodes(LogtoServletConfig config, DataSource sessionDataSource) {
        LogtoWeb web = LogtoWeb.create(config)
                .withEndedSessions(JdbcEndedSessions.builder(sessionDataSource).build());
        return web;
    }

    static void coreOnly(OidcCore core, HttpServletRequest request) {
        VerifiedLogout logout = core.backChannelLogout().verify(request.getParameter("logout_token")).join();
    }
}
