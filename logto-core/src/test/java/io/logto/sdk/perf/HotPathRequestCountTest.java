package io.logto.sdk.perf;

import io.logto.sdk.LogtoClient;
import io.logto.sdk.oidc.OidcCore;
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

import static com.github.tomakehurst.wiremock.http.RequestMethod.POST;
import static io.logto.sdk.perf.PerfProvider.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/** Reading a signed-in session makes no request; a callback with warm caches makes exactly one. */
class HotPathRequestCountTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private PerfProvider provider;
    private OidcCore core;

    @BeforeEach
    void start() {
        provider = new PerfProvider(clock);
        core = provider.core();
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    @Test
    void sessionReadsMakeNoRequest() {
        Storage storage = new MemoryStorage();
        var client = new LogtoClient(core, storage);
        provider.signIn(client);
        provider.stubRefresh("resource-token");
        client.getAccessToken(PerfProvider.RESOURCE).join();
        int before = provider.total();

        for (int i = 0; i < 100; i++) {
            var perRequest = new LogtoClient(core, storage);
            assertThat(perRequest.isAuthenticated().join()).isTrue();
            assertThat(perRequest.getIdToken()).isPresent();
            assertThat(perRequest.getIdTokenClaims().sub()).isEqualTo(PerfProvider.SUBJECT);
            assertThat(perRequest.getRefreshToken()).contains("refresh-1");
            assertThat(perRequest.getAccessToken().join()).contains("userinfo-token");
            assertThat(perRequest.getAccessToken(PerfProvider.RESOURCE).join()).contains("resource-token");
        }

        assertThat(provider.total()).isEqualTo(before);
    }

    @Test
    void callbackWithWarmCachesMakesExactlyOneRequestToTheTokenEndpoint() {
        provider.signIn(new LogtoClient(core, new MemoryStorage()));
        int before = provider.total();
        int tokenBefore = provider.count(POST, TOKEN);

        provider.signIn(new LogtoClient(core, new MemoryStorage()));

        assertThat(provider.total() - before).isEqualTo(1);
        assertThat(provider.count(POST, TOKEN) - tokenBefore).isEqualTo(1);
    }

    @Test
    void signedInSessionWithOneResourceTokenStaysUnder8KB() {
        var attributes = new ConcurrentHashMap<String, String>();
        var client = new LogtoClient(core, new SessionStorage(new SessionStorage.Session() {
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
        provider.signIn(client);
        provider.stubRefresh("r".repeat(800)); // the size of a Logto JWT access token
        client.getAccessToken(PerfProvider.RESOURCE).join();

        int bytes = 0;
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        assertThat(bytes).isLessThan(8 * 1024);
    }
}
