package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.TokenFactory;
import org.jose4j.jwk.PublicJsonWebKey;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Plays Logto's side of back-channel logout against a test app: logout tokens signed with the
 * {@link LoopbackOidcProvider}'s own key (so, genuine), and the POST oidc-provider makes — form body,
 * no cookie, no redirect followed.
 */
final class LogoutRequests {
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final TokenFactory tokens;
    private final PublicJsonWebKey providerKey;

    LogoutRequests(LoopbackOidcProvider provider) {
        this(provider.issuer(), provider.signingKey().orElseThrow(() -> new IllegalArgumentException(
                "the provider must sign with a key the test holds")), Clock.systemUTC());
    }

    /** For any provider of the test app whose signing key the test holds, tokens timed by {@code clock}. */
    LogoutRequests(String issuer, PublicJsonWebKey providerKey, Clock clock) {
        this.tokens = new TokenFactory(issuer, LoopbackOidcProvider.APP_ID, clock);
        this.providerKey = providerKey;
    }

    /** A logout token as Logto sends it for {@code sub}, unsigned yet. */
    TokenFactory.Jwt token(String sub) {
        return tokens.logoutToken().claim("sub", sub);
    }

    /** A logout token as Logto sends it for {@code sub} and {@code sid}, unsigned yet. */
    TokenFactory.Jwt token(String sub, String sid) {
        return token(sub).claim("sid", sid);
    }

    /** Signed with the provider's key. */
    String signed(TokenFactory.Jwt token) {
        return token.signedWith(providerKey);
    }

    /** POSTs {@code logout_token=<token>} as Logto does. */
    HttpResponse<String> post(String url, String token) {
        return post(url, "application/x-www-form-urlencoded", "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /** POSTs {@code body} with {@code contentType} (none when {@code null}). */
    HttpResponse<String> post(String url, String contentType, String body) {
        var request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    /** Any request, e.g. a GET of the endpoint. */
    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
