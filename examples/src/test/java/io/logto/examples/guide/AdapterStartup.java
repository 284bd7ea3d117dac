package io.logto.examples.guide;

import io.logto.sdk.servlet.LogtoAuthFilter;
import io.logto.sdk.servlet.LogtoServletConfig;
import io.logto.sdk.servlet.LogtoWeb;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * The guide's "servlet adapter" shortcut for steps 4 and 5: {@code logto-servlet-adapter} registers
 * {@code /sign-in}, {@code /callback} and {@code /sign-out} and a filter over the protected paths.
 * (Shown in docs/guide.md; compiled and run by {@link GuideAdapterTest}.)
 */
@WebListener
public final class AdapterStartup implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
        // logto.* context parameters, else the LOGTO_* variables of step 3 (with LOGTO_BASE_URL)
        LogtoServletConfig config = LogtoServletConfig.fromInitParameters(event.getServletContext());
        LogtoWeb web = LogtoWeb.create(config);
        web.install(event.getServletContext(), LogtoAuthFilter.builder(web)
                .protect("/protected/*")                                       // signed out: to /sign-in and back
                .protect("/api/*", LogtoAuthFilter.Protection.UNAUTHORIZED)   // signed out: 401 JSON
                .build());
    }
}
