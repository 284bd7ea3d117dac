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
        connector.setPort(0);
        server.addConnector(connector);
        if (b.jdbcUrl != null) {
            useJdbcSessions(b.jdbcUrl, b.nodeName);
        }
        var context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        server.setHandler(context);
        // The port is known only once the connector is open, and the base URL needs it.
        connector.open();
        baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
        String publicUrl = b.publicBaseUrl != null ? b.publicBaseUrl : baseUrl;
        LogtoConfig logto = b.logto.apply(logtoConfig(b.provider).toBuilder()).build();
        LogtoServletConfig config = b.config.apply(LogtoServletConfig.builder(logto, publicUrl)).build();
        web = LogtoWeb.create(config, OidcCore.builder(config.logto()).clock(b.clock).build());
        context.addServletContainerInitializer((classes, servletContext) -> {
            web.install(servletContext, LogtoAuthFilter.builder(web)
                    .protect("/protected/*")
                    .protect("/protected/userinfo", LogtoAuthFilter.Protection.REDIRECT.withUserInfo())
                    .protect("/protected/no-redirect", LogtoAuthFilter.Protection.UNAUTHORIZED)
                    .build());
            servletContext.addServlet("pages", new TestPages(web)).addMapping("/");
        });
        server.start();
    }

    /** The SDK's configuration for {@code provider}: its endpoint, the test app, the email scope. */
    static LogtoConfig logtoConfig(LoopbackOidcProvider provider) {
        return LogtoConfig.builder()
                .endpoint(provider.endpoint())
                .appId(LoopbackOidcProvider.APP_ID)
                .appSecret(LoopbackOidcProvider.APP_SECRET)
                .scopes(java.util.List.of("email"))
                .requestTimeout(java.time.Duration.ofSeconds(10))
                .build();
    }

    static Builder builder(LoopbackOidcProvider provider) {
        return new Builder(provider);
    }

    /** Sessions only in the JDBC store: no cache, written before the response is committed. */
    private void useJdbcSessions(String jdbcUrl, String nodeName) {
        var ids = new DefaultSessionIdManager(server);
        ids.setWorkerName(nodeName);
        server.addBean(ids, true);
        var database = new DatabaseAdaptor();
        database.setDriverInfo("org.h2.Driver", jdbcUrl);
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
        private final LoopbackOidcProvider provider;
        private UnaryOperator<LogtoServletConfig.Builder> config = b -> b;
        private UnaryOperator<LogtoConfig.Builder> logto = b -> b;
        private java.time.Clock clock = java.time.Clock.systemUTC();
        private String jdbcUrl;
        private String nodeName = "node0";
        private String publicBaseUrl;

        private Builder(LoopbackOidcProvider provider) {
            this.provider = provider;
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

        TestApp start() throws Exception {
            return new TestApp(this);
        }
    }
}
