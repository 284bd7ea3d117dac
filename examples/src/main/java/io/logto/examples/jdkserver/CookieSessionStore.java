package io.logto.examples.jdkserver;

import com.sun.net.httpserver.HttpExchange;
import io.logto.sdk.storage.SessionStorage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Server-side sessions for the JDK HTTP server, which has none: each browser gets a random session
 * id in an {@code HttpOnly; SameSite=Lax} cookie, and the session's values stay in this JVM's
 * memory, keyed by that id. {@link #open(HttpExchange)} gives the
 * {@link SessionStorage.Attributes} of one request, which {@link SessionStorage} turns into the SDK's
 * {@code Storage}.
 *
 * <p>{@code SameSite=Lax} matters: Logto's redirect back to {@code /callback} is a cross-site
 * top-level GET, which carries a Lax cookie, so the callback finds the sign-in it belongs to.
 *
 * <p>Memory is bounded, and anonymous visitors cannot push signed-in users out: sessions live in
 * two pools, each a {@link LinkedHashMap} in access order with its own cap. A session starts in the
 * <em>anonymous</em> pool (a visitor who started a sign-in, say) and moves to the <em>signed-in</em>
 * pool at {@link RequestSession#markSignedIn()}. A full pool drops its least recently used session,
 * so any number of cookie-less requests only ever evict each other; only a real sign-in at Logto
 * can take a place among the signed-in. Every operation is O(1): a lookup, an insert, dropping the
 * eldest entry, and dropping idle sessions from the eldest end (each session once). Like any
 * in-memory store the sessions are lost on restart and not shared between instances; a production
 * app keeps them in its web framework's session store (which may be backed by Redis or a database).
 * Thread-safe.
 */
public final class CookieSessionStore {
    /** The session cookie's name. */
    public static final String COOKIE_NAME = "logto_example_session";
    /** The attribute holding the session's anti-forgery token (not under the SDK's {@code logto.} prefix). */
    static final String CSRF_TOKEN = "example.csrfToken";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** Guards both pools (their access order changes on every lookup). */
    private final Object lock = new Object();
    private final Pool anonymous;
    private final Pool signedIn;
    private final SecureRandom random = new SecureRandom();
    private final boolean secureCookie;
    private final Duration idleTimeout;
    private final Clock clock;

    /**
     * A store.
     *
     * @param secureCookie whether the cookie is {@code Secure} (the app is served over https)
     * @param idleTimeout  how long an unused session lives
     * @param maxAnonymous the most sessions of visitors who are not signed in; beyond it the least
     *                     recently used of them is dropped
     * @param maxSignedIn  the most sessions of signed-in users; beyond it the least recently used of
     *                     them is dropped
     * @param clock        the clock for idle times
     */
    public CookieSessionStore(boolean secureCookie, Duration idleTimeout, int maxAnonymous, int maxSignedIn,
                              Clock clock) {
        if (maxAnonymous < 1 || maxSignedIn < 1) {
            throw new IllegalArgumentException("each pool must hold at least one session");
        }
        this.secureCookie = secureCookie;
        this.idleTimeout = idleTimeout;
        this.anonymous = new Pool(maxAnonymous);
        this.signedIn = new Pool(maxSignedIn);
        this.clock = clock;
    }

    /** The session of this request (created only when something is stored in it). */
    public RequestSession open(HttpExchange exchange) {
        Data data = sessionIdFrom(exchange).flatMap(this::find).orElse(null);
        return new RequestSession(exchange, data);
    }

    /** How many sessions are kept, anonymous and signed in (for tests). */
    int size() {
        synchronized (lock) {
            return anonymous.size() + signedIn.size();
        }
    }

    /** The live session with {@code id}, marked as just used; an idle one is dropped instead. */
    private Optional<Data> find(String id) {
        long now = clock.millis();
        synchronized (lock) {
            Pool pool = signedIn.containsKey(id) ? signedIn : anonymous;
            Data data = pool.get(id); // moves it to the most recently used end
            if (data == null) {
                return Optional.empty();
            }
            if (!alive(data, now)) {
                pool.remove(id);
                return Optional.empty();
            }
            data.lastUsed = now;
            return Optional.of(data);
        }
    }

    private Optional<String> sessionIdFrom(HttpExchange exchange) {
        List<String> headers = exchange.getRequestHeaders().getOrDefault("Cookie", List.of());
        for (String header : headers) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(COOKIE_NAME)) {
                    String value = pair.substring(eq + 1).strip();
                    if (ID.matcher(value).matches()) {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private boolean alive(Data data, long now) {
        return now - data.lastUsed < idleTimeout.toMillis();
    }

    /** A new session in {@code pool}, after dropping that pool's idle sessions from its eldest end. */
    private Data insert(Pool pool, Data data) {
        long now = clock.millis();
        synchronized (lock) {
            Iterator<Data> eldestFirst = pool.values().iterator();
            while (eldestFirst.hasNext()) {
                if (alive(eldestFirst.next(), now)) {
                    break; // everything after it was used more recently
                }
                eldestFirst.remove();
            }
            pool.put(data.id, data); // drops the least recently used one when over the cap
        }
        return data;
    }

    private void remove(Data data) {
        synchronized (lock) {
            anonymous.remove(data.id, data);
            signedIn.remove(data.id, data);
        }
    }

    private String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void setCookie(HttpExchange exchange, String id, boolean expire) {
        String cookie = COOKIE_NAME + "=" + (expire ? "" : id) + "; Path=/; HttpOnly; SameSite=Lax"
                + (secureCookie ? "; Secure" : "") + (expire ? "; Max-Age=0" : "");
        // Replace, not add: a session created and then rotated in one request sends one cookie.
        List<String> setCookies = exchange.getResponseHeaders().computeIfAbsent("Set-Cookie", k -> new ArrayList<>());
        setCookies.removeIf(c -> c.startsWith(COOKIE_NAME + "="));
        setCookies.add(cookie);
    }

    /** Sessions by id in access order (least recently used first), at most {@code max}. */
    private static final class Pool extends LinkedHashMap<String, Data> {
        private static final long serialVersionUID = 1L;
        private final int max;

        Pool(int max) {
            super(16, 0.75f, true);
            this.max = max;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Data> eldest) {
            return size() > max;
        }
    }

    /** One session's values; its monitor is the mutex the SDK locks for read-modify-write. */
    private static final class Data {
        final String id;
        final Map<String, String> attributes = new ConcurrentHashMap<>();
        volatile long lastUsed;

        Data(String id, long lastUsed) {
            this.id = id;
            this.lastUsed = lastUsed;
        }
    }

    /**
     * The session as seen by one request. Not shared between requests; the values it reaches are.
     */
    public final class RequestSession implements SessionStorage.Attributes {
        private final HttpExchange exchange;
        private Data data;

        private RequestSession(HttpExchange exchange, Data data) {
            this.exchange = exchange;
            this.data = data;
        }

        @Override
        public synchronized String getAttribute(String name) {
            return data == null ? null : data.attributes.get(name);
        }

        @Override
        public synchronized void setAttribute(String name, String value) {
            if (data == null) {
                data = insert(anonymous, new Data(newId(), clock.millis()));
                setCookie(exchange, data.id, false);
            }
            data.attributes.put(name, value);
        }

        @Override
        public synchronized void removeAttribute(String name) {
            if (data != null) {
                data.attributes.remove(name);
            }
        }

        @Override
        public synchronized Object mutex() {
            return data != null ? data : this;
        }

        /**
         * The session's anti-forgery token, created (with the session) when there is none: pages
         * put it in their forms, and state-changing requests must send it back (another site cannot
         * read it). 32 random bytes, base64url.
         */
        public synchronized String csrfToken() {
            String token = getAttribute(CSRF_TOKEN);
            if (token == null) {
                token = newId();
                setAttribute(CSRF_TOKEN, token);
            }
            return token;
        }

        /** Whether {@code candidate} is this session's anti-forgery token (compared in constant time). */
        public synchronized boolean isCsrfToken(String candidate) {
            String token = getAttribute(CSRF_TOKEN);
            return token != null && candidate != null && MessageDigest.isEqual(
                    token.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Call once the user is signed in: the session moves to a new id (and cookie), so that an id
         * known before sign-in is worthless after it (session fixation), gets a new anti-forgery
         * token for the same reason, and moves to the signed-in pool, out of reach of anonymous
         * visitors' sessions.
         */
        public synchronized void markSignedIn() {
            if (data == null) {
                return;
            }
            Data renewed = new Data(newId(), clock.millis());
            renewed.attributes.putAll(data.attributes);
            renewed.attributes.remove(CSRF_TOKEN);
            remove(data);
            data = insert(signedIn, renewed);
            setCookie(exchange, renewed.id, false);
        }

        /** Deletes the session and its cookie. */
        public synchronized void invalidate() {
            if (data != null) {
                remove(data);
                data = null;
            }
            setCookie(exchange, "", true);
        }
    }
}
