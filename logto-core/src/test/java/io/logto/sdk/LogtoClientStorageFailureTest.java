package io.logto.sdk;

import io.logto.sdk.storage.Storage;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A storage that fails (a session store that is down, a custom class that throws) surfaces as
 * {@link LogtoException.Code#STORAGE_FAILED}: async methods fail their future, they never throw.
 */
class LogtoClientStorageFailureTest {
    private static FakeLogto logto;

    @BeforeAll
    static void start() {
        logto = new FakeLogto();
    }

    @AfterAll
    static void stop() {
        logto.close();
    }

    /** Every operation throws, as a session store that lost its connection would. */
    private static final class BrokenStorage implements Storage {
        @Override
        public String get(String key) {
            throw new IllegalStateException("store down");
        }

        @Override
        public void set(String key, String value) {
            throw new IllegalStateException("store down");
        }

        @Override
        public void delete(String key) {
            throw new IllegalStateException("store down");
        }
    }

    @Test
    void asyncMethodsWhenStorageThrowsThenFutureFailsWithStorageFailed() {
        LogtoClient client = new LogtoClient(logto.core(), new BrokenStorage());
        Stream.<Function<LogtoClient, CompletableFuture<?>>>of(
                        LogtoClient::isAuthenticated,
                        c -> c.signIn(FakeLogto.REDIRECT_URI),
                        c -> c.handleSignInCallback(FakeLogto.REDIRECT_URI + "?code=c&state=s"),
                        LogtoClient::getAccessToken,
                        c -> c.getAccessToken("https://api.example.com"),
                        LogtoClient::fetchUserInfo,
                        c -> c.signOut(null))
                .forEach(call -> {
                    LogtoException failure = Failures.of(call.apply(client));
                    assertThat(failure.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED);
                    assertThat(failure.getMessage()).contains("IllegalStateException").doesNotContain("store down");
                });
    }

    @Test
    void syncReadsWhenStorageThrowsThenStorageFailed() {
        LogtoClient client = new LogtoClient(logto.core(), new BrokenStorage());

        assertThat(Failures.ofCall(client::getIdTokenClaims).code()).isEqualTo(LogtoException.Code.STORAGE_FAILED);
        assertThat(Failures.ofCall(client::getRefreshToken).code()).isEqualTo(LogtoException.Code.STORAGE_FAILED);
    }
}
