package io.logto.sdk.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.LogtoConfig;
import no.nav.security.mock.oauth2.MockOAuth2Server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A real OIDC provider (mock-oauth2-server) on 127.0.0.1 with Logto's URL layout: issuer
 * {@code http://127.0.0.1:PORT/oidc}, so the SDK's endpoint is {@code http://127.0.0.1:PORT}.
 * Its login form is submitted by {@link #login(String)} like a browser would.
 */
final class MockProvider implements AutoCloseable {
    static final String ISSUER_ID = "oidc";
    static final String APP_ID = "e2e-app";

    private static final ObjectMapper JSON = new ObjectMapper();

    private volatile String nextSubject = "user";
    private volatile String nextClaimsJson = "{}";
    private final MockOAuth2Server server = new MockOAuth2Server();
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    MockProvider() {
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String endpoint() {
        String issuer = server.issuerUrl(ISSUER_ID).toString();
        return issuer.substring(0, issuer.length() - ("/" + ISSUER_ID).length());
    }

    String issuer() {
        return server.issuerUrl(ISSUER_ID).toString();
    }

    LogtoConfig.Builder config() {
        return LogtoConfig.builder().endpoint(endpoint()).appId(APP_ID).appSecret("e2e-secret");
    }

    /** The next login is for {@code subject} with these extra claims in ID and access tokens. */
    void nextUser(String subject, Map<String, Object> claims) {
        nextSubject = subject;
        try {
            nextClaimsJson = JSON.writeValueAsString(claims);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Plays the browser: opens the authorization URL and, when the provider shows its login form
     * (it does for {@code prompt=consent}), submits it. Returns the callback URL it is sent to.
     */
    String login(String authorizationUrl) throws IOException, InterruptedException {
        return login(authorizationUrl, nextSubject, nextClaimsJson);
    }

    /** Like {@link #login(String)}, for {@code subject}. */
    String login(String authorizationUrl, String subject, String claimsJson) throws IOException, InterruptedException {
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("name=\"username\"")) {
            String form = "username=" + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                    + "&claims=" + URLEncoder.encode(claimsJson, StandardCharsets.UTF_8);
            response = browser.send(HttpRequest.newBuilder(URI.create(authorizationUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() != 302) {
            throw new IllegalStateException("provider answered HTTP " + response.statusCode());
        }
        return response.headers().firstValue("Location").orElseThrow();
    }

    MockOAuth2Server server() {
        return server;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
