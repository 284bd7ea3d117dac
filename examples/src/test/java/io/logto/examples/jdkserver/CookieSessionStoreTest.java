package io.logto.examples.jdkserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The two bounded pools of {@link CookieSessionStore}, with small caps and a clock of our own. */
class CookieSessionStoreTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final CookieSessionStore store = new CookieSessionStore(false, Duration.ofMinutes(30), 3, 2, clock);

    @Test
    void anonymousSessionsBeyondTheirCapThenOnlyAnonymousOnesAreDropped() {
        String alice = signedIn();
        String bob = signedIn();

        for (int i = 0; i < 50; i++) {
            anonymous();
        }

        assertThat(store.size()).isEqualTo(3 + 2);
        assertThat(isKnown(alice)).isTrue();
        assertThat(isKnown(bob)).isTrue();
    }

    @Test
    void anonymousPoolWhenFullThenTheLeastRecentlyUsedGoes() {
        String first = anonymous();
        String second = anonymous();
        anonymous();
        assertThat(isKnown(first)).isTrue(); // used again: now the most recent

        anonymous();

        assertThat(isKnown(first)).isTrue();
        assertThat(isKnown(second)).isFalse();
    }

    @Test
    void signedInPoolWhenFullThenTheLeastRecentlyUsedSignedInGoes() {
        String first = signedIn();
        String second = signedIn();
        assertThat(isKnown(first)).isTrue();

        signedIn();

        assertThat(isKnown(first)).isTrue();
        assertThat(isKnown(second)).isFalse();
    }

    @Test
    void idleSessionsAreDroppedWhenSeenOrWhenTheirPoolGrows() {
        String idle = anonymous();
        String idleSignedIn = signedIn();
        now = now.plus(Duration.ofMinutes(31));

        assertThat(isKnown(idleSignedIn)).isFalse();
        anonymous();

        assertThat(store.size()).isEqualTo(1);
        assertThat(isKnown(idle)).isFalse();
    }

    @Test
    void markSignedInThenANewIdAndTheOldOneIsWorthless() {
        var exchange = new FakeExchange(null);
        var session = store.open(exchange);
        session.setAttribute("k", "v");
        String before = exchange.sessionCookie();

        session.markSignedIn();

        String after = exchange.sessionCookie();
        assertThat(after).isNotEqualTo(before);
        assertThat(isKnown(before)).isFalse();
        assertThat(store.open(new FakeExchange(after)).getAttribute("k")).isEqualTo("v");
    }

    private String anonymous() {
        var exchange = new FakeExchange(null);
        store.open(exchange).setAttribute("logto.signInSession", "[]");
        return exchange.sessionCookie();
    }

    private String signedIn() {
        var exchange = new FakeExchange(null);
        var session = store.open(exchange);
        session.setAttribute("logto.idToken", "x");
        session.markSignedIn();
        return exchange.sessionCookie();
    }

    private boolean isKnown(String id) {
        return store.open(new FakeExchange(id)).getAttribute("logto.signInSession") != null
                || store.open(new FakeExchange(id)).getAttribute("logto.idToken") != null;
    }

    /** Just the headers a session store reads and writes. */
    private static final class FakeExchange extends HttpExchange {
        private final Headers request = new Headers();
        private final Headers response = new Headers();

        FakeExchange(String sessionId) {
            if (sessionId != null) {
                request.add("Cookie", CookieSessionStore.COOKIE_NAME + "=" + sessionId);
            }
        }

        String sessionCookie() {
            String cookie = response.getFirst("Set-Cookie");
            return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        }

        @Override
        public Headers getRequestHeaders() {
            return request;
        }

        @Override
        public Headers getResponseHeaders() {
            return response;
        }

        @Override
        public URI getRequestURI() {
            return URI.create("/");
        }

        @Override
        public String getRequestMethod() {
            return "GET";
        }

        @Override
        public HttpContext getHttpContext() {
            return null;
        }

        @Override
        public void close() {
        }

        @Override
        public InputStream getRequestBody() {
            return InputStream.nullInputStream();
        }

        @Override
        public OutputStream getResponseBody() {
            return new ByteArrayOutputStream();
        }

        @Override
        public void sendResponseHeaders(int rCode, long responseLength) {
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return null;
        }

        @Override
        public int getResponseCode() {
            return -1;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return null;
        }

        @Override
        public String getProtocol() {
            return "HTTP/1.1";
        }

        @Override
        public Object getAttribute(String name) {
            return null;
        }

        @Override
        public void setAttribute(String name, Object value) {
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }
    }
}
