package io.logto.sdk.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Talks to the token endpoint (code exchange and refresh, RFC 6749) and the revocation endpoint
 * (RFC 7009). The client authenticates with {@code client_secret_post} when it has a secret, like
 * the Python SDK.
 *
 * <p>Refreshes are single-flight: concurrent refreshes of the same refresh token for the same
 * resource share one request and one ID-token verification. Thread-safe.
 */
public final class TokenClient {
    private final LogtoConfig config;
    private final DiscoveryClient discovery;
    private final IdTokenVerifier verifier;
    private final HttpTransport http;
    private final SingleFlight<String, RefreshedTokens> refreshes = new SingleFlight<>();
    private final RefreshLanes lanes = new RefreshLanes();

    TokenClient(LogtoConfig config, DiscoveryClient discovery, IdTokenVerifier verifier, HttpTransport http) {
        this.config = config;
        this.discovery = discovery;
        this.verifier = verifier;
        this.http = http;
    }

    /**
     * Exchanges an authorization code (with its PKCE verifier) for tokens. The ID token is not
     * verified here; the caller verifies it with the sign-in's nonce.
     */
    public CompletableFuture<TokenResponse> exchangeCode(String code, String codeVerifier, String redirectUri) {
        var form = new ArrayList<Map.Entry<String, String>>();
        form.add(Map.entry("grant_type", "authorization_code"));
        form.add(Map.entry("code", code));
        form.add(Map.entry("code_verifier", codeVerifier));
        form.add(Map.entry("redirect_uri", redirectUri));
        return post(form, false);
    }

    /**
     * Refreshes: {@code resource} (may be {@code null}) or, for an organization, {@code organizationId}.
     * An ID token in the response is verified, and must name {@code subject}.
     * {@code invalid_grant} fails with {@link LogtoException.Code#REFRESH_TOKEN_INVALID}.
     *
     * <p>Identical concurrent refreshes share one request; refreshes of one session for different
     * resources run one after another, each with the newest (possibly rotated) refresh token.
     */
    public CompletableFuture<RefreshedTokens> refresh(String refreshToken, String resource, String organizationId,
                                                      String subject) {
        String key = fingerprint(refreshToken) + '\n' + (resource == null ? "" : resource)
                + '\n' + (organizationId == null ? "" : organizationId);
        return refreshes.run(key, () -> lanes.run(refreshToken, tokenToSend -> {
            var form = new ArrayList<Map.Entry<String, String>>();
            form.add(Map.entry("grant_type", "refresh_token"));
            form.add(Map.entry("refresh_token", tokenToSend));
            if (organizationId != null) {
                form.add(Map.entry("organization_id", organizationId));
            } else if (resource != null && !resource.isEmpty()) {
                form.add(Map.entry("resource", resource));
            }
            return post(form, true).thenCompose(tokens -> tokens.idToken().isEmpty()
                    ? CompletableFuture.completedFuture(tokens)
                    : verifier.verifyAfterRefresh(tokens.idToken().get(), Optional.ofNullable(subject))
                            .thenApply(claims -> tokens));
        }));
    }

    /** How many refreshes are in flight right now. */
    public int refreshesInFlight() {
        return refreshes.size();
    }

    /**
     * Revokes a refresh token. Completes normally when the provider has no revocation endpoint;
     * fails with {@link LogtoException.Code#TOKEN_REQUEST_FAILED} when the provider refuses.
     */
    public CompletableFuture<Void> revoke(String refreshToken) {
        return discovery.fetch().thenCompose(provider -> {
            if (provider.revocationEndpoint().isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            var form = new ArrayList<Map.Entry<String, String>>();
            form.add(Map.entry("token", refreshToken));
            form.add(Map.entry("token_type_hint", "refresh_token"));
            addClientAuthentication(form);
            return http.postForm(provider.revocationEndpoint().get(), form,
                            LogtoException.Code.TOKEN_REQUEST_FAILED, "token revocation")
                    .thenApply(response -> {
                        if (!response.isSuccess()) {
                            throw new LogtoException(LogtoException.Code.TOKEN_REQUEST_FAILED,
                                    "token revocation answered HTTP " + response.status(), null, null,
                                    response.status(), null);
                        }
                        return null;
                    });
        });
    }

    private CompletableFuture<TokenResponse> post(List<Map.Entry<String, String>> form, boolean isRefresh) {
        addClientAuthentication(form);
        String what = isRefresh ? "token refresh" : "code exchange";
        return discovery.fetch()
                .thenCompose(provider -> http.postForm(provider.tokenEndpoint(), form,
                        LogtoException.Code.TOKEN_REQUEST_FAILED, what))
                .thenApply(response -> {
                    if (!response.isSuccess()) {
                        throw failure(response, isRefresh, what);
                    }
                    return TokenResponse.fromJson(
                            HttpTransport.parseObject(response, LogtoException.Code.TOKEN_REQUEST_FAILED, what));
                });
    }

    private void addClientAuthentication(List<Map.Entry<String, String>> form) {
        form.add(Map.entry("client_id", config.appId()));
        config.appSecret().ifPresent(secret -> form.add(Map.entry("client_secret", secret)));
    }

    private static LogtoException failure(HttpTransport.Response response, boolean isRefresh, String what) {
        String error = null;
        String description = null;
        if (response.isJson()) {
            try {
                JsonNode json = HttpTransport.JSON.readTree(response.body());
                if (json != null && json.isObject()) {
                    error = json.path("error").isTextual() ? json.get("error").asText() : null;
                    description = json.path("error_description").isTextual() ? json.get("error_description").asText() : null;
                }
            } catch (java.io.IOException ignored) {
                // The status alone tells the story.
            }
        }
        LogtoException.Code code = isRefresh && "invalid_grant".equals(error)
                ? LogtoException.Code.REFRESH_TOKEN_INVALID : LogtoException.Code.TOKEN_REQUEST_FAILED;
        return new LogtoException(code, what + " answered HTTP " + response.status(), error, description,
                response.status(), null);
    }

    /** A stable, non-reversible name for a token, so that tokens never become map keys in clear. */
    static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
