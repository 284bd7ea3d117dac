package io.logto.testing;

import com.nimbusds.jose.jwk.JWK;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
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
import java.util.Set;
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
 *
 * <p>{@link #builder()} makes one that issues access tokens as Logto does ({@link LogtoTokenCallback}:
 * {@code typ: at+jwt}, {@code aud} = the resource, {@code scope}, {@code client_id}, organization
 * tokens), optionally signing with a key the test holds, so that it can also sign the tokens a
 * provider would never issue (expired, for another audience…) with the provider's own key:
 *
 * <pre>{@code
 * try (var provider = LoopbackOidcProvider.builder()
 *         .apiResource("https://api.example.com", "read:data")
 *         .signingKey(TestKeys.es384("any")).build()) {
 *     String expired = tokens.logtoAccessToken(api, "read:data").expiresIn(-3600)
 *             .signedWith(provider.signingKey().orElseThrow());
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

    /** Starts the provider on 127.0.0.1 on a free port, with mock-oauth2-server's own tokens and keys. */
    public LoopbackOidcProvider() {
        this(new OAuth2Config(), null);
    }

    private LoopbackOidcProvider(OAuth2Config config, PublicJsonWebKey signingKey) {
        this.server = new MockOAuth2Server(config, new RefreshOverride());
        this.signingKey = signingKey;
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A builder of a provider that issues Logto-shaped access tokens.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The key the provider signs with, when the test gave one ({@link Builder#signingKey}), with the
     * key id the provider publishes it under ({@link #ISSUER_ID}).
     *
     * @return the private key, or empty when the provider made its own
     */
    public Optional<PublicJsonWebKey> signingKey() {
        return Optional.ofNullable(signingKey);
    }

    /**
     * How many HTTP requests the provider has received (discovery, keys, tokens, login…).
     *
     * @return the count since it started
     */
    public int requestCount() {
        return ((MockWebServerWrapper) server.getConfig().getHttpServer()).getMockWebServer().getRequestCount();
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

    /** Configures a provider that issues Logto-shaped access tokens. Not thread-safe. */
    public static final class Builder {
        private final LogtoTokenCallback.Builder tokens = LogtoTokenCallback.builder(ISSUER_ID);
        private PublicJsonWebKey signingKey;
        private boolean interactiveLogin;

        private Builder() {
        }

        /**
         * An API resource and the permissions every user and app holds on it.
         *
         * @param indicator   the resource indicator
         * @param permissions its permissions
         * @return this builder
         */
        public Builder apiResource(String indicator, String... permissions) {
            tokens.apiResource(indicator, permissions);
            return this;
        }

        /**
         * An organization every user and app belongs to, with its organization permissions.
         *
         * @param organizationId the organization id
         * @param permissions    its permissions
         * @return this builder
         */
        public Builder organization(String organizationId, String... permissions) {
            tokens.organization(organizationId, permissions);
            return this;
        }

        /**
         * The key to sign with (ES384 for a P-384 key, else RS256), published under key id
         * {@link #ISSUER_ID}; by default the provider makes its own RS256 key.
         *
         * @param key a key pair (its key id is replaced)
         * @return this builder
         */
        public Builder signingKey(PublicJsonWebKey key) {
            try {
                this.signingKey = PublicJsonWebKey.Factory.newPublicJwk(key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            } catch (JoseException e) {
                throw new IllegalArgumentException(e);
            }
            signingKey.setKeyId(ISSUER_ID);
            return this;
        }

        /**
         * Show the login form on every authorization request, not only for {@code prompt=consent}.
         *
         * @return this builder
         */
        public Builder interactiveLogin() {
            this.interactiveLogin = true;
            return this;
        }

        /**
         * Starts the provider on 127.0.0.1 on a free port.
         *
         * @return the running provider
         */
        public LoopbackOidcProvider build() {
            OAuth2TokenProvider tokenProvider;
            if (signingKey == null) {
                tokenProvider = new OAuth2TokenProvider();
            } else {
                try {
                    String algorithm = signingKey instanceof EllipticCurveJsonWebKey ? "ES384" : "RS256";
                    JWK jwk = JWK.parse(signingKey.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
                    tokenProvider = new OAuth2TokenProvider(new KeyProvider(List.of(jwk), algorithm));
                } catch (ParseException e) {
                    throw new IllegalArgumentException(e);
                }
            }
            var config = new OAuth2Config(interactiveLogin, null, null, false, tokenProvider, Set.of(tokens.build()));
            return new LoopbackOidcProvider(config, signingKey);
        }
    }
}
