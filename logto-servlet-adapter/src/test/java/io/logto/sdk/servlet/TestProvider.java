package io.logto.sdk.servlet;

import io.logto.sdk.LogtoConfig;
import no.nav.security.mock.oauth2.MockOAuth2Server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * A real OIDC provider for the tests: mock-oauth2-server on 127.0.0.1, an ephemeral port, issuer id
 * {@code oidc}, so that the SDK's endpoint is {@code http://127.0.0.1:PORT} and the issuer
 * {@code http://127.0.0.1:PORT/oidc}, the shape of Logto's. Because the SDK sends
 * {@code prompt=consent}, the provider shows its login form, and the test signs in as any user by
 * posting a username (the {@code sub}) and claims to it.
 */
final class TestProvider implements AutoCloseable {
    static final String APP_ID = "servlet-app";
    static final String APP_SECRET = "servlet-app-secret";

    private final MockOAuth2Server server = new MockOAuth2Server();

    TestProvider() {
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SDK's endpoint: the issuer is this plus {@code /oidc}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.url("/").port();
    }

    /** The provider itself. */
    MockOAuth2Server server() {
        return server;
    }

    LogtoConfig logtoConfig() {
        return LogtoConfig.builder()
                .endpoint(endpoint())
                .appId(APP_ID)
                .appSecret(APP_SECRET)
                .scopes(java.util.List.of("email"))
                .requestTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
