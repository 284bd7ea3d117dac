package io.logto.sdk.servlet;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;

import javax.sql.DataSource;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared session store of the many-nodes test: an H2 database server over TCP on 127.0.0.1 and
 * an ephemeral port, holding an in-memory database. The app nodes reach it only through JDBC, as
 * separate machines would reach a PostgreSQL.
 */
final class SessionDatabase implements AutoCloseable {
    /** Each instance its own in-memory database: an H2 in-memory database outlives the server in this JVM. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Server server;
    private final String name = "jetty-sessions-" + INSTANCES.incrementAndGet();

    SessionDatabase() throws SQLException {
        // h2.bindAddress=127.0.0.1 (set by surefire) keeps the server on loopback.
        server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    }

    String jdbcUrl() {
        return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    /** A {@link DataSource} on the same database (one new connection per {@code getConnection()}). */
    DataSource dataSource() {
        var dataSource = new JdbcDataSource();
        dataSource.setURL(jdbcUrl());
        return dataSource;
    }

    @Override
    public void close() {
        server.stop();
    }
}
