package io.logto.sdk.storage;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link Storage} in this JVM's memory.
 *
 * <p>Good for tests, command-line tools and desktop apps. In a web app it loses the session on
 * restart and is not shared between instances or processes; use the HTTP session (see the servlet
 * adapter) or {@link FileStorage} there. Thread-safe.
 */
public final class MemoryStorage implements Storage {
    private final ConcurrentMap<String, String> values = new ConcurrentHashMap<>();

    /** An empty storage. */
    public MemoryStorage() {
    }

    @Override
    public String get(String key) {
        return values.get(key);
    }

    @Override
    public void set(String key, String value) {
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
    }

    @Override
    public void delete(String key) {
        values.remove(key);
    }

    @Override
    public String toString() {
        return "MemoryStorage{keys=" + values.keySet() + "}";
    }
}
