package io.logto.sdk;

import io.logto.sdk.storage.MemoryStorage;
import io.logto.sdk.storage.Storage;
import io.logto.sdk.testing.FakeLogto;
import io.logto.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A storage that cannot keep a write now (cookies once the response is committed) gets no refresh:
 * the provider would rotate the refresh token, the new one would be lost, and the old one sent again
 * would revoke the grant. A cached token is still served.
 */
class RefreshWhenStorageTakesNoWritesTest {
    private final MutableClock clock = new MutableClock();
    private FakeLogto logto;
    private final MemoryStorage values = new MemoryStorage();
    private boolean committed;

    /** The session's values, refusing writes once "committed". */
    private final Storage storage = new Storage() {
        @Override
        public String get(String key) {
            return values.get(key);
        }

        @Override
        public void set(String key, String value) {
            values.set(key, value);
        }

        @Override
        public void delete(String key) {
            values.delete(key);
        }

        @Override
        public boolean acceptsWrites() {
            return !committed;
        }
    };

    @BeforeEach
    void signIn() {
        logto = new FakeLogto(clock);
        logto.signInWithOwnCode(new LogtoClient(logto.core(), storage), Map.of());
        logto.stubRefresh("new-token");
        logto.resetCounts();
    }

    @AfterEach
    void stop() {
        logto.close();
    }

    @Test
    void anExpiredTokenWhenTheStorageTakesNoWritesThenNoRefreshAndStorageFailed() {
        clock.advance(Duration.ofHours(2));
        committed = true;
        var client = new LogtoClient(logto.core(), storage);

        assertThatThrownBy(() -> client.getAccessToken().join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(LogtoException.class,
                        e -> assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED));
        assertThat(logto.refreshRequests()).isZero();
        assertThat(client.getRefreshToken()).contains("refresh-1");
    }

    @Test
    void aValidCachedTokenWhenTheStorageTakesNoWritesThenServed() {
        committed = true;

        assertThat(new LogtoClient(logto.core(), storage).getAccessToken().join()).contains("userinfo-token");
        assertThat(logto.refreshRequests()).isZero();
    }
}
