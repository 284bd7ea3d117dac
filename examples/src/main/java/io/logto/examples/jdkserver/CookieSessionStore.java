package io.logto.examples.jdkserver;

import com.sun.net.httpserver.HttpExchange;
import io.logto.sdk.storage.SessionStorage;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
 * <p>Sessions expire after an idle time and their number is capped. Like any in-memory store they
 * are lost on restart and not shared between instances; a production app keeps them in its web
 * framework's session store (which may be backed by Redis or a database). Thread-safe.
 */
public final class CookieSessionStore {
    /** The session cookie's name. */
    public static final String COOKIE_NAME = "logto_example_session";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final ConcurrentMap<String, Data> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final boolean secureCookie;
    private final Duration idleTimeout;
    private final int maxSessions;
    private final Clock clock;

    /**
     * A store.
     *
     * @param secureCookie whether the cookie is {@code Secure} (the app is served over https)
     * @param idleTimeout  how long an unused session lives
     * @param maxSessions  the most sessions kept; beyond it the least recently used is dropped
     * @param clock        the clock for idle times
     */
    public CookieSessionStore(boolean secureCookie, Duration idleTimeout, int maxSessions, Clock clock) {
        this.secureCookie = secureCookie;
        this.idleTimeout = idleTimeout;
        this.maxSessions = maxSessions;
        this.clock = clock;
    }

    /** The session of this request (created only when something is stored in it). */
    public RequestSession open(HttpExchange exchange) {
        Data data = sessionIdFrom(exchange).map(sessions::get).filter(this::alive).orElse(null);
        if (data != null) {
            data.lastUsed = clock.millis();
        }
        return new RequestSession(exchange, data);
    }

    /** How many sessions are kept (for tests). */
    int size() {
        return sessions.size();
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

    private boolean alive(Data data) {
        return clock.millis() - data.lastUsed < idleTimeout.toMillis();
    }

    private Data create(HttpExchange exchange) {
        evictIfFull();
        Data data = new Data(newId(), clock.millis());
        sessions.put(data.id, data);
        setCookie(exchange, data.id, false);
        return data;
    }

    private void evictIfFull() {
        if (sessions.size() < maxSessions) {
            return;
        }
        sessions.values().removeIf(d -> !alive(d));
        while (sessions.size() >= maxSessions) {
            sessions.values().stream().min(Comparator.comparingLong(d -> d.lastUsed))
                    .ifPresent(oldest -> sessions.remove(oldest.id, oldest));
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
                data = create(exchange);
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
         * Moves the session to a new id (and cookie), so that an id known before sign-in is
         * worthless after it (session fixation). Call it once the user is signed in.
         */
        public synchronized void rotateId() {
            if (data == null) {
                return;
            }
            Data renewed = new Data(newId(), clock.millis());
            renewed.attributes.putAll(data.attributes);
            sessions.put(renewed.id, renewed);
            sessions.remove(data.id, data);
            data = renewed;
            setCookie(exchange, renewed.id, false);
        }

        /** Deletes the session and its cookie. */
        public synchronized void invalidate() {
            if (data != null) {
                sessions.remove(data.id, data);
                data = null;
            }
            setCookie(exchange, "", true);
        }
    }
}
