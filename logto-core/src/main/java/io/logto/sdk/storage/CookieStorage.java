package io.logto.sdk.storage;

import io.logto.sdk.LogtoException;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Storage} kept in the browser, in {@link EncryptedCookies}: one per request, over the
 * request's cookies and a {@link Sink} that sets the response's cookies. Any framework binds it in a
 * few lines (the servlet adapter does it for you, the JDK example shows it by hand):
 *
 * <pre>{@code
 * EncryptedCookies cookies = EncryptedCookies.builder(CookieKeys.parse(System.getenv("LOGTO_COOKIE_KEYS"))).build(); // once
 * CookieStorage storage = new CookieStorage(cookies, requestCookiesByName, new CookieStorage.Sink() {
 *     public boolean canWrite() { return !responseStarted; }
 *     public void write(List<EncryptedCookies.SetCookie> headers) { replace this response's Set-Cookie headers of ours }
 * });
 * LogtoClient client = new LogtoClient(core, storage);
 * }</pre>
 *
 * <p>Reading: the cookies are decrypted once, on the first read; cookies that cannot be read (see
 * {@link EncryptedCookies.Rejection}) are a session that is not there — the user is signed out — the
 * reason is logged (WARNING) and kept in {@link #rejection()}, and the cookies are deleted; nothing
 * is thrown. Cookies
 * encrypted with an older key are rewritten with the current one right away, while the response can
 * still take headers.
 *
 * <p>Writing: every change re-encrypts the whole session and hands all its {@code Set-Cookie}
 * headers to the sink, which replaces the ones it was given before. Headers can only be set before
 * the response is committed: a change after that fails with
 * {@link LogtoException.Code#STORAGE_FAILED} (and is kept for the rest of the request only), and
 * {@link #acceptsWrites()} turns {@code false}, so the SDK refuses to start a refresh whose rotated
 * refresh token it could not keep (the old one would be sent again, and Logto would revoke the grant).
 * Get tokens before writing the body.
 *
 * <p>Thread-safe (one request's threads share it: the {@link #mutex()} is this object).
 */
public final class CookieStorage implements Storage {
    private static final System.Logger LOG = System.getLogger(CookieStorage.class.getName());

    /** Where a framework sets the response's cookies. */
    public interface Sink {
        /**
         * Whether headers can still be set (the response is not committed).
         *
         * @return whether headers can still be set
         */
        boolean canWrite();

        /**
         * Sets these {@code Set-Cookie} headers on the response, replacing any this sink was given
         * before for this response (other cookies stay).
         *
         * @param headers the session's cookies, and deletions of cookies it no longer uses
         */
        void write(List<EncryptedCookies.SetCookie> headers);
    }

    private final EncryptedCookies codec;
    private final Map<String, String> requestCookies;
    private final Sink sink;
    /** Our cookies the browser will have once it reads this response: the request's and those written. */
    private final LinkedHashSet<String> knownNames = new LinkedHashSet<>();
    private Map<String, String> values;
    private String sessionId;
    private EncryptedCookies.Rejection rejection;

    /**
     * A storage over one request's cookies.
     *
     * @param codec          the application's codec
     * @param requestCookies the request's cookies, name to value (all of them; only ours are read)
     * @param sink           sets the response's cookies
     */
    public CookieStorage(EncryptedCookies codec, Map<String, String> requestCookies, Sink sink) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.requestCookies = Map.copyOf(requestCookies);
        this.sink = Objects.requireNonNull(sink, "sink");
        for (String name : this.requestCookies.keySet()) {
            if (codec.isOurs(name)) {
                knownNames.add(name);
            }
        }
    }

    @Override
    public synchronized String get(String key) {
        return values().get(key);
    }

    @Override
    public synchronized void set(String key, String value) {
        Map<String, String> current = values();
        String old = value == null ? current.remove(key) : current.put(key, value);
        if (!Objects.equals(old, value)) {
            flush();
        }
    }

    @Override
    public synchronized void delete(String key) {
        set(key, null);
    }

    /**
     * {@code false} once the response is committed: nothing more can be stored.
     *
     * @return whether a write now would reach the browser
     */
    @Override
    public boolean acceptsWrites() {
        return sink.canWrite();
    }

    /**
     * Why the request's cookies were not read, if they were not.
     *
     * @return the reason; empty when they were read or there were none
     */
    public synchronized Optional<EncryptedCookies.Rejection> rejection() {
        values();
        return Optional.ofNullable(rejection);
    }

    /**
     * Gives the session a new random id and rewrites it, as a server-side session changes its id at
     * sign-in: cookies seen before are worth nothing after.
     */
    public synchronized void renewSessionId() {
        values();
        sessionId = codec.newSessionId();
        if (!values.isEmpty()) {
            flush();
        }
    }

    private Map<String, String> values() {
        if (values == null) {
            EncryptedCookies.Decoded decoded = codec.decode(requestCookies);
            values = new HashMap<>(decoded.values());
            sessionId = decoded.sessionId().orElseGet(codec::newSessionId);
            rejection = decoded.rejection().orElse(null);
            if (rejection != null) {
                LOG.log(System.Logger.Level.WARNING, "Session cookies rejected ({0}): treated as signed out", rejection);
                if (sink.canWrite()) {
                    // Delete them, so that the browser stops sending (and the log stops repeating) them.
                    write();
                }
            } else if (decoded.keyId().isPresent() && !decoded.keyId().get().equals(codec.keys().currentId())
                    && sink.canWrite()) {
                // Re-encrypt with the current key now, so that old keys can be retired sooner.
                write();
            }
        }
        return values;
    }

    private void flush() {
        if (!sink.canWrite()) {
            LOG.log(System.Logger.Level.WARNING, "A session change came after the response was committed; "
                    + "the browser keeps the old session cookie");
            throw new LogtoException(LogtoException.Code.STORAGE_FAILED, "the response is already committed, so the "
                    + "session cookie cannot change: call Logto before writing the response body");
        }
        write();
    }

    private void write() {
        List<EncryptedCookies.SetCookie> headers = codec.encode(values, sessionId, List.copyOf(knownNames));
        sink.write(headers);
        for (EncryptedCookies.SetCookie header : headers) {
            knownNames.add(header.name());
        }
    }

    @Override
    public String toString() {
        return "CookieStorage{" + codec + "}";
    }
}
