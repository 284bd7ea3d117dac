package io.logto.examples.servlet;

import io.logto.examples.ExampleApi;
import io.logto.examples.ExampleApp;
import io.logto.examples.ExampleLauncher;
import io.logto.sdk.LogtoConfig;
import io.logto.sdk.resourceserver.AccessTokenValidator;
import io.logto.sdk.servlet.LogtoBearerFilter;
import io.logto.sdk.servlet.LogtoAuthFilter;
import io.logto.sdk.servlet.LogtoAuthFilter.Protection;
import io.logto.sdk.servlet.LogtoServletConfig;
import io.logto.sdk.servlet.LogtoWeb;
import io.logto.sdk.storage.CookieKeys;
import jakarta.servlet.ServletContext;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The servlet example: Logto sign-in in a Jakarta Servlet app on embedded Jetty 12 (ee10) with
 * {@code logto-servlet-adapter}. The adapter serves {@code /sign-in}, {@code /callback} and
 * {@code /sign-out} and its filter guards {@code /protected/*}; the app itself is one servlet,
 * {@link ExamplePages}, that renders what the filter lets through. It is also an API:
 * {@code GET /api/profile} ({@link ProfileApi}) behind {@link LogtoBearerFilter}, which
 * {@code /protected/call-api} ({@link CallApiPage}) calls with the signed-in user's access token.
 * It also serves back-channel logout at {@code /backchannel-logout}: when the user's Logto session
 * ends elsewhere, their session here ends on its next request. This is what
 * {@code mvn -q -pl examples -am process-classes -Drun} starts.
 *
 * <p>The whole Logto set-up is {@link #installLogto}:
 * <pre>{@code
 * LogtoWeb web = LogtoWeb.create(LogtoServletConfig.builder(logtoConfig, "http://localhost:8080").build());
 * web.install(servletContext, LogtoAuthFilter.builder(web)
 *         .protect("/protected/*")                                           // redirect to sign-in
 *         .protect("/protected/userinfo", Protection.REDIRECT.withUserInfo())
 *         .protect("/protected/no-redirect", Protection.UNAUTHORIZED)        // 401 JSON
 *         .build());
 * }</pre>
 */
public final class ServletExample {
    /** Where Logto posts logout tokens (Console: the app's "Backchannel logout URI"). */
    static final String BACK_CHANNEL_LOGOUT_PATH = "/backchannel-logout";

    private ServletExample() {
    }

    /** Starts the example as configured by the environment (see {@link io.logto.examples.ExampleSettings}). */
    public static void main(String[] args) {
        ExampleLauncher.run("Jetty 12 servlet app (logto-servlet-adapter)", ServletExample::start);
    }

    /**
     * Starts the example; see {@link ExampleApp#start(LogtoConfig, URI)}. The API resource comes from
     * {@code LOGTO_API_RESOURCE} ({@link ExampleApi}); sign-in asks for it and its permission.
     */
    public static ExampleApp.Running start(LogtoConfig config, URI baseUrl) throws IOException {
        ExampleApi api = ExampleApi.fromEnvironment(System.getenv());
        Server server = new Server(daemonThreads());
        URI actualBaseUrl = listen(server, baseUrl);
        LogtoWeb web = logtoWeb(api.withApi(config), actualBaseUrl);
        // Counts the requests in flight, so that stopping can wait for them (see stop).
        var inFlight = new GracefulHandler(context(web, validator(config, api), api));
        server.setHandler(inFlight);
        try {
            server.start();
        } catch (Exception e) {
            stop(server, inFlight);
            throw new IOException("Jetty did not start: " + e.getMessage(), e);
        }
        return ExampleApp.Running.of(actualBaseUrl, List.of(
                "API:      " + actualBaseUrl + "/api/profile takes an access token for " + api.resource()
                        + " with scope " + ExampleApi.SCOPE + ";",
                "          " + actualBaseUrl + "/protected/call-api calls it with the signed-in user's."),
                () -> stop(server, inFlight));
    }

    /** Jetty's threads: daemons, so that a test or the launcher's shutdown never waits for them. */
    private static QueuedThreadPool daemonThreads() {
        var threads = new QueuedThreadPool(32, 4);
        threads.setName("example-jetty");
        threads.setDaemon(true);
        return threads;
    }

    /**
     * Opens the port of {@code baseUrl} (loopback for a local URL); returns the base URL with the
     * real port, which with port 0 is known only once it is open.
     */
    private static URI listen(Server server, URI baseUrl) throws IOException {
        ServerConnector connector = new ServerConnector(server, 1, 1);
        InetSocketAddress bind = ExampleApp.bindAddress(baseUrl);
        connector.setHost(bind.getAddress().isAnyLocalAddress() ? null : bind.getAddress().getHostAddress());
        connector.setPort(bind.getPort());
        server.addConnector(connector);
        try {
            connector.open();
        } catch (IOException e) {
            if (e.getCause() instanceof BindException taken) {
                // Jetty wraps it; the launcher explains a BindException ("its port is taken").
                var bindException = new BindException(bind + ": " + taken.getMessage());
                bindException.initCause(e);
                throw bindException;
            }
            throw e;
        }
        return ExampleApp.withPort(baseUrl, connector.getLocalPort());
    }

    /**
     * One LogtoWeb for the whole app: it holds the HTTP client and the cached discovery and keys.
     * With LOGTO_COOKIE_KEYS set, sessions live in encrypted cookies instead of Jetty's HttpSession.
     * Back-channel logout: Logto calls /backchannel-logout when a user's Logto session ends (enter
     * that URL in the Console); the ended sessions are then signed out on their next request, in
     * cookies too. One node keeps the ended sessions in memory; several share them with
     * withEndedSessions(JdbcEndedSessions.builder(dataSource).build()).
     */
    private static LogtoWeb logtoWeb(LogtoConfig config, URI baseUrl) {
        return LogtoWeb.create(LogtoServletConfig.builder(config, baseUrl.toString())
                .cookieSessions(Optional.ofNullable(System.getenv(LogtoServletConfig.ENV_COOKIE_KEYS))
                        .filter(keys -> !keys.isBlank()).map(CookieKeys::parse).orElse(null))
                .backChannelLogoutPath(BACK_CHANNEL_LOGOUT_PATH)
                .build());
    }

    /** The API side needs no app id or secret: the endpoint and the API resource are enough. */
    private static AccessTokenValidator validator(LogtoConfig config, ExampleApi api) {
        var builder = AccessTokenValidator.builder(config.endpoint().toString()).apiResource(api.resource());
        if (config.insecureHttpAllowed()) {
            builder.dangerouslyAllowInsecureHttp(); // as LOGTO_DANGEROUSLY_ALLOW_INSECURE_HTTP said for sign-in
        }
        return builder.build();
    }

    /** The web app: the adapter, the API and the pages, registered as an app does, while the context starts. */
    private static ServletContextHandler context(LogtoWeb web, AccessTokenValidator validator, ExampleApi api) {
        var context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.addServletContainerInitializer((classes, servletContext) -> {
            installLogto(web, servletContext);
            installApi(validator, servletContext);
            servletContext.addServlet("call-api", new CallApiPage(web, api.resource())).addMapping("/protected/call-api");
            servletContext.addServlet("pages", new ExamplePages(web)).addMapping("/");
        });
        return context;
    }

    /**
     * The API's part: {@code GET /api/profile} behind the bearer filter, which needs the scope
     * {@value ExampleApi#SCOPE} on the API resource. No session, no redirect: 401/403 with a challenge.
     */
    static void installApi(AccessTokenValidator validator, ServletContext servletContext) {
        LogtoBearerFilter.builder(validator)
                .protect("/api/*", ExampleApi.SCOPE)
                .build()
                .install(servletContext);
        servletContext.addServlet("profile-api", new ProfileApi()).addMapping("/api/profile");
    }

    /**
     * The adapter's part: the sign-in, callback, sign-out and back-channel logout endpoints, the
     * filter over {@code /protected/*}, and (by the adapter) a session cookie that comes back on Logto's redirect.
     */
    static void installLogto(LogtoWeb web, ServletContext servletContext) {
        // Sessions idle for 8 hours expire (Jetty's default is never), so none outlives the record of
        // ended sessions (it keeps an entry 14 days; the adapter checks this when it installs).
        servletContext.setSessionTimeout(8 * 60);
        web.install(servletContext, LogtoAuthFilter.builder(web)
                .protect("/protected/*")
                .protect("/protected/userinfo", Protection.REDIRECT.withUserInfo())
                .protect("/protected/no-redirect", Protection.UNAUTHORIZED)
                .build());
        // install also made the session cookie HttpOnly, SameSite=Lax (Logto's redirect to /callback
        // is a cross-site navigation, which Strict would not send the cookie on) and, on https, Secure.
    }

    /**
     * Stops Jetty once the requests in flight are done (at most 2 s), so that a request's session
     * write is not cut off by the session manager stopping; keep-alive connections are not waited for.
     */
    private static void stop(Server server, GracefulHandler inFlight) {
        try {
            inFlight.shutdown().get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Stop anyway.
        }
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
