package io.logto.sdk.servlet;

import io.logto.sdk.SignedInSession;
import io.logto.sdk.VerifiedLogout;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link EndedSessions} must do (the rules of its Javadoc), run against each
 * implementation by a subclass.
 */
abstract class EndedSessionsContract {
    /** A time of the app's clock. */
    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    static final Duration RETENTION = Duration.ofHours(1);

    /** A new, empty record keeping entries for {@link #RETENTION}. */
    abstract EndedSessions newRecord();

    static VerifiedLogout logout(String sub, String sid, Instant issuedAt) {
        return new VerifiedLogout(Optional.ofNullable(sub), Optional.ofNullable(sid), issuedAt);
    }

    static SignedInSession session(String sub, String sid, Instant signedInAt) {
        return new SignedInSession(sub, Optional.ofNullable(sid), signedInAt);
    }

    @Test
    void hasEndedWhenNothingRecordedThenFalse() {
        assertThat(newRecord().hasEnded(session("alice", "op-1", T), T)).isFalse();
    }

    @Test
    void recordWhenTheLogoutNamesASessionThenThatSessionEndsWhenEverItSignedIn() {
        EndedSessions record = newRecord();
        record.record(logout("alice", "op-1", T), T);

        assertThat(record.hasEnded(session("alice", "op-1", T.minusSeconds(600)), T.plusSeconds(5))).isTrue();
        assertThat(record.hasEnded(session("alice", "op-2", T.minusSeconds(600)), T.plusSeconds(5))).isFalse();
        assertThat(record.hasEnded(session("bob", "op-3", T.minusSeconds(600)), T.plusSeconds(5))).isFalse();
    }

    @Test
    void recordWhenTheLogoutNamesASessionThenTheUsersEarlierSessionsWithoutSidEndToo() {
        EndedSessions record = newRecord();
        record.record(logout("alice", "op-1", T), T);

        assertThat(record.hasEnded(session("alice", null, T.minusSeconds(1)), T)).isTrue();
        assertThat(record.hasEnded(session("alice", null, T.plusSeconds(1)), T.plusSeconds(2))).isFalse();
        assertThat(record.hasEnded(session("bob", null, T.minusSeconds(1)), T)).isFalse();
    }

    @Test
    void recordWhenOnlyASessionIdThenOnlyThatSession() {
        EndedSessions record = newRecord();
        record.record(logout(null, "op-1", T), T);

        assertThat(record.hasEnded(session("alice", "op-1", T), T)).isTrue();
        assertThat(record.hasEnded(session("alice", null, T.minusSeconds(1)), T)).isFalse();
    }

    @Test
    void recordWhenTheLogoutNamesOnlyTheUserThenEverySessionSignedInUpToThenEnds() {
        EndedSessions record = newRecord();
        record.record(logout("alice", null, T.minusSeconds(1)), T);

        assertThat(record.hasEnded(session("alice", "op-1", T.minusSeconds(60)), T)).isTrue();
        assertThat(record.hasEnded(session("alice", null, T), T)).isTrue();
        assertThat(record.hasEnded(session("alice", "op-9", T.plusSeconds(1)), T.plusSeconds(1))).isFalse();
        assertThat(record.hasEnded(session("bob", null, T.minusSeconds(60)), T)).isFalse();
    }

    @Test
    void recordWhenTheSameTokenComesAgainLaterThenTheUsersTimeDoesNotMove() {
        EndedSessions record = newRecord();
        record.record(logout("alice", null, T), T);

        record.record(logout("alice", null, T), T.plusSeconds(90)); // a replay, via another node

        assertThat(record.hasEnded(session("alice", null, T.plusSeconds(30)), T.plusSeconds(90))).isFalse();
    }

    @Test
    void recordWhenALaterTokenNamesTheUserAgainThenTheTimeMovesOn() {
        EndedSessions record = newRecord();
        record.record(logout("alice", null, T), T);

        record.record(logout("alice", null, T.plusSeconds(100)), T.plusSeconds(100));

        assertThat(record.hasEnded(session("alice", null, T.plusSeconds(30)), T.plusSeconds(100))).isTrue();
        assertThat(record.hasEnded(session("alice", null, T.plusSeconds(101)), T.plusSeconds(101))).isFalse();
    }

    @Test
    void recordWhenALaterTokenArrivesWithAnEarlierReceiptThenTheTimeNeverMovesBack() {
        EndedSessions record = newRecord();
        record.record(logout("alice", null, T), T.plusSeconds(50));

        // Another node whose clock is behind receives a newer logout.
        record.record(logout("alice", null, T.plusSeconds(10)), T.plusSeconds(20));

        assertThat(record.hasEnded(session("alice", null, T.plusSeconds(40)), T.plusSeconds(60))).isTrue();
    }

    @Test
    void hasEndedWhenTheEntryIsOlderThanTheRetentionThenItNoLongerCounts() {
        EndedSessions record = newRecord();
        record.record(logout("alice", "op-1", T), T);

        assertThat(record.hasEnded(session("alice", "op-1", T.minusSeconds(1)), T.plus(RETENTION))).isTrue();
        assertThat(record.hasEnded(session("alice", "op-1", T.minusSeconds(1)), T.plus(RETENTION).plusSeconds(1)))
                .isFalse();
    }

    @Test
    void retentionIsKnown() {
        assertThat(newRecord().retention()).contains(RETENTION);
    }
}
