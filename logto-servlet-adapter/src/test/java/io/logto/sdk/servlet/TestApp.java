package io.logto.sdk.servlet;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.OidcCore;
import io.logto.testing.LoopbackOidcProvider;
import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.DatabaseAdaptor;
import org.eclipse.jetty.session.DefaultSessionIdManager;
import org.eclipse.jetty.session.JDBCSessionDataStoreFactory;
import org.eclipse.jetty.session.NullSessionCacheFactory;

import java.util.function.UnaryOperator;

/**
 * The test application in a real embedded Jetty 12 (ee10) on 127.0.0.1 and an ephemeral port: the
 * adapter installed the way an app does it (from a {@link ServletContainerInitializer} at start-up),
 * {@link TestPages} behind the protection filter. Optionally its sessions live only in a JDBC
 * session store (no session cache), to run several nodes of the same app.
 */
final class TestApp implements AutoCloseable {
    private final Server server;
    private final String baseUrl;
    private final LogtoWeb web;

    private TestApp(Builder b) throws Exception {
        server = new Server();
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(b.port);
        server.addConnector(connector);
        if (b.jdbcUrl != null) {
            useJdbcSessions(b.jdbcDriver, b.jdbcUrl, b.nodeName);
        }
        var context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        server.setHandler(context);
        // The port is known only once the connector is open, and the base URL needs it.
        connector.open();
        baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
        String publicUrl = b.publicBaseUrl != null ? b.publicBaseUrl : baseUrl;
        LogtoConfig logto = b.logto.apply(b.baseConfig.toBuilder()).build();
        LogtoServletConfig config = b.config.apply(LogtoServletConfig.builder(logto, publicUrl)).build();
        LogtoWeb created = LogtoWeb.create(config, OidcCore.builder(config.logto()).clock(b.clock).build());
        web = b.web.apply(b.endedSessions == null ? created : created.withEndedSessions(b.endedSessions));
        context.addServletContainerInitializer((classes, servletContext) -> {
            web.install(servletContext, LogtoAuthFilter.builder(web)
                    .protect("/protected/*")
                    .protect("/protected/userinfo", LogtoAuthFilter.Protection.REDIRECT.withUserInfo())
                    .protect("/protected/no-redirect", LogtoAuthFilter.Protection.UNAUTHORIZED)
                    .build());
            servletContext.addServlet("pages", new TestPages(web)).addMapping("/");
            b.onStartup.accept(servletContext);
        });
        server.start();
    }

    /** The SDK's configuration for {@code provider}: its endpoint, the test app, the email scope. */
    static LogtoConfig logtoConfig(LoopbackOidcProvider provider) {
        return logtoConfig(provider.endpoint());
    }

    /** The SDK's configuration for the provider at {@code endpoint}. */
    static LogtoConfig logtoConfig(String endpoint) {
        return LogtoConfig.builder()
                .endpoint(endpoint)
                .appId(LoopbackOidcProvider.APP_ID)
                .appSecret(LoopbackOidcProvider.APP_SECRET)
                .scopes(java.util.List.of("email"))
                .requestTimeout(java.time.Duration.ofSeconds(10))
                .build();
    }

    static Builder builder(LoopbackOidcProvider provider) {
        return new Builder(logtoConfig(provider));
    }

    /** An app signing in at the provider at {@code endpoint} (any provider with Logto's URL layout). */
    static Builder builder(String endpoint) {
        return new Builder(logtoConfig(endpoint));
    }

    /** An app of another provider (Logto's engine, say), configured by {@code config}. */
    static Builder builder(LogtoConfig config) {
        return new Builder(config);
    }

    /** Sessions only in the JDBC store: no cache, written before the response is committed. */
    private void useJdbcSessions(String driver, String jdbcUrl, String nodeName) {
        var ids = new DefaultSessionIdManager(server);
        ids.setWorkerName(nodeName);
        server.addBean(ids, true);
        var database = new DatabaseAdaptor();
        database.setDriverInfo(driver != null ? driver
                : jdbcUrl.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : "org.h2.Driver", jdbcUrl);
        var store = new JDBCSessionDataStoreFactory();
        store.setDatabaseAdaptor(database);
        server.addBean(store);
        var cache = new NullSessionCacheFactory();
        cache.setFlushOnResponseCommit(true);
        cache.setSaveOnCreate(true);
        server.addBean(cache);
    }

    /** This node's own address (not necessarily the configured public one). */
    String baseUrl() {
        return baseUrl;
    }

    String url(String path) {
        return baseUrl + path;
    }

    LogtoWeb web() {
        return web;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }

    static final class Builder {
        private final LogtoConfig baseConfig;
        private UnaryOperator<LogtoServletConfig.Builder> config = b -> b;
        private UnaryOperator<LogtoWeb> web = w -> w;
        /** {@code null}: H2, or PostgreSQL for a {@code jdbc:postgresql:} URL. */
        private String jdbcDriver;
        private UnaryOperator<LogtoConfig.Builder> logto = b -> b;
        private java.time.Clock clock = java.time.Clock.systemUTC();
        private String jdbcUrl;
        private String nodeName = "node0";
        private String publicBaseUrl;
        private EndedSessions endedSessions;
        private int port;
        private java.util.function.Consumer<jakarta.servlet.ServletContext> onStartup = context -> {
        };

        private Builder(LogtoConfig baseConfig) {
            this.baseConfig = baseConfig;
        }

        /** Changes the built {@link LogtoWeb} (refresh leases, say), after {@link #endedSessions}. */
        Builder web(UnaryOperator<LogtoWeb> web) {
            this.web = web;
            return this;
        }

        /** Sessions only in the JDBC store at {@code jdbcUrl}, through {@code driver}. */
        Builder jdbcSessions(String driver, String jdbcUrl, String nodeName) {
            this.jdbcDriver = driver;
            return jdbcSessions(jdbcUrl, nodeName);
        }

        Builder config(UnaryOperator<LogtoServletConfig.Builder> config) {
            this.config = config;
            return this;
        }

        /** Changes the provider's {@link LogtoConfig} for this app (a maximum session age, say). */
        Builder logto(UnaryOperator<LogtoConfig.Builder> logto) {
            this.logto = logto;
            return this;
        }

        Builder clock(java.time.Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Sessions only in the JDBC store at {@code jdbcUrl} (H2 or PostgreSQL). */
        Builder jdbcSessions(String jdbcUrl, String nodeName) {
            this.jdbcUrl = jdbcUrl;
            this.nodeName = nodeName;
            return this;
        }

        /** The public address of the app when it is not this node's own (a node behind a balancer). */
        Builder publicBaseUrl(String publicBaseUrl) {
            this.publicBaseUrl = publicBaseUrl;
            return this;
        }

        /** The record of ended sessions (by default the adapter's own in memory). */
        Builder endedSessions(EndedSessions endedSessions) {
            this.endedSessions = endedSessions;
            return this;
        }

        /** More set-up of the app's own, after the adapter's (filters of the app, say). */
        Builder onStartup(java.util.function.Consumer<jakarta.servlet.ServletContext> onStartup) {
            this.onStartup = onStartup;
            return this;
        }

        /** The port to listen on (default: a free one), for a provider that must know it beforehand. */
        Builder port(int port) {
            this.port = port;
            return this;
        }

        TestApp start() throws Exception {
            return new TestApp(this);
        }
    }
}
