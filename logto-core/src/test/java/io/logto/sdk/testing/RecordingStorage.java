package io.logto.sdk.testing;

import io.logto.sdk.storage.Storage;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Storage} that tests can look into: every value, and how many writes happened. Thread-safe.
 */
public final class RecordingStorage implements Storage {
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final AtomicInteger writes = new AtomicInteger();

    @Override
    public String get(String key) {
        return values.get(key);
    }

    @Override
    public void set(String key, String value) {
        writes.incrementAndGet();
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
    }

    @Override
    public void delete(String key) {
        writes.incrementAndGet();
        values.remove(key);
    }

    /** A sorted copy of everything stored. */
    public Map<String, String> snapshot() {
        return new TreeMap<>(values);
    }

    /** How many set/delete calls happened. */
    public int writes() {
        return writes.get();
    }
}
