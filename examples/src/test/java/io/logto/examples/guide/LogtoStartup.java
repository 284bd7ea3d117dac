package io.logto.examples.guide;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoScopes;
import io.logto.sdk.OidcCore;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.util.List;
import java.util.Objects;

/**
 * The guide's configuration step: read the settings, build the shared {@link OidcCore} once, and
 * register {@link AuthServlet} on {@code "/"} when the web app starts (any Servlet 6 container).
 * (Shown in docs/guide.md; compiled here.)
 */
@WebListener
public final class LogtoStartup implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
        LogtoConfig config = LogtoConfig.builder()
                .endpoint(System.getenv("LOGTO_ENDPOINT"))     // e.g. https://your-tenant.logto.app
                .appId(System.getenv("LOGTO_APP_ID"))
                .appSecret(System.getenv("LOGTO_APP_SECRET"))
                .scopes(List.of(LogtoScopes.EMAIL))            // openid, profile, offline_access are always asked
                .build();
        OidcCore core = OidcCore.create(config);               // once per app: HTTP client, discovery and key caches
        String baseUrl = Objects.requireNonNullElse(System.getenv("LOGTO_BASE_URL"), "http://localhost:8080");

        event.getServletContext().addServlet("logto", new AuthServlet(core, baseUrl)).addMapping("/");
    }
}
