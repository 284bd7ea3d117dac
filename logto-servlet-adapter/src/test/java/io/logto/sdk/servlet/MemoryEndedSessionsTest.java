package io.logto.sdk.servlet;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link MemoryEndedSessions}: the contract, and its bounds. */
class MemoryEndedSessionsTest extends EndedSessionsContract {
    @Override
    EndedSessions newRecord() {
        return new MemoryEndedSessions(RETENTION, 1_000);
    }

    @Test
    void recordWhenEntriesPassTheRetentionThenTheyAreDroppedAsNewOnesCome() {
        var record = new MemoryEndedSessions(RETENTION, 1_000);
        for (int i = 0; i < 100; i++) {
            record.record(logout("user-" + i, "op-" + i, T), T);
        }
        assertThat(record.size()).isEqualTo(200); // a sid entry and a sid-less entry each

        record.record(logout("late", null, T), T.plus(RETENTION).plusSeconds(1));

        assertThat(record.size()).isEqualTo(1);
    }

    @Test
    void recordWhenMoreLogoutsThanTheCapThenSizeStaysAtTheCapAndTheOldestGo() {
        var record = new MemoryEndedSessions(RETENTION, 100);
        for (int i = 0; i < 10_000; i++) {
            record.record(logout(null, "op-" + i, T.plusMillis(i)), T.plusSeconds(i / 100));
            assertThat(record.size()).isLessThanOrEqualTo(100);
        }

        assertThat(record.size()).isEqualTo(100);
        assertThat(record.evictions()).isEqualTo(9_900);
        assertThat(record.hasEnded(session("alice", "op-9999", T), T.plusSeconds(100))).isTrue();
        assertThat(record.hasEnded(session("alice", "op-0", T), T.plusSeconds(100))).isFalse();
    }

    @Test
    void recordWhenTheSameUserIsLoggedOutAgainAndAgainThenOneEntry() {
        var record = new MemoryEndedSessions(RETENTION, 100);
        for (int i = 0; i < 1_000; i++) {
            record.record(logout("alice", null, T.plusSeconds(i)), T.plusSeconds(i));
        }

        assertThat(record.size()).isEqualTo(1);
    }

    @Test
    void constructorWhenBoundsAreNotPositiveThenRefused() {
        assertThatThrownBy(() -> new MemoryEndedSessions(Duration.ZERO, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryEndedSessions(RETENTION, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsAreFourteenDaysAndAHundredThousandEntries() {
        var record = new MemoryEndedSessions();

        assertThat(record.retention()).contains(Duration.ofDays(14));
        assertThat(record.maxEntries()).isEqualTo(100_000);
    }
}
