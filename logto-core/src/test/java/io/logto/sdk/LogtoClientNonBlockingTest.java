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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No method waits for the network on the caller's thread. The provider's endpoint is a socket that
 * accepts and never answers until the test closes it, so "the future is not done yet" is certain,
 * not a matter of timing. Each test waits for events, never for a delay: the request reaching the
 * socket, then, once the socket is closed, the future ending. The clients' request timeout is a
 * minute only so that it cannot be what ends a future; no test runs into it.
 */
class LogtoClientNonBlockingTest {
    /** Bounds waits for events that happen at once; reached only when the code under test is broken. */
    private static final Duration BROKEN = Duration.ofSeconds(30);

    private FakeLogto logto;
    private RecordingStorage storage;
    private BlackHole hole;

    /** Accepts connections and never writes a byte; closing it ends every exchange with it at once. */
    static final class BlackHole implements AutoCloseable {
        private final ServerSocket server;
        private final Semaphore connections = new Semaphore(0);
        // Guarded by this: a socket accepted while close() runs is closed by the acceptor, not leaked
        // (a leaked one would keep its client waiting for its request timeout).
        private final List<Socket> accepted = new ArrayList<>();
        private boolean closed;

        BlackHole() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            var acceptor = new Thread(this::acceptUntilClosed, "black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptUntilClosed() {
            try {
                while (true) {
                    Socket socket = server.accept();
                    synchronized (this) {
                        if (closed) {
                            socket.close();
                            return;
                        }
                        accepted.add(socket);
                    }
                    connections.release();
                }
            } catch (IOException closedByTheTest) {
                // the listening socket was closed
            }
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getLocalPort() + path;
        }

        /** Returns once a client has connected: its request is on its way and cannot be answered. */
        void awaitConnection() throws InterruptedException {
            assertThat(connections.tryAcquire(BROKEN.toSeconds(), TimeUnit.SECONDS))
                    .as("the request reached the provider").isTrue();
        }

        @Override
        public synchronized void close() throws IOException {
            closed = true;
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
            accepted.clear();
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
     * A config whose requests would wait a minute: closing the hole ends them long before. The hole
     * is on another port, so another origin than the tenant's: allowed here explicitly.
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

    /**
     * Asserts each future is unfinished when the call returns and still unfinished once the provider
     * has the request, then closes the hole and asserts each future ends (how it ends is for other
     * tests: a failed revocation, for one, still signs out).
     */
    private void assertPending(CompletableFuture<?>... futures) throws IOException, InterruptedException {
        for (var future : futures) {
            assertThat(future).as("returned before the provider answered").isNotDone();
        }
        hole.awaitConnection();
        for (var future : futures) {
            assertThat(future).as("still waiting for the provider's answer").isNotDone();
        }
        hole.close();
        for (var future : futures) {
            assertThat(future.handle((value, failure) -> "ended"))
                    .as("ends as soon as the provider hangs up").succeedsWithin(BROKEN);
        }
    }

    @Test
    void signInWhenDiscoveryNeverAnswersThenReturnsAPendingFuture() throws Exception {
        var config = patient().toBuilder().endpoint(hole.url("")).build();

        assertPending(new LogtoClient(logto.core(config), storage).signIn(FakeLogto.REDIRECT_URI));
    }

    @Test
    void handleSignInCallbackWhenTokenEndpointNeverAnswersThenReturnsAPendingFuture() throws Exception {
        swallow("token_endpoint", FakeLogto.TOKEN_PATH);
        var client = new LogtoClient(logto.core(patient()), storage);
        SignIn s = logto.startSignIn(client, FakeLogto.REDIRECT_URI);

        assertPending(client.handleSignInCallback(s.callback()));
    }

    @Test
    void getAccessTokenClaimsAndUserInfoWhenTokenEndpointNeverAnswersThenReturnPendingFutures() throws Exception {
        logto.signIn(new LogtoClient(logto.core(), storage));
        swallow("token_endpoint", FakeLogto.TOKEN_PATH);
        var client = new LogtoClient(logto.core(patient()), storage);
        logto.clock().advance(Duration.ofHours(2));

        assertPending(client.getAccessToken(), client.getAccessTokenClaims("https://api.example.com"),
                client.fetchUserInfo());
    }

    @Test
    void fetchUserInfoWhenUserInfoNeverAnswersThenReturnsAPendingFuture() throws Exception {
        logto.signIn(new LogtoClient(logto.core(), storage));
        swallow("userinfo_endpoint", FakeLogto.USERINFO_PATH);

        assertPending(new LogtoClient(logto.core(patient()), storage).fetchUserInfo());
    }

    @Test
    void signOutWhenRevocationNeverAnswersThenPendingFutureAndStorageClearedAtOnce() throws Exception {
        logto.signIn(new LogtoClient(logto.core(), storage));
        swallow("revocation_endpoint", FakeLogto.REVOCATION_PATH);

        CompletableFuture<String> url = new LogtoClient(logto.core(patient()), storage).signOut(null);

        assertThat(storage.snapshot()).isEmpty();
        assertPending(url);
    }

    @Test
    void verifyWhenJwksNeverAnswersThenReturnsAPendingFuture() throws Exception {
        swallow("jwks_uri", FakeLogto.JWKS_PATH);
        var core = logto.core(patient());
        core.discovery().fetch().join();

        assertPending(core.idTokens().verifyAfterRefresh(logto.tokens().idToken().signedWith(TestKeys.ES384), java.util.Optional.empty()));
    }
}
