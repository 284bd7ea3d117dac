package io.logto.sdk.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.util.Arrays;
import java.util.List;

/**
 * Logto for an application configured only by web.xml: declare this listener and it builds the
 * {@link LogtoWeb} from {@link LogtoServletConfig#fromInitParameters(ServletContext) the context
 * parameters} (falling back to the {@code LOGTO_*} environment variables) and installs the endpoints
 * and the protection filter.
 *
 * <pre>{@code
 * <listener><listener-class>io.logto.sdk.servlet.LogtoContextListener</listener-class></listener>
 * <context-param><param-name>logto.protect</param-name><param-value>/protected/*</param-value></context-param>
 * <context-param><param-name>logto.protectWithStatus</param-name><param-value>/api/*</param-value></context-param>
 * }</pre>
 *
 * <p>{@code logto.protect}: comma-separated URL patterns that redirect to sign-in;
 * {@code logto.protectWithStatus}: patterns that answer {@code 401} with a JSON body instead. The
 * endpoint paths and the rest come from the parameters listed at
 * {@link LogtoServletConfig#fromInitParameters(ServletContext)}. Stateless; thread-safe.
 */
public final class LogtoContextListener implements ServletContextListener {
    /** Context parameter: URL patterns that redirect to sign-in. */
    public static final String PROTECT = "logto.protect";
    /** Context parameter: URL patterns that answer {@code 401} when not signed in. */
    public static final String PROTECT_WITH_STATUS = "logto.protectWithStatus";

    /** Created by the container. */
    public LogtoContextListener() {
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        LogtoWeb web = LogtoWeb.create(LogtoServletConfig.fromInitParameters(context));
        var filter = LogtoAuthFilter.builder(web);
        patterns(context, PROTECT).forEach(filter::protect);
        patterns(context, PROTECT_WITH_STATUS).forEach(p -> filter.protect(p, LogtoAuthFilter.Protection.UNAUTHORIZED));
        web.install(context, filter.build());
    }

    /**
     * Drops the {@link LogtoWeb} from the context, so that its HTTP client (and, on Java 17, that
     * client's threads, which end once it is unreachable) can be collected after an undeploy.
     */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(LogtoWeb.CONTEXT_ATTRIBUTE);
    }

    private static List<String> patterns(ServletContext context, String name) {
        String value = context.getInitParameter(name);
        return value == null ? List.of()
                : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
