package io.logto.sdk;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Decoded forms of stored token values (the ID token, the access-token map), keyed by the stored
 * string and shared by every client of one {@link OidcCore}. A web app reads the same session on
 * every request; decoding it once (base64 + JSON) instead of on each read is most of the cost of
 * {@code getIdTokenClaims} and of a cached {@code getAccessToken}.
 *
 * <p>Holds at most {@link #MAX_ENTRIES} entries; when full, an arbitrary entry is dropped, so a miss
 * costs one decode and nothing grows. Values must be immutable: they are shared between threads
 * (and between requests of the same session). Only values that were verified when stored belong
 * here. Lock-free and thread-safe.
 */
final class DecodedTokenCache {
    /** The most entries held at once. */
    static final int MAX_ENTRIES = 512;

    private final ConcurrentMap<Key, Object> entries = new ConcurrentHashMap<>();

    private record Key(Class<?> type, String token) {
    }

    DecodedTokenCache() {
    }

    /**
     * The cached {@code type} decoded from {@code token}, or {@code decode.apply(token)} (then cached).
     * An exception from {@code decode} is passed on and nothing is cached.
     */
    <T> T get(String token, Class<T> type, Function<String, T> decode) {
        var key = new Key(type, Objects.requireNonNull(token, "token"));
        Object hit = entries.get(key);
        if (hit != null) {
            return type.cast(hit);
        }
        T value = Objects.requireNonNull(decode.apply(token), "decoded value");
        if (entries.size() >= MAX_ENTRIES) {
            Iterator<Key> any = entries.keySet().iterator();
            if (any.hasNext()) {
                entries.remove(any.next());
            }
        }
        entries.put(key, value);
        return value;
    }

    /** How many entries are held (for tests and metrics). */
    int size() {
        return entries.size();
    }

    @Override
    public String toString() {
        return "DecodedTokenCache{size=" + entries.size() + "}";
    }
}
