package io.logto.sdk;

import io.logto.sdk.storage.MemoryStorage;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.testing.SignIn;
import io.logto.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LogtoEventListener}: which events the flows report, how often, and that a failing listener changes nothing. */
class LogtoEventListenerTest {
    private static final String API = "https://api.example.com";
    private static FakeLogto shared;

    @BeforeAll
    static void startProvider() {
        shared = new FakeLogto();
    }

    @AfterAll
    static void stopProvider() {
        shared.close();
    }

    /** Records events as text, from any thread. */
    static final class Recording implements LogtoEventListener {
        final Queue<String> events = new ConcurrentLinkedQueue<>();

        @Override
        public void signInCompleted() {
            events.add("signInCompleted");
        }

        @Override
        public void signInFailed(LogtoException.Code code) {
            events.add("signInFailed " + code);
        }

        @Override
        public void tokenRefreshed() {
            events.add("tokenRefreshed");
        }

        @Override
        public void refreshFailed(LogtoException.Code code) {
            events.add("refreshFailed " + code);
        }

        @Override
        public void backChannelLogout() {
            events.add("backChannelLogout");
        }
    }

    private FakeLogto logto;
    private Recording recording;
    private OidcCore core;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        recording = new Recording();
        core = coreWith(recording);
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private OidcCore coreWith(LogtoEventListener listener) {
        return OidcCore.builder(logto.configBuilder().resources(List.of(API)).build()).clock(logto.clock())
                .eventListener(listener).build();
    }

    @Test
    void handleSignInCallbackWhenCompletedThenSignInCompletedOnce() {
        logto.signIn(new LogtoClient(core, new MemoryStorage()));

        assertThat(recording.events).containsExactly("signInCompleted");
    }

    @Test
    void handleSignInCallbackWhenStateIsForeignThenSignInFailedWithItsCode() {
        var client = new LogtoClient(core, new MemoryStorage());
        SignIn signIn = logto.startSignIn(client, FakeLogto.REDIRECT_URI);

        LogtoException failure = Failures.of(client.handleSignInCallback(
                signIn.callbackWithQuery("code=c&state=someone-elses&iss=" + SignIn.enc(logto.issuer()))));

        assertThat(failure.code()).isEqualTo(LogtoException.Code.CALLBACK_STATE_MISMATCH);
        assertThat(recording.events).containsExactly("signInFailed CALLBACK_STATE_MISMATCH");
    }

    @Test
    void handleSignInCallbackWhenTheCodeExchangeFailsThenSignInFailedWithTokenRequestFailed() {
        var client = new LogtoClient(core, new MemoryStorage());
        SignIn signIn = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        logto.stubTokenError(503, "temporarily_unavailable");

        Failures.of(client.handleSignInCallback(signIn.callback()));

        assertThat(recording.events).containsExactly("signInFailed TOKEN_REQUEST_FAILED");
    }

    @Test
    void getAccessTokenWhenCachedThenNoEvent() {
        var client = new LogtoClient(core, new MemoryStorage());
        logto.signIn(client);
        recording.events.clear();

        assertThat(client.getAccessToken().join()).contains("access-1");
        assertThat(recording.events).isEmpty();
    }

    @Test
    void getAccessTokenWhenRefreshedThenTokenRefreshedOnce() {
        var client = new LogtoClient(core, new MemoryStorage());
        logto.signIn(client);
        recording.events.clear();
        logto.stubRefresh("api-1");

        assertThat(client.getAccessToken(API).join()).contains("api-1");
        assertThat(client.getAccessToken(API).join()).contains("api-1");

        assertThat(recording.events).containsExactly("tokenRefreshed");
    }

    @Test
    void getAccessTokenWhenManyCallersShareOneRefreshThenOneEvent() {
        var storage = new MemoryStorage();
        logto.signIn(new LogtoClient(core, storage));
        recording.events.clear();
        logto.stubRefresh("api-1");
        logto.tokenGate().close();
        var started = new ArrayList<CompletableFuture<CompletableFuture<Optional<String>>>>();
        for (int i = 0; i < 4; i++) {
            started.add(CompletableFuture.supplyAsync(() -> new LogtoClient(core, storage).getAccessToken(API), pool));
        }
        var results = started.stream().map(CompletableFuture::join).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (logto.tokenGate().held() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        logto.tokenGate().open();

        assertThat(results).allSatisfy(r -> assertThat(r.join()).contains("api-1"));
        assertThat(logto.refreshRequests()).isEqualTo(1);
        assertThat(recording.events).containsExactly("tokenRefreshed");
    }

    @Test
    void getAccessTokenWhenRefusedForGoodThenRefreshFailedWithRefreshTokenInvalid() {
        var client = new LogtoClient(core, new MemoryStorage());
        logto.signIn(client);
        recording.events.clear();
        logto.stubRefreshError(400, "invalid_grant");

        Failures.of(client.getAccessToken(API));

        assertThat(recording.events).containsExactly("refreshFailed REFRESH_TOKEN_INVALID");
    }

    @Test
    void getAccessTokenWhenProviderIsDownThenRefreshFailedWithTokenRequestFailed() {
        var client = new LogtoClient(core, new MemoryStorage());
        logto.signIn(client);
        recording.events.clear();
        logto.clock().advance(Duration.ofHours(2));
        logto.stubRefreshError(503, "temporarily_unavailable");

        assertThat(Failures.of(client.getAccessToken()).code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);

        assertThat(recording.events).containsExactly("refreshFailed TOKEN_REQUEST_FAILED");
    }

    @Test
    void verifyWhenALogoutTokenIsAcceptedThenBackChannelLogoutAndNotForAReplay() {
        String token = logto.tokens().logoutToken().claim("sid", "op-session-1").signedWith(TestKeys.ES384);

        core.backChannelLogout().verify(token).join();
        Failures.of(core.backChannelLogout().verify(token));

        assertThat(recording.events).containsExactly("backChannelLogout");
    }

    @Test
    void flowsWhenTheListenerThrowsThenTheOutcomeIsUnchanged() {
        var throwing = new LogtoEventListener() {
            int calls;

            @Override
            public void signInCompleted() {
                calls++;
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void tokenRefreshed() {
                calls++;
                throw new IllegalStateException("listener bug");
            }
        };
        var client = new LogtoClient(coreWith(throwing), new MemoryStorage());
        logto.signIn(client);
        logto.stubRefresh("api-1");

        assertThat(client.isAuthenticated().join()).isTrue();
        assertThat(client.getAccessToken(API).join()).contains("api-1");
        assertThat(throwing.calls).isEqualTo(2);
    }

    @Test
    void builderWhenNoListenerThenTheNoOpOneAndFlowsWork() {
        var client = new LogtoClient(OidcCore.builder(logto.config()).clock(logto.clock()).build(), new MemoryStorage());

        logto.signIn(client);

        assertThat(client.isAuthenticated().join()).isTrue();
        assertThat(GuardedListener.of(LogtoEventListener.NONE)).isSameAs(LogtoEventListener.NONE);
    }
}
