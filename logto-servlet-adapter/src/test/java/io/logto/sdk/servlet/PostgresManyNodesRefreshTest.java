package io.logto.sdk.servlet;

import org.junit.jupiter.api.Tag;

/**
 * {@link ManyNodesRefreshTest} with the sessions and the refresh leases in PostgreSQL: runs in the
 * Maven profile {@code postgres} with {@code -Dlogto.postgres.url} (what {@code .ci/run} does after
 * starting a throw-away PostgreSQL on loopback); the plain build leaves it out. Without the URL it
 * fails.
 */
@Tag("postgres")
class PostgresManyNodesRefreshTest extends ManyNodesRefreshTest {
    @Override
    SessionDatabases.Database openDatabase() throws Exception {
        return SessionDatabases.postgresql();
    }
}
