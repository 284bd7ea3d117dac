package io.logto.sdk.servlet;

import io.logto.sdk.storage.SessionStorage;
import io.logto.sdk.storage.Storage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.util.Objects;

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
 */
public final class HttpSessionStorage implements Storage {
    private final SessionStorage storage;

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
        this.storage = new SessionStorage(new HttpSessionAttributes(Objects.requireNonNull(request, "request")), prefix);
    }

    @Override
    public String get(String key) {
        return storage.get(key);
    }

    @Override
    public void set(String key, String value) {
        storage.set(key, value);
    }

    @Override
    public void delete(String key) {
        storage.delete(key);
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
