package io.logto.testing;

import com.nimbusds.jose.jwk.JWK;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.Headers;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real OIDC provider for the tests: mock-oauth2-server on 127.0.0.1, an ephemeral port, issuer id
 * {@code oidc}, so that the SDK's endpoint is {@link #endpoint()} and the issuer
 * {@code {endpoint}/oidc}, the shape of Logto's. It accepts any client id and secret. Because the
 * SDK sends {@code prompt=consent}, the provider shows its login form, and a test signs in as any
 * user by posting a username (the {@code sub}) and claims to it: {@link #login(String, String, String)}
 * plays that browser. {@link #refuseNextRefresh(int, String)} makes it answer one refresh as Logto
 * answers when the app's secret was rotated or the grant revoked. Needs {@code no.nav.security:mock-oauth2-server} on the test class path.
 *
 * <pre>{@code
 * try (var provider = new LoopbackOidcProvider()) {
 *     LogtoConfig config = LogtoConfig.builder().endpoint(provider.endpoint())
 *             .appId(LoopbackOidcProvider.APP_ID).appSecret(LoopbackOidcProvider.APP_SECRET).build();
 *     String callback = provider.login(client.signIn(redirectUri).join(), "ada", "{}");
 * }
 * }</pre>
 */
public final class LoopbackOidcProvider implements AutoCloseable {
    /** The issuer id: the issuer is {@code {endpoint}/oidc}, as in Logto. */
    public static final String ISSUER_ID = "oidc";
    /** The app id the tests use (the provider accepts any). */
    public static final String APP_ID = "logto-test-app";
    /** The app secret the tests use (the provider accepts any). */
    public static final String APP_SECRET = "logto-test-app-secret";

    /** The answer the next refresh gets instead of tokens, if a test set one. */
    private final AtomicReference<OAuth2HttpResponse> nextRefresh = new AtomicReference<>();
    private final MockOAuth2Server server;
    private final PublicJsonWebKey signingKey;
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** Starts the provider on 127.0.0.1 on a free port, with mock-oauth2-server's own signing key. */
    public LoopbackOidcProvider() {
        this((PublicJsonWebKey) null);
    }

    /**
     * Starts the provider on 127.0.0.1 on a free port, signing with a key the test holds (ES384 for
     * a P-384 key, else RS256), published under key id {@link #ISSUER_ID}: the test can then sign
     * what the provider sends on its own, such as back-channel logout tokens, or would never issue.
     *
     * @param signingKey a key pair (copied; its key id is replaced), or {@code null} for the provider's own
     */
    public LoopbackOidcProvider(PublicJsonWebKey signingKey) {
        this.signingKey = signingKey == null ? null : withKeyId(signingKey, ISSUER_ID);
        OAuth2TokenProvider tokens = this.signingKey == null ? new OAuth2TokenProvider()
                : new OAuth2TokenProvider(new KeyProvider(List.of(nimbusKey(this.signingKey)),
                        this.signingKey instanceof EllipticCurveJsonWebKey ? "ES384" : "RS256"));
        this.server = new MockOAuth2Server(new OAuth2Config(false, null, null, false, tokens), new RefreshOverride());
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The key the provider signs with, when the test gave one.
     *
     * @return the key pair, with the key id the provider publishes; empty when the provider made its own
     */
    public Optional<PublicJsonWebKey> signingKey() {
        return Optional.ofNullable(signingKey);
    }

    private static PublicJsonWebKey withKeyId(PublicJsonWebKey key, String kid) {
        try {
            var copy = PublicJsonWebKey.Factory.newPublicJwk(key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            copy.setKeyId(kid);
            return copy;
        } catch (JoseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JWK nimbusKey(PublicJsonWebKey key) {
        try {
            return JWK.parse(key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * The SDK's endpoint.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public String endpoint() {
        return "http://127.0.0.1:" + server.url("/").port();
    }

    /**
     * The issuer.
     *
     * @return {@code {endpoint}/oidc}
     */
    public String issuer() {
        return endpoint() + "/" + ISSUER_ID;
    }

    /**
     * The provider itself, to enqueue token callbacks.
     *
     * @return the server
     */
    public MockOAuth2Server server() {
        return server;
    }

    /**
     * Plays the browser: opens the authorization URL and, when the provider shows its login form
     * (it does for {@code prompt=consent}), submits it for {@code subject}.
     *
     * @param authorizationUrl the SDK's sign-in URL
     * @param subject          the user's {@code sub}
     * @param claimsJson       extra claims of the ID and access tokens, a JSON object
     * @return the callback URL the provider redirects to
     */
    public String login(String authorizationUrl, String subject, String claimsJson) {
        try {
            HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Answers the next {@code grant_type=refresh_token} request, once, with HTTP {@code status} and
     * the OAuth error {@code error} instead of tokens (as Logto answers when the app's secret was
     * rotated, the app deleted, the grant revoked, …).
     *
     * @param status the HTTP status, e.g. 400 or 503
     * @param error  the OAuth {@code error}, e.g. {@code invalid_client}
     */
    public void refuseNextRefresh(int status, String error) {
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

    /** Stops the provider. */
    @Override
    public void close() {
        server.shutdown();
    }
}
