package io.logto.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves by hand, so that cache lifetimes and token expiry need no waiting. Two
 * kinds: one that stands still until moved ({@link #MutableClock()}, at {@link #START}), and one that
 * runs with the system clock plus the moves ({@link #followingSystemTime()}), for tests against a
 * real provider that stamps its tokens with the real time ("an hour passes on this node").
 * Thread-safe.
 */
public final class MutableClock extends Clock {
    /** The instant a standing clock starts at, so that token times are reproducible. */
    public static final Instant START = Instant.parse("2026-01-15T10:00:00Z");

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    /** A clock standing at {@link #START}. */
    public MutableClock() {
        this(START);
    }

    /**
     * A clock standing at {@code now}.
     *
     * @param now where it stands until moved
     */
    public MutableClock(Instant now) {
        this(Clock.fixed(now, ZoneOffset.UTC));
    }

    private MutableClock(Clock base) {
        this.base = base;
    }

    /**
     * A clock that runs with the system clock, moved by {@link #advance} on top.
     *
     * @return the clock
     */
    public static MutableClock followingSystemTime() {
        return new MutableClock(Clock.systemUTC());
    }

    /**
     * Moves the clock forward (or back, with a negative duration).
     *
     * @param by how far
     */
    public synchronized void advance(Duration by) {
        offset = offset.plus(by);
    }

    /**
     * Sets the clock to {@code instant} (a clock following the system time goes on from there).
     *
     * @param instant the new now
     */
    public synchronized void set(Instant instant) {
        offset = Duration.between(base.instant(), instant);
    }

    /**
     * Now, in epoch seconds.
     *
     * @return the seconds
     */
    public long epochSeconds() {
        return instant().getEpochSecond();
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
