package io.logto.sdk.servlet;

import org.h2.tools.Server;

import java.sql.SQLException;

/**
 * The shared session store of the many-nodes test: an H2 database server over TCP on 127.0.0.1 and
 * an ephemeral port, holding an in-memory database. The app nodes reach it only through JDBC, as
 * separate machines would reach a PostgreSQL.
 */
final class SessionDatabase implements AutoCloseable {
    private final Server server;
    /** In-memory databases live as long as the JVM: each test gets its own. */
    private final String name = "jetty-sessions-" + java.util.UUID.randomUUID();

    SessionDatabase() throws SQLException {
        // h2.bindAddress=127.0.0.1 (set by surefire) keeps the server on loopback.
        server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    }

    String jdbcUrl() {
        return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    public void close() {
        server.stop();
    }
}
