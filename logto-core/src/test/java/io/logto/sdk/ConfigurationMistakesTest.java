package io.logto.sdk;

import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.sdk.testing.RecordingStorage;
import io.logto.testing.SignIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A newcomer's configuration mistakes get a code and a message that say what to fix (issue 10): a
 * wrong app ID or secret, an endpoint that does not answer, is not Logto, or ends in {@code /oidc}.
 */
class ConfigurationMistakesTest {
    private static FakeLogto shared;

    @BeforeAll
    static void startProvider() {
        shared = new FakeLogto();
    }

    @AfterAll
    static void stopProvider() {
        shared.close();
    }

    private FakeLogto logto;
    private RecordingStorage storage;

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        storage = new RecordingStorage();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"401, invalid_client", "400, invalid_client", "400, unauthorized_client"})
    void codeExchangeWhenTheAppIsRejectedThenClientAuthenticationFailedSaysToCheckIdAndSecret(int status, String error) {
        var client = new LogtoClient(logto.core(), storage);
        SignIn s = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        logto.stubTokenError(status, error);

        LogtoException e = Failures.of(client.handleSignInCallback(s.callback()));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CLIENT_AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).startsWith("Logto rejected the app ID or secret: check")
                .doesNotContain(FakeLogto.APP_SECRET);
        assertThat(e.error()).contains(error);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(client.isAuthenticated().join()).isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"401, invalid_client", "400, invalid_client", "400, unauthorized_client"})
    void refreshWhenTheAppIsRejectedThenClientAuthenticationFailedAndTheSessionEnds(int status, String error) {
        var client = new LogtoClient(logto.core(), storage);
        logto.signIn(client);
        logto.clock().advance(Duration.ofHours(2));
        logto.stubTokenError(status, error);

        LogtoException e = Failures.of(client.getAccessToken());

        // Moved from SessionEndTest.refreshRefusedForGoodThenSignedOutAndTokensRemoved: the same end, its own code.
        assertThat(e.code()).isEqualTo(LogtoException.Code.CLIENT_AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).startsWith("Logto rejected the app ID or secret: check");
        assertThat(e.error()).contains(error);
        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(client.getRefreshToken()).isEmpty();
        assertThat(client.getIdToken()).isEmpty();
    }

    @Test
    void discoveryWhenTheEndpointIsNotLogtoThenTheMessageNamesTheUrlAndTheStatus() {
        logto.server().stubFor(get(urlPathEqualTo(FakeLogto.DISCOVERY_PATH)).willReturn(aResponse().withStatus(404)));
        var client = new LogtoClient(logto.core(), storage);

        LogtoException e = Failures.of(client.signIn(FakeLogto.REDIRECT_URI));

        assertThat(e.code()).isEqualTo(LogtoException.Code.DISCOVERY_FAILED);
        assertThat(e.getMessage()).contains(logto.endpoint() + FakeLogto.DISCOVERY_PATH)
                .contains("HTTP 404").contains("check the endpoint");
    }

    @Test
    void discoveryWhenTheAnswerIsNotJsonThenTheMessageSaysSo() {
        logto.server().stubFor(get(urlPathEqualTo(FakeLogto.DISCOVERY_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>a login page</html>")));
        var client = new LogtoClient(logto.core(), storage);

        LogtoException e = Failures.of(client.signIn(FakeLogto.REDIRECT_URI));

        assertThat(e.code()).isEqualTo(LogtoException.Code.DISCOVERY_FAILED);
        assertThat(e.getMessage()).contains(FakeLogto.DISCOVERY_PATH).contains("not JSON");
    }

    @Test
    void discoveryWhenNothingListensThenConnectionRefusedAndTheUrl() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var config = LogtoConfig.builder().endpoint("http://127.0.0.1:" + port).appId("app").appSecret("secret").build();

        LogtoException e = Failures.of(new LogtoClient(OidcCore.create(config), storage).signIn(FakeLogto.REDIRECT_URI));

        assertThat(e.code()).isEqualTo(LogtoException.Code.DISCOVERY_FAILED);
        assertThat(e.getMessage()).contains("http://127.0.0.1:" + port + "/oidc/.well-known/openid-configuration")
                .contains("connection refused");
    }

    @Test
    void discoveryWhenTheServerSpeaksNoTlsThenTlsFailed() {
        // WireMock's plain-http port asked for https: the handshake fails.
        var config = LogtoConfig.builder().endpoint(logto.endpoint().replace("http://", "https://"))
                .appId("app").appSecret("secret").build();

        LogtoException e = Failures.of(new LogtoClient(OidcCore.create(config), storage).signIn(FakeLogto.REDIRECT_URI));

        assertThat(e.code()).isEqualTo(LogtoException.Code.DISCOVERY_FAILED);
        assertThat(e.getMessage()).contains("TLS failed");
    }

    @Test
    void discoveryWhenTheConnectionCannotBeMadeThenTheConnectTimeoutIsReported() throws IOException {
        // A listening socket whose accept queue is full: Linux drops the next SYN, so connecting hangs.
        try (var full = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var queued = new java.util.ArrayList<java.net.Socket>();
            try {
                for (int i = 0; i < 8; i++) {
                    var socket = new java.net.Socket();
                    socket.connect(full.getLocalSocketAddress(), 200);
                    queued.add(socket);
                }
            } catch (IOException expected) {
                // The queue is full now.
            }
            var config = LogtoConfig.builder().endpoint("http://127.0.0.1:" + full.getLocalPort()).appId("app")
                    .appSecret("secret").connectTimeout(Duration.ofMillis(300)).requestTimeout(Duration.ofSeconds(20))
                    .build();

            LogtoException e = Failures.of(new LogtoClient(OidcCore.create(config), storage).signIn(FakeLogto.REDIRECT_URI));

            assertThat(e.code()).isEqualTo(LogtoException.Code.DISCOVERY_FAILED);
            assertThat(e.getMessage()).contains("could not connect within 300 ms").doesNotContain("20000");
            for (var socket : queued) {
                socket.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oidc", "/oidc/", "/OIDC"})
    void endpointEndingInOidcIsTheTenantsAddress(String suffix) {
        var config = LogtoConfig.builder().endpoint("https://tenant.logto.app" + suffix).appId("app").build();

        assertThat(config.endpoint()).hasToString("https://tenant.logto.app");
        assertThat(config.issuer()).isEqualTo("https://tenant.logto.app/oidc");
    }

    @Test
    void endpointWithAPathPrefixKeepsIt() {
        var config = LogtoConfig.builder().endpoint("https://example.com/auth/oidc").appId("app").build();

        assertThat(config.endpoint()).hasToString("https://example.com/auth");
        assertThat(LogtoConfig.builder().endpoint("https://example.com/auth").appId("app").build().endpoint())
                .hasToString("https://example.com/auth");
    }
}
