package io.logto.sdk;

import io.logto.sdk.testing.FakeLogto;
import io.logto.testing.MutableClock;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import io.logto.sdk.storage.MemoryStorage;
import io.logto.sdk.storage.SessionStorage;
import io.logto.sdk.storage.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a signed-in session makes no request; a callback with warm caches makes exactly one. */
class HotPathRequestCountTest {
    private static final String RESOURCE = "https://api.example.com";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private FakeLogto logto;
    private OidcCore core;

    @BeforeEach
    void start() {
        logto = new FakeLogto(clock);
        core = logto.core();
    }

    @AfterEach
    void stop() {
        logto.close();
    }

    @Test
    void sessionReadsMakeNoRequest() {
        Storage storage = new MemoryStorage();
        var client = new LogtoClient(core, storage);
        logto.signInWithOwnCode(client, Map.of());
        logto.stubRefresh("resource-token");
        client.getAccessToken(RESOURCE).join();
        int before = logto.requestCount();

        for (int i = 0; i < 100; i++) {
            var perRequest = new LogtoClient(core, storage);
            assertThat(perRequest.isAuthenticated().join()).isTrue();
            assertThat(perRequest.getIdToken()).isPresent();
            assertThat(perRequest.getIdTokenClaims().sub()).isEqualTo(TokenFactory.SUBJECT);
            assertThat(perRequest.getRefreshToken()).contains("refresh-1");
            assertThat(perRequest.getAccessToken().join()).contains("userinfo-token");
            assertThat(perRequest.getAccessToken(RESOURCE).join()).contains("resource-token");
        }

        assertThat(logto.requestCount()).isEqualTo(before);
    }

    @Test
    void callbackWithWarmCachesMakesExactlyOneRequestToTheTokenEndpoint() {
        logto.signInWithOwnCode(new LogtoClient(core, new MemoryStorage()), Map.of());
        int before = logto.requestCount();
        int tokenBefore = logto.count("POST", FakeLogto.TOKEN_PATH);

        logto.signInWithOwnCode(new LogtoClient(core, new MemoryStorage()), Map.of());

        assertThat(logto.requestCount() - before).isEqualTo(1);
        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH) - tokenBefore).isEqualTo(1);
    }

    @Test
    void signedInSessionWithOneResourceTokenStaysUnder8KB() {
        var attributes = new ConcurrentHashMap<String, String>();
        var client = new LogtoClient(core, new SessionStorage(new SessionStorage.Attributes() {
            @Override
            public String getAttribute(String name) {
                return attributes.get(name);
            }

            @Override
            public void setAttribute(String name, String value) {
                attributes.put(name, value);
            }

            @Override
            public void removeAttribute(String name) {
                attributes.remove(name);
            }
        }));
        logto.signInWithOwnCode(client, Map.of());
        logto.stubRefresh("r".repeat(800)); // the size of a Logto JWT access token
        client.getAccessToken(RESOURCE).join();

        int bytes = 0;
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        assertThat(bytes).isLessThan(8 * 1024);
    }
}
