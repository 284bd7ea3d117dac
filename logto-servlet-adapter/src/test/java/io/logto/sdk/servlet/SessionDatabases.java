package io.logto.sdk.servlet;

import org.h2.jdbcx.JdbcConnectionPool;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The shared databases of the many-nodes tests: H2 over TCP on loopback, or a PostgreSQL on loopback. */
final class SessionDatabases {
    /** The system property naming the PostgreSQL (the Maven profile {@code postgres} passes it on). */
    static final String POSTGRESQL_URL = "logto.postgres.url";

    private SessionDatabases() {
    }

    /**
     * One database the nodes share: the JDBC URL and driver Jetty's session store uses, and a data
     * source on the same database for the refresh leases.
     */
    interface Database extends AutoCloseable {
        String driver();

        String jdbcUrl();

        DataSource dataSource();

        /** How many rows {@code table} has. */
        default int count(String table) throws SQLException {
            try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rows.next();
                return rows.getInt(1);
            }
        }

        @Override
        void close() throws SQLException;
    }

    /** A fresh in-memory H2 database served over TCP on 127.0.0.1. */
    static Database h2() throws SQLException {
        var server = new SessionDatabase();
        var pool = JdbcConnectionPool.create(server.jdbcUrl(), "", "");
        return new Database() {
            @Override
            public String driver() {
                return "org.h2.Driver";
            }

            @Override
            public String jdbcUrl() {
                return server.jdbcUrl();
            }

            @Override
            public DataSource dataSource() {
                return pool;
            }

            @Override
            public void close() {
                pool.dispose();
                server.close();
            }
        };
    }

    /**
     * The PostgreSQL named by {@value #POSTGRESQL_URL} (e.g.
     * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}), emptied of the tables the
     * tests create.
     */
    static Database postgresql() throws SQLException {
        String url = System.getProperty(POSTGRESQL_URL);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("set -D" + POSTGRESQL_URL + "=jdbc:postgresql://127.0.0.1:PORT/DB?user=… "
                    + "(the profile postgres passes it on; .ci/run starts a server)");
        }
        var source = new org.postgresql.ds.PGSimpleDataSource();
        source.setURL(url);
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS jettysessions");
            s.execute("DROP TABLE IF EXISTS logto_refresh_leases");
        }
        return new Database() {
            @Override
            public String driver() {
                return "org.postgresql.Driver";
            }

            @Override
            public String jdbcUrl() {
                return url;
            }

            @Override
            public DataSource dataSource() {
                return source;
            }

            @Override
            public void close() {
            }
        };
    }
}
