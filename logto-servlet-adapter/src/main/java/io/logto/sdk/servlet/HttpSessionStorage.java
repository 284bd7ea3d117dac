package io.logto.sdk.servlet;

import io.logto.sdk.storage.SessionStorage;
import io.logto.sdk.storage.Storage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Storage} on the request's {@link HttpSession}: the Logto keys become session attributes
 * prefixed with {@value SessionStorage#DEFAULT_PREFIX}, and every value is a {@link String}, so any
 * session store (in memory, JDBC, Redis, a cluster) can serialize them.
 *
 * <p>The session is created only when something must be stored: reading or deleting never creates
 * one, so anonymous visitors of public pages get no session.
 *
 * <pre>{@code
 * LogtoClient client = new LogtoClient(core, new HttpSessionStorage(request));
 * }</pre>
 *
 * <p>Bound to one request: create one per request (it is cheap), do not keep it. The
 * {@link #mutex()} is the {@link HttpSession} object when the session exists, so requests of the
 * same user that the container serves with the same session object (Jetty's and Tomcat's default
 * session caches) update the Logto keys one at a time; before the session exists it is the request
 * itself, as no other request can see a session that does not exist yet.
 *
 * <p><b>Many nodes.</b> Given {@link RefreshLeases} (e.g. {@link JdbcRefreshLeases} beside a JDBC
 * session store), the refresh lease of a signed-in session is kept there, keyed by the session's
 * stable key ({@link Storage#SESSION_KEY}), and this storage reports
 * {@link Storage#isAtomicAcrossProcesses()}: the nodes sharing the session refresh it one at a
 * time. Without, or for a session signed in before the key existed, it reports {@code false}.
 */
public final class HttpSessionStorage implements Storage {
    private final SessionStorage storage;
    private final RefreshLeases leases;

    /**
     * A storage on {@code request}'s session, with the default attribute prefix.
     *
     * @param request the current request
     */
    public HttpSessionStorage(HttpServletRequest request) {
        this(request, SessionStorage.DEFAULT_PREFIX);
    }

    /**
     * A storage on {@code request}'s session whose attribute names start with {@code prefix}.
     *
     * @param request the current request
     * @param prefix the prefix of every attribute name
     */
    public HttpSessionStorage(HttpServletRequest request, String prefix) {
        this(request, prefix, null);
    }

    /**
     * A storage on {@code request}'s session that keeps the refresh lease in {@code leases}, so that
     * nodes sharing sessions refresh each one once.
     *
     * @param request the current request
     * @param prefix the prefix of every attribute name
     * @param leases where the refresh leases are kept, shared by every node; {@code null} for none
     */
    public HttpSessionStorage(HttpServletRequest request, String prefix, RefreshLeases leases) {
        this.storage = new SessionStorage(new HttpSessionAttributes(Objects.requireNonNull(request, "request")), prefix);
        this.leases = leases;
    }

    @Override
    public String get(String key) {
        Optional<String> leaseKey = leaseKey(key);
        return leaseKey.isPresent() ? leases.get(leaseKey.get()).orElse(null) : storage.get(key);
    }

    @Override
    public void set(String key, String value) {
        Optional<String> leaseKey = leaseKey(key);
        if (leaseKey.isPresent()) {
            // Unconditional: whatever is there is replaced.
            String current = leases.get(leaseKey.get()).orElse(null);
            while (!leases.compareAndSet(leaseKey.get(), current, value)) {
                current = leases.get(leaseKey.get()).orElse(null);
            }
        } else {
            storage.set(key, value);
        }
    }

    @Override
    public void delete(String key) {
        set(key, null);
    }

    @Override
    public boolean compareAndSet(String key, String expected, String value) {
        Optional<String> leaseKey = leaseKey(key);
        return leaseKey.isPresent() ? leases.compareAndSet(leaseKey.get(), expected, value)
                : Storage.super.compareAndSet(key, expected, value);
    }

    /** {@code true} with {@link RefreshLeases} for a session that has its stable key (signed in). */
    @Override
    public boolean isAtomicAcrossProcesses() {
        return leases != null && storage.get(SESSION_KEY) != null;
    }

    /** The key of the lease row when {@code key} is the refresh lease and leases are kept aside. */
    private Optional<String> leaseKey(String key) {
        if (leases == null || !REFRESH_LEASE.equals(key)) {
            return Optional.empty();
        }
        return Optional.ofNullable(storage.get(SESSION_KEY));
    }

    @Override
    public Object mutex() {
        return storage.mutex();
    }

    @Override
    public String toString() {
        return "HttpSessionStorage{" + storage + "}";
    }

    /** The servlet session's attributes, seen through the four operations the SDK needs. */
    private record HttpSessionAttributes(HttpServletRequest request) implements SessionStorage.Attributes {
        @Override
        public String getAttribute(String name) {
            HttpSession session = existing();
            if (session == null) {
                return null;
            }
            try {
                // A value of another type was not written by us: treat it as absent.
                return session.getAttribute(name) instanceof String s ? s : null;
            } catch (IllegalStateException invalidated) {
                return null;
            }
        }

        @Override
        public void setAttribute(String name, String value) {
            request.getSession(true).setAttribute(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            HttpSession session = existing();
            if (session != null) {
                try {
                    session.removeAttribute(name);
                } catch (IllegalStateException invalidated) {
                    // Nothing to remove from a session that is gone.
                }
            }
        }

        @Override
        public Object mutex() {
            HttpSession session = existing();
            return session != null ? session : request;
        }

        private HttpSession existing() {
            return request.getSession(false);
        }
    }
}
