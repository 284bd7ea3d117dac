package io.logto.sdk.servlet;

import io.logto.sdk.LogtoConfig;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

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

    /** The answer the next refresh gets instead of tokens, if a test set one (see {@link #refuseNextRefresh}). */
    private final AtomicReference<OAuth2HttpResponse> nextRefresh = new AtomicReference<>();
    private final MockOAuth2Server server = new MockOAuth2Server(new RefreshOverride());

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

    /**
     * The next {@code grant_type=refresh_token} request is answered {@code status} with the OAuth
     * error {@code error} (as Logto answers when the app's secret was rotated, the app deleted, …).
     */
    void refuseNextRefresh(int status, String error) {
        nextRefresh.set(new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), status,
                "{\"error\":\"" + error + "\",\"error_description\":\"refused by the test\"}", null));
    }

    /** Answers a refresh with the response set by {@link #refuseNextRefresh}, once. */
    private final class RefreshOverride implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            return nextRefresh.get() != null && request.getMethod().equals("POST")
                    && request.getUrl().encodedPath().endsWith("/token")
                    && request.getBody() != null && request.getBody().contains("grant_type=refresh_token");
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            return nextRefresh.getAndSet(null);
        }
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
