package io.logto.sdk.testing;

import io.logto.sdk.storage.Storage;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One user's session in a store shared by several processes, the way a servlet container's JDBC
 * session store behaves: each request works on a copy of the session taken when it starts
 * ({@link #open}), and writes its whole copy back when it ends ({@link Request#close()}), the last
 * writer winning. Only the refresh lease is read fresh and changed with a real compare-and-set,
 * like a row of a lease table. Thread-safe.
 */
public final class SharedSessionStore {
    private final Object lock = new Object();
    private final Map<String, String> committed = new HashMap<>();
    private String lease;
    private final AtomicInteger leaseWrites = new AtomicInteger();

    /**
     * A request's view of the session.
     *
     * @param coordinated whether the view declares {@link Storage#isAtomicAcrossProcesses()}
     * @return the view; close it to write it back
     */
    public Request open(boolean coordinated) {
        synchronized (lock) {
            return new Request(new HashMap<>(committed), coordinated);
        }
    }

    /** The committed session (a copy). */
    public Map<String, String> committed() {
        synchronized (lock) {
            return new HashMap<>(committed);
        }
    }

    /** The current lease value, or {@code null}. */
    public String lease() {
        synchronized (lock) {
            return lease;
        }
    }

    /** Sets the lease value directly (a crashed holder's lease, say). */
    public void plantLease(String value) {
        synchronized (lock) {
            lease = value;
        }
    }

    /** Successful lease compare-and-sets. */
    public int leaseWrites() {
        return leaseWrites.get();
    }

    /** One request's copy of the session. */
    public final class Request implements Storage, AutoCloseable {
        private final Map<String, String> values;
        private final boolean coordinated;

        private Request(Map<String, String> values, boolean coordinated) {
            this.values = values;
            this.coordinated = coordinated;
        }

        @Override
        public synchronized String get(String key) {
            if (coordinated && key.equals(REFRESH_LEASE)) {
                return lease();
            }
            return values.get(key);
        }

        @Override
        public synchronized void set(String key, String value) {
            if (value == null) {
                values.remove(key);
            } else {
                values.put(key, value);
            }
        }

        @Override
        public synchronized void delete(String key) {
            values.remove(key);
        }

        @Override
        public boolean compareAndSet(String key, String expected, String value) {
            if (!coordinated || !key.equals(REFRESH_LEASE)) {
                return Storage.super.compareAndSet(key, expected, value);
            }
            synchronized (lock) {
                if (!Objects.equals(lease, expected)) {
                    return false;
                }
                lease = value;
                leaseWrites.incrementAndGet();
                return true;
            }
        }

        @Override
        public boolean isAtomicAcrossProcesses() {
            return coordinated;
        }

        /** Writes this copy back, whole (last writer wins), as a session store does at the end of a request. */
        @Override
        public void close() {
            synchronized (lock) {
                synchronized (this) {
                    committed.clear();
                    committed.putAll(values);
                }
            }
        }
    }
}
