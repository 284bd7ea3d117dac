package io.logto.sdk.servlet;

import io.logto.sdk.LogtoException;
import io.logto.sdk.SignedInSession;
import io.logto.sdk.VerifiedLogout;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The record of ended sessions in a SQL table, for an app on many nodes: put it in the database of
 * the container's JDBC session store (Jetty's {@code JDBCSessionDataStore}, Tomcat's
 * {@code JDBCStore}, Spring Session JDBC), so that every node that can read a session can also read
 * whether it has ended — the logout token reaches one node, the user's next request another.
 *
 * <pre>{@code
 * LogtoWeb web = LogtoWeb.create(config)
 *         .withEndedSessions(JdbcEndedSessions.builder(dataSource).build());   // creates the table if missing
 * }</pre>
 *
 * <p>The table ({@value #DEFAULT_TABLE} unless {@link Builder#table(String) named otherwise}) is
 * created at {@link Builder#build()} unless {@link Builder#createTable(boolean) told not to}; the
 * statements of {@link #createTableStatements(String)} work unchanged on PostgreSQL (9.5+) and H2
 * (2.x), for a schema managed by migrations:
 * <pre>
 * CREATE TABLE IF NOT EXISTS logto_ended_sessions (
 *     kind VARCHAR(16) NOT NULL,          -- sid, sub or sub-nosid (see EndedSessions)
 *     id VARCHAR(255) NOT NULL,           -- the sid or the sub
 *     ended_at BIGINT NOT NULL,           -- when the logout was received, epoch seconds
 *     token_issued_at BIGINT NOT NULL,    -- the logout token's iat, epoch seconds
 *     PRIMARY KEY (kind, id));
 * CREATE INDEX IF NOT EXISTS logto_ended_sessions_ended_at ON logto_ended_sessions (ended_at);
 * </pre>
 *
 * <p>Each request with a signed-in session makes one indexed {@code SELECT} (the session store
 * makes its own per request too); each logout a {@code DELETE} of the entries past the
 * {@linkplain #retention() retention} (default {@value MemoryEndedSessions#DEFAULT_RETENTION_DAYS}
 * days) and one or two writes. Statements run in auto-commit, each on a connection taken from the
 * {@link DataSource} and given back at once; give it a pooled one in production. A failing database
 * is {@link LogtoException.Code#STORAGE_FAILED}: the adapter then answers the request with
 * {@code 503} rather than let an unknown session through, and ends nothing. Thread-safe.
 */
public final class JdbcEndedSessions implements EndedSessions {
    /** The default table name. */
    public static final String DEFAULT_TABLE = "logto_ended_sessions";

    /** An SQL identifier, optionally schema-qualified: the table name goes into statements as is. */
    private static final Pattern TABLE_NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** SQLState of a unique-constraint violation, on PostgreSQL and H2 alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final String table;
    private final Duration retention;
    private final String selectSql;
    private final String insertSql;
    private final String updateSql;
    private final String pruneSql;

    private JdbcEndedSessions(Builder b) {
        this.dataSource = b.dataSource;
        this.table = b.table;
        this.retention = b.retention;
        this.selectSql = "SELECT kind, id, ended_at, token_issued_at FROM " + table
                + " WHERE (kind = ? AND id = ?) OR (kind = ? AND id = ?)";
        this.insertSql = "INSERT INTO " + table + " (kind, id, ended_at, token_issued_at) VALUES (?, ?, ?, ?)";
        // Moves a user's entry only for a later token (a replay changes nothing), never backwards in time.
        this.updateSql = "UPDATE " + table + " SET ended_at = CASE WHEN ended_at > ? THEN ended_at ELSE ? END, "
                + "token_issued_at = ? WHERE kind = ? AND id = ? AND token_issued_at < ?";
        this.pruneSql = "DELETE FROM " + table + " WHERE ended_at < ?";
    }

    /**
     * A builder over {@code dataSource}.
     *
     * @param dataSource where the table lives: the session store's database
     * @return the builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * The statements that create the table and its index if they are missing (PostgreSQL 9.5+, H2 2.x).
     *
     * @param table the table name, e.g. {@value #DEFAULT_TABLE} or {@code auth.logto_ended_sessions}
     * @return the statements, in order
     * @throws IllegalArgumentException when {@code table} is not a plain SQL identifier
     */
    public static List<String> createTableStatements(String table) {
        String name = checkTableName(table);
        String index = name.substring(name.indexOf('.') + 1) + "_ended_at";
        return List.of("CREATE TABLE IF NOT EXISTS " + name + " (kind VARCHAR(16) NOT NULL, id VARCHAR(255) NOT NULL, "
                        + "ended_at BIGINT NOT NULL, token_issued_at BIGINT NOT NULL, PRIMARY KEY (kind, id))",
                "CREATE INDEX IF NOT EXISTS " + index + " ON " + name + " (ended_at)");
    }

    @Override
    public void record(VerifiedLogout logout, Instant receivedAt) {
        long now = receivedAt.getEpochSecond();
        long issuedAt = logout.issuedAt().getEpochSecond();
        try (Connection connection = dataSource.getConnection()) {
            // Each statement its own transaction: on PostgreSQL a refused insert must not void the rest.
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            try (PreparedStatement prune = connection.prepareStatement(pruneSql)) {
                prune.setLong(1, now - retention.toSeconds());
                prune.executeUpdate();
            }
            for (EndedSessionRules.Key key : EndedSessionRules.keysOf(logout)) {
                write(connection, key, now, issuedAt);
            }
        } catch (SQLException e) {
            throw failed("written", e);
        }
    }

    /** Inserts the entry, or moves an existing user's entry as {@link EndedSessionRules#merged} says. */
    private void write(Connection connection, EndedSessionRules.Key key, long now, long issuedAt) throws SQLException {
        if (key.kind() != EndedSessionRules.Kind.SESSION && update(connection, key, now, issuedAt)) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
            insert.setString(1, key.kind().code);
            insert.setString(2, key.id());
            insert.setLong(3, now);
            insert.setLong(4, issuedAt);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            // There is an entry already: a session's is final; a user's moves if this token is newer
            // (another node may have inserted it between our update and insert).
            if (key.kind() != EndedSessionRules.Kind.SESSION) {
                update(connection, key, now, issuedAt);
            }
        }
    }

    private boolean update(Connection connection, EndedSessionRules.Key key, long now, long issuedAt)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(updateSql)) {
            update.setLong(1, now);
            update.setLong(2, now);
            update.setLong(3, issuedAt);
            update.setString(4, key.kind().code);
            update.setString(5, key.id());
            update.setLong(6, issuedAt);
            return update.executeUpdate() > 0;
        }
    }

    @Override
    public boolean hasEnded(SignedInSession session, Instant now) {
        List<EndedSessionRules.Key> keys = EndedSessionRules.keysFor(session);
        long oldestKept = now.getEpochSecond() - retention.toSeconds();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(selectSql)) {
            for (int i = 0; i < 2; i++) {
                select.setString(2 * i + 1, keys.get(i).kind().code);
                select.setString(2 * i + 2, keys.get(i).id());
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    var key = new EndedSessionRules.Key(EndedSessionRules.Kind.ofCode(rows.getString(1)), rows.getString(2));
                    var entry = new EndedSessionRules.Entry(rows.getLong(3), rows.getLong(4));
                    if (entry.endedAt() >= oldestKept && EndedSessionRules.ends(key, entry, session)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SQLException e) {
            throw failed("read", e);
        }
    }

    @Override
    public Optional<Duration> retention() {
        return Optional.of(retention);
    }

    /**
     * How many entries the table holds now, for monitoring and tests.
     *
     * @return the count
     * @throws LogtoException {@link LogtoException.Code#STORAGE_FAILED} when the table cannot be read
     */
    public long size() {
        try (Connection connection = dataSource.getConnection();
             Statement count = connection.createStatement();
             ResultSet rows = count.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw failed("read", e);
        }
    }

    private void createTable() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : createTableStatements(table)) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw failed("created", e);
        }
    }

    private static LogtoException failed(String what, SQLException e) {
        return new LogtoException(LogtoException.Code.STORAGE_FAILED,
                "the record of ended sessions could not be " + what + " (SQLState " + e.getSQLState() + ")", e);
    }

    private static String checkTableName(String table) {
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("table must be an SQL identifier such as logto_ended_sessions or "
                    + "schema.table");
        }
        return table;
    }

    @Override
    public String toString() {
        return "JdbcEndedSessions{table=" + table + ", retention=" + retention + "}";
    }

    /** Configures a {@link JdbcEndedSessions}. Not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private Duration retention = Duration.ofDays(MemoryEndedSessions.DEFAULT_RETENTION_DAYS);
        private boolean createTable = true;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * The table's name (default {@value #DEFAULT_TABLE}), optionally schema-qualified.
         *
         * @param table an SQL identifier
         * @return this builder
         * @throws IllegalArgumentException when it is not a plain SQL identifier
         */
        public Builder table(String table) {
            this.table = checkTableName(table);
            return this;
        }

        /**
         * How long an entry is kept (default {@value MemoryEndedSessions#DEFAULT_RETENTION_DAYS} days):
         * at least the container's session timeout.
         *
         * @param retention a positive duration
         * @return this builder
         */
        public Builder retention(Duration retention) {
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("retention must be positive");
            }
            this.retention = retention;
            return this;
        }

        /**
         * Whether {@link #build()} creates the table and its index when they are missing (default
         * {@code true}); {@code false} when migrations manage the schema.
         *
         * @param createTable whether to create them
         * @return this builder
         */
        public Builder createTable(boolean createTable) {
            this.createTable = createTable;
            return this;
        }

        /**
         * Builds the record, creating the table first unless told not to.
         *
         * @return the record
         * @throws LogtoException {@link LogtoException.Code#STORAGE_FAILED} when the table cannot be created
         */
        public JdbcEndedSessions build() {
            var record = new JdbcEndedSessions(this);
            if (createTable) {
                record.createTable();
            }
            return record;
        }
    }
}
