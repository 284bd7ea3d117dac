package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JdbcEndedSessions} on a real PostgreSQL: the record's contract (the DDL, the insert that
 * meets a duplicate key, the update that moves a user's time), and two Jetty nodes whose sessions
 * and record live in that one database. Runs in the Maven profile {@code postgres} with
 * {@code -Dlogto.postgres.url}; {@code .ci/run} starts a throw-away server on loopback for it.
 */
@Tag("postgres")
class PostgresBackChannelTest extends EndedSessionsContract {
    private final List<String> tables = new ArrayList<>();
    private final List<AutoCloseable> started = new ArrayList<>();

    private static DataSource dataSource() {
        String url = System.getProperty("logto.postgres.url");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("set -Dlogto.postgres.url=jdbc:postgresql://127.0.0.1:PORT/DB?user=… "
                    + "(the profile postgres passes it on; .ci/run starts a server)");
        }
        var dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        return dataSource;
    }

    private String newTable() {
        String table = "ended_" + UUID.randomUUID().toString().replace("-", "");
        tables.add(table);
        return table;
    }

    @Override
    EndedSessions newRecord() {
        return JdbcEndedSessions.builder(dataSource()).table(newTable()).retention(RETENTION).build();
    }

    @AfterEach
    void dropTables() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : tables) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    @Test
    void recordWhenTheConnectionIsNotInAutoCommitThenEachStatementStillCounts() throws SQLException {
        var pool = new PGSimpleDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                connection.setAutoCommit(false); // as some pools hand them out
                return connection;
            }
        };
        pool.setURL(System.getProperty("logto.postgres.url"));
        var record = JdbcEndedSessions.builder(dataSource()).table(newTable()).build();
        var throughPool = JdbcEndedSessions.builder(pool).table(tables.get(0)).createTable(false).build();

        throughPool.record(logout("alice", "op-1", T), T);
        throughPool.record(logout("alice", "op-1", T), T); // meets the duplicate key

        assertThat(record.size()).isEqualTo(2);
        assertThat(record.hasEnded(session("alice", "op-1", T), T)).isTrue();
    }

    @Test
    void twoNodesOnPostgresThenALogoutPostedToOneEndsTheSessionOnTheOther() throws Exception {
        var provider = LoopbackOidcProvider.builder().signingKey(TestKeys.es384("provider")).build();
        started.add(provider);
        String url = System.getProperty("logto.postgres.url");
        String table = newTable();
        TestApp nodeA = TestApp.builder(provider).jdbcSessions(url, "nodeA")
                .config(b -> b.backChannelLogoutPath("/backchannel-logout"))
                .endedSessions(JdbcEndedSessions.builder(dataSource()).table(table).build()).start();
        started.add(nodeA);
        TestApp nodeB = TestApp.builder(provider).jdbcSessions(url, "nodeB").publicBaseUrl(nodeA.baseUrl())
                .config(b -> b.backChannelLogoutPath("/backchannel-logout"))
                .endedSessions(JdbcEndedSessions.builder(dataSource()).table(table).build()).start();
        started.add(nodeB);
        var alice = new Browser();
        alice.signIn(nodeA.url("/protected"), "alice", "alice", ",\"sid\":\"op-pg\"");
        var bob = new Browser();
        bob.signIn(nodeA.url("/protected"), "bob", "bob", ",\"sid\":\"op-pg-bob\"");
        assertThat(alice.get(nodeB.url("/")).body()).isEqualTo("home signed-in sub=alice");

        var logto = new LogoutRequests(provider);
        assertThat(logto.post(nodeA.url("/backchannel-logout"), logto.signed(logto.token("alice", "op-pg"))).statusCode())
                .isEqualTo(200);

        assertThat(alice.get(nodeB.url("/")).body()).isEqualTo("home anonymous");
        assertThat(bob.get(nodeB.url("/")).body()).isEqualTo("home signed-in sub=bob");
    }
}
