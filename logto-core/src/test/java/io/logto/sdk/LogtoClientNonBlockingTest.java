package io.logto.sdk;

import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.RecordingStorage;
import io.logto.testing.SignIn;
import io.logto.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No method waits for the network on the caller's thread. The provider's endpoint is a socket that
 * accepts and never answers until the test closes it, so "the future is not done yet" is certain,
 * not a matter of timing.
 */
class LogtoClientNonBlockingTest {
    private FakeLogto logto;
    private RecordingStorage storage;
    private BlackHole hole;

    /** Accepts connections and never writes a byte. */
    static final class BlackHole implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        BlackHole() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            var acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept());
                    }
                } catch (IOException closed) {
                    // closed by the test
                }
            }, "black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getLocalPort() + path;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @BeforeEach
    void start() throws IOException {
        logto = new FakeLogto();
        storage = new RecordingStorage();
        hole = new BlackHole();
    }

    @AfterEach
    void stop() throws IOException {
        hole.close();
        logto.close();
    }

    /**
     * A config whose requests would wait a minute: only closing the hole ends them. The hole is on
     * another port, so another origin than the tenant's: allowed here explicitly.
     */
    private LogtoConfig patient() {
        return logto.configBuilder().requestTimeout(Duration.ofSeconds(60)).dangerouslyAllowEndpointsOnOtherOrigins()
                .build();
    }

    private void swallow(String discoveryField, String path) {
        var doc = logto.discoveryDocument();
        doc.put(discoveryField, hole.url(path));
        logto.stubDiscovery(doc);
    }

    /** Asserts the future is unfinished, then lets it fail by closing the hole. */
    private void assertPending(CompletableFuture<?>... futures) throws IOException {
        for (var future : futures) {
            assertThat(future).as("returned before the provider answered").isNotDone();
        }
        hole.close();
        for (var future : futures) {
            future.handle((v, e) -> null).join();
        }
    }

    @Test
    void signInWhenDiscoveryNeverAnswersThenReturnsAPendingFuture() throws IOException {
        var config = patient().toBuilder().endpoint(hole.url("")).build();

        assertPending(new LogtoClient(logto.core(config), storage).signIn(FakeLogto.REDIRECT_URI));
    }

    @Test
    void handleSignInCallbackWhenTokenEndpointNeverAnswersThenReturnsAPendingFuture() throws IOException {
        swallow("token_endpoint", FakeLogto.TOKEN_PATH);
        var client = new LogtoClient(logto.core(patient()), storage);
        SignIn s = logto.startSignIn(client, FakeLogto.REDIRECT_URI);

        assertPending(client.handleSignInCallback(s.callback()));
    }

    @Test
    void getAccessTokenClaimsAndUserInfoWhenTokenEndpointNeverAnswersThenReturnPendingFutures() throws IOException {
        logto.signIn(new LogtoClient(logto.core(), storage));
        swallow("token_endpoint", FakeLogto.TOKEN_PATH);
        var client = new LogtoClient(logto.core(patient()), storage);
        logto.clock().advance(Duration.ofHours(2));

        assertPending(client.getAccessToken(), client.getAccessTokenClaims("https://api.example.com"),
                client.fetchUserInfo());
    }

    @Test
    void fetchUserInfoWhenUserInfoNeverAnswersThenReturnsAPendingFuture() throws IOException {
        logto.signIn(new LogtoClient(logto.core(), storage));
        swallow("userinfo_endpoint", FakeLogto.USERINFO_PATH);

        assertPending(new LogtoClient(logto.core(patient()), storage).fetchUserInfo());
    }

    @Test
    void signOutWhenRevocationNeverAnswersThenPendingFutureAndStorageClearedAtOnce() throws IOException {
        logto.signIn(new LogtoClient(logto.core(), storage));
        swallow("revocation_endpoint", FakeLogto.REVOCATION_PATH);

        CompletableFuture<String> url = new LogtoClient(logto.core(patient()), storage).signOut(null);

        assertThat(storage.snapshot()).isEmpty();
        assertPending(url);
    }

    @Test
    void verifyWhenJwksNeverAnswersThenReturnsAPendingFuture() throws IOException {
        swallow("jwks_uri", FakeLogto.JWKS_PATH);
        var core = logto.core(patient());
        core.discovery().fetch().join();

        assertPending(core.idTokens().verifyAfterRefresh(logto.tokens().idToken().signedWith(TestKeys.ES384), java.util.Optional.empty()));
    }
}
