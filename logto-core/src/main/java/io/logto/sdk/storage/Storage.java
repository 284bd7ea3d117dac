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
 */
public interface Storage {
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
}
