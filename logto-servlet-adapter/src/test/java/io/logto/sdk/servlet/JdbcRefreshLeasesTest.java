package io.logto.sdk.servlet;

import io.logto.sdk.LogtoException;
import io.logto.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lease table on H2 over TCP: compare-and-set semantics exactly (what the lease's safety rests
 * on), one winner among racing processes, clean-up, and errors that name no value.
 */
class JdbcRefreshLeasesTest {
    private SessionDatabases.Database database;
    private final MutableClock clock = new MutableClock();
    private JdbcRefreshLeases leases;

    @BeforeEach
    void start() throws Exception {
        database = SessionDatabases.h2();
        leases = JdbcRefreshLeases.builder(database.dataSource()).clock(clock).build();
    }

    @AfterEach
    void stop() throws Exception {
        database.close();
    }

    @Test
    void compareAndSetReplacesOnlyTheExpectedValue() {
        assertThat(leases.get("s")).isEmpty();
        assertThat(leases.compareAndSet("s", null, "a")).isTrue();
        assertThat(leases.compareAndSet("s", null, "b")).as("insert over an existing lease").isFalse();
        assertThat(leases.compareAndSet("s", "x", "b")).as("wrong expected value").isFalse();
        assertThat(leases.get("s")).contains("a");
        assertThat(leases.compareAndSet("s", "a", "b")).isTrue();
        assertThat(leases.compareAndSet("s", "a", null)).as("delete with a stale value").isFalse();
        assertThat(leases.compareAndSet("s", "b", null)).isTrue();
        assertThat(leases.get("s")).isEmpty();
        assertThat(leases.compareAndSet("s", null, null)).isTrue();
    }

    @Test
    void sessionsHaveTheirOwnLeases() {
        leases.compareAndSet("one", null, "a");

        assertThat(leases.get("two")).isEmpty();
        assertThat(leases.compareAndSet("two", null, "b")).isTrue();
        assertThat(leases.get("one")).contains("a");
    }

    @Test
    void racingProcessesEachRoundExactlyOneWins() throws Exception {
        // Separate instances, as separate nodes would have, on one database.
        var nodes = new ArrayList<JdbcRefreshLeases>();
        for (int i = 0; i < 6; i++) {
            nodes.add(JdbcRefreshLeases.create(database.dataSource()));
        }
        var pool = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 20; round++) {
                String expected = round == 0 ? null : "round-" + (round - 1);
                String value = "round-" + round;
                var start = new CountDownLatch(1);
                var wins = new AtomicInteger();
                var futures = new ArrayList<Future<?>>();
                for (JdbcRefreshLeases node : nodes) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        if (node.compareAndSet("raced", expected, value)) {
                            wins.incrementAndGet();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (var future : futures) {
                    future.get();
                }
                assertThat(wins.get()).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rowsUnwrittenForLongerThanKeepForAreDeletedByALaterWrite() {
        leases.compareAndSet("old", null, "a");
        clock.advance(Duration.ofMinutes(30));
        leases.compareAndSet("recent", null, "b");
        clock.advance(Duration.ofMinutes(31));

        leases.compareAndSet("new", null, "c");

        assertThat(leases.get("old")).as("61 minutes unwritten").isEmpty();
        assertThat(leases.get("recent")).contains("b");
        assertThat(leases.get("new")).contains("c");
        clock.advance(Duration.ofMinutes(40));
        assertThat(leases.purge()).as("recent is 71 minutes old now").isEqualTo(1);
    }

    @Test
    void theTableIsCreatedOnceAndTheSessionKeyIsNotStoredInClear() throws Exception {
        JdbcRefreshLeases.create(database.dataSource());
        leases.compareAndSet("session-key-7", null, "a");

        assertThat(database.count("logto_refresh_leases")).isEqualTo(1);
        try (var c = database.dataSource().getConnection(); var s = c.createStatement();
             var rows = s.executeQuery("SELECT session_key FROM logto_refresh_leases")) {
            rows.next();
            assertThat(rows.getString(1)).hasSize(64).doesNotContain("session-key-7");
        }
    }

    @Test
    void aBadTableNameOrAMissingTableFailsTypedWithoutValues() throws Exception {
        assertThatThrownBy(() -> JdbcRefreshLeases.builder(database.dataSource()).table("x; DROP TABLE y"))
                .isInstanceOfSatisfying(LogtoException.class, e -> assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_CONFIG));
        var missing = JdbcRefreshLeases.builder(database.dataSource()).table("no_such_table").createTable(false).build();

        assertThatThrownBy(() -> missing.compareAndSet("s", null, "secret-lease-value"))
                .isInstanceOfSatisfying(LogtoException.class, e -> {
                    assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED);
                    assertThat(e.getMessage()).doesNotContain("secret-lease-value");
                });
    }
}
