package io.logto.sdk.servlet;

import io.logto.sdk.SignedInSession;
import io.logto.sdk.VerifiedLogout;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of ended sessions in this JVM's memory: right for an app on one node, wrong for many
 * (a logout token reaches one node; use {@link JdbcEndedSessions} there). {@link LogtoWeb} uses one
 * unless given another.
 *
 * <p>Bounded: entries older than the {@linkplain #retention() retention} (default
 * {@value #DEFAULT_RETENTION_DAYS} days) are dropped as new ones come, and at most
 * {@link #maxEntries()} are kept (default {@value #DEFAULT_MAX_ENTRIES}, a few tens of MB at most).
 * Only verified logout tokens — signed by Logto — add entries, so forged requests cannot fill it.
 * When the cap is hit anyway, the oldest entry is dropped (logged once, counted by
 * {@link #evictions()}): a session it ended that has not been used since would count as signed in
 * again, so size the cap for the logouts of one retention period.
 *
 * <p>Lookups and updates take one lock and a hash lookup each. Thread-safe.
 */
public final class MemoryEndedSessions implements EndedSessions {
    /** The default retention, in days: longer than the session timeout of most apps. */
    public static final long DEFAULT_RETENTION_DAYS = 14;
    /** The default maximum number of entries. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private static final System.Logger LOG = System.getLogger(MemoryEndedSessions.class.getName());

    private final Duration retention;
    private final int maxEntries;
    /** In the order entries were last written, which is the order of their {@code endedAt}. */
    private final LinkedHashMap<EndedSessionRules.Key, EndedSessionRules.Entry> entries = new LinkedHashMap<>();
    private long evictions;

    /** A record with the default retention and maximum size. */
    public MemoryEndedSessions() {
        this(Duration.ofDays(DEFAULT_RETENTION_DAYS), DEFAULT_MAX_ENTRIES);
    }

    /**
     * A record keeping each entry for {@code retention}, and at most {@code maxEntries}.
     *
     * @param retention  how long an entry is kept: at least the container's session timeout
     * @param maxEntries the most entries kept
     */
    public MemoryEndedSessions(Duration retention, int maxEntries) {
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
    }

    @Override
    public synchronized void record(VerifiedLogout logout, Instant receivedAt) {
        long now = receivedAt.getEpochSecond();
        dropExpired(now);
        for (EndedSessionRules.Key key : EndedSessionRules.keysOf(logout)) {
            Optional<EndedSessionRules.Entry> merged = EndedSessionRules.merged(key.kind(),
                    Optional.ofNullable(entries.get(key)), now, logout.issuedAt().getEpochSecond());
            if (merged.isPresent()) {
                entries.remove(key); // re-inserted at the end: the map stays in endedAt order
                entries.put(key, merged.get());
            }
        }
        while (entries.size() > maxEntries) {
            Iterator<EndedSessionRules.Key> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
            if (evictions++ == 0) {
                LOG.log(System.Logger.Level.WARNING, "The record of ended sessions is full ({0} entries): the oldest "
                        + "are dropped before their retention ends; raise maxEntries", maxEntries);
            }
        }
    }

    @Override
    public synchronized boolean hasEnded(SignedInSession session, Instant now) {
        if (entries.isEmpty()) {
            return false;
        }
        long oldestKept = now.getEpochSecond() - retention.toSeconds();
        for (EndedSessionRules.Key key : EndedSessionRules.keysFor(session)) {
            EndedSessionRules.Entry entry = entries.get(key);
            if (entry != null && entry.endedAt() >= oldestKept && EndedSessionRules.ends(key, entry, session)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<Duration> retention() {
        return Optional.of(retention);
    }

    /**
     * The most entries kept.
     *
     * @return the cap
     */
    public int maxEntries() {
        return maxEntries;
    }

    /**
     * How many entries are kept now (never more than {@link #maxEntries()}).
     *
     * @return the count
     */
    public synchronized int size() {
        return entries.size();
    }

    /**
     * How many entries were dropped before their retention ended because the record was full.
     *
     * @return the count since start
     */
    public synchronized long evictions() {
        return evictions;
    }

    private void dropExpired(long now) {
        long oldestKept = now - retention.toSeconds();
        Iterator<Map.Entry<EndedSessionRules.Key, EndedSessionRules.Entry>> it = entries.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().endedAt() < oldestKept) {
            it.remove();
        }
    }

    @Override
    public String toString() {
        return "MemoryEndedSessions{retention=" + retention + ", maxEntries=" + maxEntries + "}";
    }
}
