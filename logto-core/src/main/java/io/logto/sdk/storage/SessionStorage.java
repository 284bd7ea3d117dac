package io.logto.sdk.storage;

import java.util.Objects;

/**
 * A {@link Storage} on the attributes of any web framework's session, so that each framework's
 * adapter is one small class: implement {@link Attributes} over the framework's session and wrap it
 * here.
 *
 * <p>Keys are prefixed (default {@value #DEFAULT_PREFIX}) so that they do not clash with the
 * application's own attributes. Thread safety is that of the underlying session; the
 * {@link #mutex()} is the session's.
 */
public final class SessionStorage implements Storage {
    /** The default attribute prefix. */
    public static final String DEFAULT_PREFIX = "logto.";

    private final Attributes session;
    private final String prefix;

    /**
     * Wraps {@code session} with the default prefix.
     *
     * @param session the session's attributes
     */
    public SessionStorage(Attributes session) {
        this(session, DEFAULT_PREFIX);
    }

    /**
     * Wraps {@code session}, prefixing every key with {@code prefix}.
     *
     * @param session the session's attributes
     * @param prefix the prefix of every attribute name
     */
    public SessionStorage(Attributes session, String prefix) {
        this.session = Objects.requireNonNull(session, "session");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public String get(String key) {
        return session.getAttribute(prefix + key);
    }

    @Override
    public void set(String key, String value) {
        if (value == null) {
            session.removeAttribute(prefix + key);
        } else {
            session.setAttribute(prefix + key, value);
        }
    }

    @Override
    public void delete(String key) {
        session.removeAttribute(prefix + key);
    }

    @Override
    public Object mutex() {
        return session.mutex();
    }

    @Override
    public String toString() {
        return "SessionStorage{prefix=" + prefix + "}";
    }

    /**
     * The few operations the SDK needs from a session's attributes. Values are strings, so that any
     * session store (in memory, JDBC, Redis) can serialize them.
     */
    public interface Attributes {
        /**
         * The attribute, or {@code null}. A session that does not exist has no attributes.
         *
         * @param name the attribute name (already prefixed)
         * @return the attribute, or {@code null}
         */
        String getAttribute(String name);

        /**
         * Sets the attribute, creating the session if needed.
         *
         * @param name the attribute name (already prefixed)
         * @param value the attribute value
         */
        void setAttribute(String name, String value);

        /**
         * Removes the attribute; does nothing when there is no session.
         *
         * @param name the attribute name (already prefixed)
         */
        void removeAttribute(String name);

        /**
         * The object to synchronize on for read-modify-write; the default is this session.
         *
         * @return the object to synchronize on for read-modify-write
         */
        default Object mutex() {
            return this;
        }
    }
}
