package io.logto.sdk.servlet;

import io.logto.sdk.LogtoException;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The sessions' refresh leases in one small table of the database that already holds the
 * container's sessions (the same {@link DataSource}): no second system to run. Each compare-and-set
 * is one statement — an {@code INSERT} that the primary key makes fail for all but one process, or an
 * {@code UPDATE}/{@code DELETE} {@code … WHERE lease_hash = ?} — so it is atomic in any SQL database
 * at its default isolation; tested on H2 and PostgreSQL.
 *
 * <pre>{@code
 * LogtoWeb web = LogtoWeb.create(LogtoServletConfig.fromEnvironment())
 *         .withRefreshLeases(JdbcRefreshLeases.create(sessionDataSource));   // creates the table if missing
 * }</pre>
 *
 * <p>The table ({@link #ddl(String)}; create it yourself and use {@link #builder} with
 * {@code createTable(false)} if the app's database user may not):
 * <pre>
 * CREATE TABLE logto_refresh_leases (
 *   session_key VARCHAR(64)     NOT NULL PRIMARY KEY,  -- SHA-256 (hex) of the session's stable key
 *   lease_hash  VARCHAR(64)     NOT NULL,              -- SHA-256 (hex) of lease, for compare-and-set
 *   lease       VARCHAR(100000) NOT NULL,              -- JSON; may hold the session's current tokens
 *   updated_at  BIGINT          NOT NULL               -- epoch ms, for the clean-up
 * )
 * </pre>
 * (MySQL: {@code lease MEDIUMTEXT}.) A row holds a session's lease while one of its requests
 * refreshes (seconds) and the last refresh's result for the requests that started before it
 * (minutes). Rows not written for {@link Builder#keepFor} (default an hour) are deleted by any
 * write, at most once a minute per instance. Values are at most a few KB.
 *
 * <p>Thread-safe; one per application. Each call takes a connection from the data source and
 * returns it at once (use a pooled one).
 */
public final class JdbcRefreshLeases implements RefreshLeases {
    /** The default table name. */
    public static final String DEFAULT_TABLE = "logto_refresh_leases";
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
    private static final long PURGE_INTERVAL_MILLIS = 60_000;

    private final DataSource dataSource;
    private final String table;
    private final long keepMillis;
    private final Clock clock;
    private final AtomicLong lastPurge = new AtomicLong();

    private JdbcRefreshLeases(Builder b) {
        this.dataSource = b.dataSource;
        this.table = b.table;
        this.keepMillis = b.keepFor.toMillis();
        this.clock = b.clock;
    }

    /**
     * Leases in {@value #DEFAULT_TABLE} of {@code dataSource}, creating the table if it is missing.
     *
     * @param dataSource the database of the container's sessions
     * @return the leases
     * @throws LogtoException {@link LogtoException.Code#STORAGE_FAILED} when the table cannot be created
     */
    public static JdbcRefreshLeases create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /**
     * A builder, for another table name, no table creation, or another clean-up age.
     *
     * @param dataSource the database of the container's sessions
     * @return the builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * The {@code CREATE TABLE} statement for {@code table} (H2, PostgreSQL, and most SQL databases).
     *
     * @param table the table name
     * @return the statement
     */
    public static String ddl(String table) {
        return "CREATE TABLE " + checkedTable(table) + " (session_key VARCHAR(64) NOT NULL PRIMARY KEY, "
                + "lease_hash VARCHAR(64) NOT NULL, lease VARCHAR(100000) NOT NULL, updated_at BIGINT NOT NULL)";
    }

    @Override
    public Optional<String> get(String sessionKey) {
        try (Connection c = connection();
             PreparedStatement select = c.prepareStatement("SELECT lease FROM " + table + " WHERE session_key = ?")) {
            select.setString(1, rowKey(sessionKey));
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("read", e);
        }
    }

    @Override
    public boolean compareAndSet(String sessionKey, String expected, String value) {
        String key = rowKey(sessionKey);
        long now = clock.millis();
        if (expected == null && value == null) {
            return get(sessionKey).isEmpty();
        }
        boolean done;
        try (Connection c = connection()) {
            if (expected == null) {
                done = insert(c, key, value, now);
            } else if (value == null) {
                try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM " + table + " WHERE session_key = ? AND lease_hash = ?")) {
                    delete.setString(1, key);
                    delete.setString(2, sha256(expected));
                    done = delete.executeUpdate() == 1;
                }
            } else {
                try (PreparedStatement update = c.prepareStatement("UPDATE " + table
                        + " SET lease = ?, lease_hash = ?, updated_at = ? WHERE session_key = ? AND lease_hash = ?")) {
                    update.setString(1, value);
                    update.setString(2, sha256(value));
                    update.setLong(3, now);
                    update.setString(4, key);
                    update.setString(5, sha256(expected));
                    done = update.executeUpdate() == 1;
                }
            }
        } catch (SQLException e) {
            throw failed("write", e);
        }
        if (done) {
            purgeNowAndThen(now);
        }
        return done;
    }

    /** Inserts the first lease of a session; {@code false} when another process inserted one first. */
    private boolean insert(Connection c, String key, String value, long now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO " + table + " (session_key, lease_hash, lease, updated_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, key);
            insert.setString(2, sha256(value));
            insert.setString(3, value);
            insert.setLong(4, now);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            // 23xxx: integrity constraint violation, here the primary key: someone else's lease is there.
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Deletes rows not written for longer than the configured age.
     *
     * @return how many rows were deleted
     */
    public int purge() {
        try (Connection c = connection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE updated_at < ?")) {
            delete.setLong(1, clock.millis() - keepMillis);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw failed("clean-up", e);
        }
    }

    private void purgeNowAndThen(long now) {
        long last = lastPurge.get();
        if (now - last >= PURGE_INTERVAL_MILLIS && lastPurge.compareAndSet(last, now)) {
            try {
                purge();
            } catch (LogtoException e) {
                // The clean-up is housekeeping; the next write tries again.
                lastPurge.set(last);
            }
        }
    }

    private void createTableIfMissing() {
        if (exists()) {
            return;
        }
        try (Connection c = connection(); Statement create = c.createStatement()) {
            create.execute(ddl(table));
        } catch (SQLException e) {
            // Another instance may have created it at the same moment.
            if (!exists()) {
                throw failed("create table", e);
            }
        }
    }

    private boolean exists() {
        try (Connection c = connection(); Statement probe = c.createStatement()) {
            probe.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        if (!c.getAutoCommit()) {
            // Each statement must be its own transaction: a lease is seen by others at once.
            c.setAutoCommit(true);
        }
        return c;
    }

    /** The row key: the session key is random already; hashing gives a fixed length and keeps it out of the table. */
    private static String rowKey(String sessionKey) {
        return sha256(Objects.requireNonNull(sessionKey, "sessionKey"));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static String checkedTable(String table) {
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new LogtoException(LogtoException.Code.INVALID_CONFIG,
                    "the lease table name must be an SQL identifier (optionally schema.table)");
        }
        return table;
    }

    private static String unqualified(String table) {
        return table.substring(table.indexOf('.') + 1);
    }

    private static LogtoException failed(String what, SQLException e) {
        // SQL states and messages name no token: the values are bound parameters.
        return new LogtoException(LogtoException.Code.STORAGE_FAILED,
                "refresh lease " + what + " failed (SQLState " + e.getSQLState() + ")", e);
    }

    @Override
    public String toString() {
        return "JdbcRefreshLeases{table=" + table + "}";
    }

    /** Configures {@link JdbcRefreshLeases}. Not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private boolean createTable = true;
        private Duration keepFor = Duration.ofHours(1);
        private Clock clock = Clock.systemUTC();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * The table name (an SQL identifier, optionally {@code schema.table}); default {@value #DEFAULT_TABLE}.
         *
         * @param table the table name
         * @return this builder
         */
        public Builder table(String table) {
            this.table = checkedTable(table);
            return this;
        }

        /**
         * Whether {@link #build()} creates the table when it is missing (default {@code true}).
         *
         * @param createTable whether to create it
         * @return this builder
         */
        public Builder createTable(boolean createTable) {
            this.createTable = createTable;
            return this;
        }

        /**
         * How long an unwritten row is kept (default an hour; at least the 15 minutes a refresh's
         * result is used for).
         *
         * @param keepFor the age
         * @return this builder
         */
        public Builder keepFor(Duration keepFor) {
            if (keepFor.compareTo(Duration.ofMinutes(15)) < 0) {
                throw new LogtoException(LogtoException.Code.INVALID_CONFIG, "keepFor must be at least 15 minutes");
            }
            this.keepFor = keepFor;
            return this;
        }

        /**
         * The clock of {@code updated_at} (tests).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the leases, creating the table first if asked and missing.
         *
         * @return the leases
         * @throws LogtoException {@link LogtoException.Code#STORAGE_FAILED} when the table cannot be created
         */
        public JdbcRefreshLeases build() {
            var leases = new JdbcRefreshLeases(this);
            if (createTable) {
                leases.createTableIfMissing();
            }
            return leases;
        }
    }
}
