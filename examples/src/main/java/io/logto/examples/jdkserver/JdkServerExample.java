package io.logto.examples.jdkserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.logto.examples.ExampleApp;
import io.logto.examples.ExampleLauncher;
import io.logto.sdk.LogtoConfig;
import io.logto.sdk.OidcCore;
import io.logto.sdk.storage.CookieKeys;
import io.logto.sdk.storage.EncryptedCookies;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The framework-free example: Logto sign-in on the JDK's built-in HTTP server
 * ({@code com.sun.net.httpserver}) with {@code logto-core} alone. If this works, any JVM web
 * framework works: all it takes is a session store ({@link CookieSessionStore}, or
 * {@link EncryptedCookieSession} with {@code LOGTO_COOKIE_KEYS}: nothing on the server) and the routes
 * ({@link ExampleRoutes}).
 *
 * <p>Run it with {@code mvn -q -pl examples -am process-classes -Drun} from the project root.
 */
public final class JdkServerExample {
    private JdkServerExample() {
    }

    /** Starts the example as configured by the environment (see {@link io.logto.examples.ExampleSettings}). */
    public static void main(String[] args) {
        ExampleLauncher.run("JDK HTTP server (logto-core only)", JdkServerExample::start);
    }

    /**
     * Starts the example; see {@link ExampleApp#start(LogtoConfig, URI)}. Sessions are kept on this
     * server, or, when the environment variable {@code LOGTO_COOKIE_KEYS} is set
     * ({@code id:base64key[,…]}, see {@link CookieKeys}), in encrypted cookies.
     */
    public static ExampleApp.Running start(LogtoConfig config, URI baseUrl) throws IOException {
        return start(config, baseUrl, Optional.ofNullable(System.getenv("LOGTO_COOKIE_KEYS"))
                .filter(keys -> !keys.isBlank()).map(CookieKeys::parse));
    }

    /**
     * Starts the example with sessions in encrypted cookies under {@code cookieKeys}, or on this
     * server when empty.
     */
    public static ExampleApp.Running start(LogtoConfig config, URI baseUrl, Optional<CookieKeys> cookieKeys)
            throws IOException {
        if (!config.permitsTransport(baseUrl)) {
            // The session cookie and the authorization code travel to it (the servlet adapter checks the same).
            throw new IllegalArgumentException("LOGTO_BASE_URL must be https:// (http:// only for localhost, "
                    + "127.0.0.0/8 and [::1], unless LOGTO_DANGEROUSLY_ALLOW_INSECURE_HTTP=true): " + baseUrl);
        }
        HttpServer server = HttpServer.create(ExampleApp.bindAddress(baseUrl), 0);
        URI actualBaseUrl = ExampleApp.withPort(baseUrl, server.getAddress().getPort());
        // One OidcCore for the whole app: it holds the HTTP client and the cached discovery and keys.
        OidcCore core = OidcCore.create(config);
        boolean https = "https".equalsIgnoreCase(baseUrl.getScheme());
        Function<HttpExchange, BrowserSession> sessions;
        if (cookieKeys.isPresent()) {
            // Nothing on this server: the session is in the browser, encrypted; any copy of the app with the keys reads it.
            EncryptedCookies cookies = EncryptedCookies.builder(cookieKeys.get()).secure(https).build();
            sessions = exchange -> new EncryptedCookieSession(cookies, exchange);
        } else {
            // At most 10,000 anonymous and 10,000 signed-in sessions: anonymous visitors never push out signed-in users.
            var store = new CookieSessionStore(https, Duration.ofHours(1), 10_000, 10_000, Clock.systemUTC());
            sessions = store::open;
        }
        // Handlers wait for the SDK's futures (this server is blocking), so give them a pool of threads.
        ExecutorService executor = Executors.newFixedThreadPool(16, daemonThreads());
        server.createContext("/", new ExampleRoutes(core, sessions, actualBaseUrl));
        server.setExecutor(executor);
        server.start();
        return ExampleApp.Running.of(actualBaseUrl, List.of(), () -> {
            server.stop(0);
            executor.shutdownNow();
        });
    }

    private static ThreadFactory daemonThreads() {
        var count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "example-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
