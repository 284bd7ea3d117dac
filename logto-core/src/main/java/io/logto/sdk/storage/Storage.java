package io.logto.sdk.storage;

/**
 * Where one user's Logto session lives: the sign-in attempts, the ID token, the refresh token and
 * the cached access tokens. This is the SDK's one extension point: implement it to keep the
 * session in any store (an HTTP session, a cookie, Redis, a database).
 *
 * <p>All values are strings (JSON where structured) so that any session store can hold them.
 * A value that cannot be read is treated as absent by the SDK, never as a crash.
 *
 * <p>Implementations must be safe for use by several threads serving requests of the same user.
 * The SDK performs read-modify-write of one key (the access-token map, the pending sign-ins) while
 * holding the monitor of {@link #mutex()}, so an implementation shared through several instances
 * (one per request, say) should return an object common to all of them.
 *
 * <h2>Many nodes: one refresh per session at a time</h2>
 * Logto rotates refresh tokens, and treats a rotated token presented again as theft: it revokes the
 * whole grant, which signs the user out everywhere. Within one JVM the SDK never sends a refresh
 * token twice (refreshes are single-flight per {@link io.logto.sdk.OidcCore}). When several
 * processes share a session, a storage that can say so lets the SDK coordinate them too:
 * <ol>
 *   <li>{@link #compareAndSet} is atomic across every process that shares the session, and</li>
 *   <li>{@link #get} of the key {@value #REFRESH_LEASE} returns the latest value written by any of
 *       them (not a copy taken when the request started), and</li>
 *   <li>{@link #isAtomicAcrossProcesses()} returns {@code true}.</li>
 * </ol>
 * The SDK then keeps a short lease under {@value #REFRESH_LEASE}: the process that takes it
 * refreshes, and records the outcome there; the others wait for it (polling that one key with
 * back-off, for at most the lease's length) and use it. It is the only key the SDK ever passes to
 * {@code compareAndSet}, so a store that keeps the session elsewhere can keep that one key in a
 * table that supports it (the servlet adapter's {@code JdbcRefreshLeases} does, keyed by
 * {@value #SESSION_KEY}). Its value may hold the session's tokens for a few minutes, like the rest
 * of the session.
 *
 * <p>A storage that cannot ({@code isAtomicAcrossProcesses() == false}, the default) gets the
 * single-process behaviour: safe on one node, behind a load balancer that keeps each session on one
 * node, or with a provider that does not rotate refresh tokens; with several nodes serving one
 * session at the same moment two of them may refresh it at once, and a provider that rotates may
 * then revoke the grant (the user must sign in again).
 */
public interface Storage {
    /**
     * The key of the refresh lease: the only key the SDK passes to {@link #compareAndSet}, and one
     * whose {@link #get} must see every process's latest write when the storage
     * {@linkplain #isAtomicAcrossProcesses() says it coordinates processes}.
     */
    String REFRESH_LEASE = "refreshLease";

    /**
     * The key of a random identifier (22 base64url characters) the SDK writes when a sign-in
     * completes and removes with the tokens: stable for the signed-in session's life, whatever the
     * container does to its session id, so that a storage can key data it keeps elsewhere (the
     * refresh lease) by it.
     */
    String SESSION_KEY = "sessionKey";

    /**
     * The stored value, or {@code null} when there is none.
     *
     * @param key the key
     * @return the stored value, or {@code null} when there is none
     */
    String get(String key);

    /**
     * Stores {@code value} under {@code key}; a {@code null} value deletes the key.
     *
     * @param key the key
     * @param value the value, or {@code null}
     */
    void set(String key, String value);

    /**
     * Deletes the key; deleting a missing key does nothing.
     *
     * @param key the key
     */
    void delete(String key);

    /**
     * The object the SDK synchronizes on while it reads, changes and writes back a value. The
     * default is this storage itself.
     *
     * @return the object the SDK synchronizes on while it reads, changes and writes back a value
     */
    default Object mutex() {
        return this;
    }

    /**
     * Sets {@code key} to {@code value} if, and only if, its current value is {@code expected}
     * ({@code null}: absent), as one atomic step; a {@code null} {@code value} deletes the key. The
     * SDK calls it only for {@value #REFRESH_LEASE}, and only when {@link #isAtomicAcrossProcesses()}.
     *
     * <p>The default reads and writes while holding {@link #mutex()}: atomic for the threads of one
     * JVM that share that mutex, not across processes. Override it (and
     * {@link #isAtomicAcrossProcesses()}) when the store offers a real compare-and-set: a
     * conditional {@code UPDATE … WHERE value = ?}, Redis {@code WATCH}/{@code MULTI} or a script, a
     * version attribute in DynamoDB.
     *
     * @param key the key
     * @param expected the value the key must have now, or {@code null} for "absent"
     * @param value the new value, or {@code null} to delete the key
     * @return whether the value was replaced
     */
    default boolean compareAndSet(String key, String expected, String value) {
        synchronized (mutex()) {
            String current = get(key);
            if (current == null ? expected != null : !current.equals(expected)) {
                return false;
            }
            set(key, value);
            return true;
        }
    }

    /**
     * Whether a write now would be kept. A storage in cookies cannot take writes once the response
     * is committed: then the SDK does not start a refresh (Logto may rotate the refresh token, and
     * a rotated token that cannot be stored would be sent again, which revokes the grant) and fails
     * with {@link io.logto.sdk.LogtoException.Code#STORAGE_FAILED} instead. The default is {@code true}.
     *
     * @return whether a write now would be kept
     */
    default boolean acceptsWrites() {
        return true;
    }

    /**
     * Whether {@link #compareAndSet} is atomic across every process sharing this session, and
     * {@link #get} of {@value #REFRESH_LEASE} sees their latest writes: then the SDK coordinates
     * refreshes across processes (see the class comment). The default is {@code false}.
     *
     * @return whether refreshes of this session can be coordinated across processes through it
     */
    default boolean isAtomicAcrossProcesses() {
        return false;
    }
}
