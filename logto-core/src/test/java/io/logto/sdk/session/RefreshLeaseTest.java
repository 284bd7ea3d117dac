package io.logto.sdk.session;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored refresh lease: what a waiting process may take from it, and what it never shows. */
class RefreshLeaseTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final long KEEP = 900_000;

    private static RefreshLease.Result result(String refreshToken, long at) {
        return new RefreshLease.Result("id-token", refreshToken, "https://api", new CachedAccessToken("at", "read", NOW / 1000 + 3600), at);
    }

    @Test
    void parseWhenMissingOrGarbageThenEmpty() {
        assertThat(RefreshLease.parse(null)).isEqualTo(RefreshLease.EMPTY);
        assertThat(RefreshLease.parse("")).isEqualTo(RefreshLease.EMPTY);
        assertThat(RefreshLease.parse("{not json")).isEqualTo(RefreshLease.EMPTY);
        assertThat(RefreshLease.parse("[1,2]")).isEqualTo(RefreshLease.EMPTY);
    }

    @Test
    void toJsonThenParseGivesTheSameLease() {
        var lease = RefreshLease.EMPTY.heldBy("me", NOW + 5000)
                .releasedWith(result("rt-2", NOW), List.of(RefreshLease.fingerprint("rt-1")));

        assertThat(RefreshLease.parse(lease.toJson())).isEqualTo(lease);
    }

    @Test
    void isHeldWhenHolderAndNotPastTheEndPlusSkewThenTrue() {
        var held = RefreshLease.EMPTY.heldBy("me", NOW);

        assertThat(held.isHeldAt(NOW + 60_000, 60_000)).isTrue();
        assertThat(held.isHeldAt(NOW + 60_001, 60_000)).isFalse();
        assertThat(RefreshLease.EMPTY.isHeldAt(NOW, 60_000)).isFalse();
    }

    @Test
    void resultForWhenTheTokenWasReplacedByTheResultThenUsable() {
        var lease = RefreshLease.EMPTY.releasedWith(result("rt-2", NOW), List.of(RefreshLease.fingerprint("rt-1")));

        assertThat(lease.resultFor(RefreshLease.fingerprint("rt-1"), NOW, KEEP)).isPresent();
        assertThat(lease.resultFor(RefreshLease.fingerprint("rt-2"), NOW, KEEP)).as("the current token").isPresent();
        assertThat(lease.resultFor(RefreshLease.fingerprint("rt-other"), NOW, KEEP)).as("another session's").isEmpty();
    }

    @Test
    void resultForWhenOlderThanKeptThenNotUsed() {
        var lease = RefreshLease.EMPTY.releasedWith(result("rt-2", NOW), List.of(RefreshLease.fingerprint("rt-1")));

        assertThat(lease.resultFor(RefreshLease.fingerprint("rt-1"), NOW + KEEP + 1, KEEP)).isEmpty();
        assertThat(lease.resultFor(RefreshLease.fingerprint("rt-1"), NOW - KEEP - 1, KEEP)).as("from the future").isEmpty();
    }

    @Test
    void releasedWithWhenManyRotationsThenOnlyTheNewestReplacedTokensAreKept() {
        var lease = RefreshLease.EMPTY;
        for (int i = 1; i <= 20; i++) {
            lease = lease.releasedWith(result("rt-" + (i + 1), NOW), List.of(RefreshLease.fingerprint("rt-" + i)));
        }

        assertThat(lease.superseded()).hasSize(RefreshLease.MAX_SUPERSEDED)
                .last().isEqualTo(RefreshLease.fingerprint("rt-20"));
        assertThat(lease.superseded()).doesNotContain(RefreshLease.fingerprint("rt-21"));
    }

    @Test
    void releasedWithWhenTheProviderDidNotRotateThenTheCurrentTokenIsNotSuperseded() {
        var lease = RefreshLease.EMPTY.releasedWith(result("rt-1", NOW), new ArrayList<>(List.of(RefreshLease.fingerprint("rt-1"))));

        assertThat(lease.superseded()).isEmpty();
        assertThat(lease.resultFor(RefreshLease.fingerprint("rt-1"), NOW, KEEP)).isPresent();
    }

    @Test
    void failureForWhenOfThisTokenAndRecentThenReported() {
        var lease = RefreshLease.EMPTY.releasedWith(new RefreshLease.Failure(RefreshLease.fingerprint("rt-1"), true, NOW));

        assertThat(lease.failureFor(RefreshLease.fingerprint("rt-1"), NOW + 1000, 5000)).isPresent();
        assertThat(lease.failureFor(RefreshLease.fingerprint("rt-1"), NOW + 6000, 5000)).isEmpty();
        assertThat(lease.failureFor(RefreshLease.fingerprint("rt-2"), NOW, 5000)).isEmpty();
    }

    @Test
    void storedFormNamesRefreshTokensOnlyByFingerprintExceptTheCurrentOne() {
        var lease = RefreshLease.EMPTY.releasedWith(result("rt-current", NOW), List.of(RefreshLease.fingerprint("rt-old")));

        assertThat(lease.toJson()).doesNotContain("rt-old").contains(RefreshLease.fingerprint("rt-old"));
        assertThat(lease.toString()).doesNotContain("rt-current").doesNotContain("id-token");
    }
}
