package io.logto.sdk.servlet;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link ManyNodesRefreshTest} with the sessions and the leases in PostgreSQL: run by
 * {@code mvn -Ppostgresql} (what {@code .ci/run} does after starting Debian's PostgreSQL on
 * loopback), skipped by the plain build.
 */
@Tag("postgresql")
@EnabledIfSystemProperty(named = SessionDatabases.POSTGRESQL_URL, matches = "jdbc:postgresql://(127\\.0\\.0\\.1|localhost)[:/].*")
class ManyNodesRefreshPostgresTest extends ManyNodesRefreshTest {
    @Override
    SessionDatabases.Database openDatabase() throws Exception {
        return SessionDatabases.postgresql();
    }
}
