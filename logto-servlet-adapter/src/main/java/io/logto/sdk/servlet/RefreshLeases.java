package io.logto.sdk.servlet;

import java.util.Optional;

/**
 * Where the servlet adapter keeps each session's refresh lease when the container's session store
 * cannot offer compare-and-set through the servlet API (a JDBC, Redis or Hazelcast session store
 * gives each request a copy of the session, written back whole when it ends). With it,
 * {@link HttpSessionStorage} declares {@link io.logto.sdk.storage.Storage#isAtomicAcrossProcesses()}
 * and the nodes refresh each session one at a time; see {@link JdbcRefreshLeases} for the table
 * that sits beside the container's session table.
 *
 * <p>Keys are the session's stable key ({@link io.logto.sdk.storage.Storage#SESSION_KEY}, written
 * at sign-in, unchanged by {@code changeSessionId()}). Values are opaque strings of a few KB that
 * may hold the session's current tokens. Implementations must be thread-safe, atomic across
 * processes, and read the latest value (no cache).
 */
public interface RefreshLeases {
    /**
     * The lease of the session with {@code sessionKey}, as last written by any process.
     *
     * @param sessionKey the session's stable key
     * @return the stored value; empty when there is none
     */
    Optional<String> get(String sessionKey);

    /**
     * Replaces the lease of {@code sessionKey} if, and only if, it is {@code expected} now, in one
     * atomic step.
     *
     * @param sessionKey the session's stable key
     * @param expected   the current value, or {@code null} for none
     * @param value      the new value, or {@code null} to remove it
     * @return whether it was replaced
     */
    boolean compareAndSet(String sessionKey, String expected, String value);
}
