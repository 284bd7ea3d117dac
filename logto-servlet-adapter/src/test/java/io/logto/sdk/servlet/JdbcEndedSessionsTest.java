package io.logto.sdk.servlet;

import io.logto.sdk.LogtoException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link JdbcEndedSessions} on an H2 server over TCP on 127.0.0.1: the contract, the table, failures. */
class JdbcEndedSessionsTest extends EndedSessionsContract {
    private SessionDatabase database;
    private int tables;

    @BeforeEach
    void startDatabase() throws SQLException {
        database = new SessionDatabase();
    }

    @AfterEach
    void stopDatabase() {
        database.close();
    }

    @Override
    EndedSessions newRecord() {
        // A table per record: the contract's tests each start empty.
        return JdbcEndedSessions.builder(database.dataSource()).table("ended_" + (++tables)).retention(RETENTION).build();
    }

    private long rows(String table) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void buildWhenTheTableExistsAlreadyThenItIsKept() throws SQLException {
        var first = JdbcEndedSessions.builder(database.dataSource()).build();
        first.record(logout("alice", "op-1", T), T);

        var second = JdbcEndedSessions.builder(database.dataSource()).build();

        assertThat(second.size()).isEqualTo(2);
        assertThat(rows(JdbcEndedSessions.DEFAULT_TABLE)).isEqualTo(2);
        assertThat(second.hasEnded(session("alice", "op-1", T), T)).isTrue();
    }

    @Test
    void recordWhenEntriesPassTheRetentionThenTheNextLogoutDeletesThem() {
        var record = (JdbcEndedSessions) newRecord();
        for (int i = 0; i < 50; i++) {
            record.record(logout("user-" + i, null, T), T);
        }
        assertThat(record.size()).isEqualTo(50);

        record.record(logout("late", null, T), T.plus(RETENTION).plusSeconds(1));

        assertThat(record.size()).isEqualTo(1);
    }

    @Test
    void recordWhenTheSameLogoutArrivesAtTwoNodesThenOneEntryEach() {
        DataSource shared = database.dataSource();
        var nodeA = JdbcEndedSessions.builder(shared).build();
        var nodeB = JdbcEndedSessions.builder(shared).build();

        nodeA.record(logout("alice", "op-1", T), T);
        nodeB.record(logout("alice", "op-1", T), T.plusSeconds(1));

        assertThat(nodeA.size()).isEqualTo(2);
        assertThat(nodeB.hasEnded(session("alice", "op-1", T), T)).isTrue();
    }

    @Test
    void buildWhenTablesAreManagedByMigrationsThenTheDocumentedStatementsMakeAUsableTable() throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String sql : JdbcEndedSessions.createTableStatements("PUBLIC.logto_migrated")) {
                s.execute(sql);
            }
        }
        var record = JdbcEndedSessions.builder(database.dataSource()).table("PUBLIC.logto_migrated")
                .createTable(false).build();

        record.record(logout("alice", null, T), T);

        assertThat(record.hasEnded(session("alice", null, T), T)).isTrue();
    }

    @Test
    void tableWhenNotAPlainIdentifierThenRefused() {
        var builder = JdbcEndedSessions.builder(database.dataSource());

        assertThatThrownBy(() -> builder.table("sessions; DROP TABLE users")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.table("a.b.c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.table("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hasEndedWhenTheDatabaseIsDownThenStorageFailedNotFalse() {
        var record = newRecord();
        database.close();

        assertThatThrownBy(() -> record.hasEnded(session("alice", "op-1", T), T))
                .isInstanceOfSatisfying(LogtoException.class,
                        e -> assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED));
        assertThatThrownBy(() -> record.record(logout("alice", "op-1", T), T))
                .isInstanceOfSatisfying(LogtoException.class,
                        e -> assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED));
    }

    @Test
    void buildWhenTheTableCannotBeCreatedThenStorageFailed() {
        database.close();

        assertThatThrownBy(() -> JdbcEndedSessions.builder(database.dataSource()).build())
                .isInstanceOfSatisfying(LogtoException.class,
                        e -> assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED));
    }
}
