package io.logto.sdk.oidc;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoEventListener;
import io.logto.sdk.LogtoException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Talks to the token endpoint (code exchange and refresh, RFC 6749) and the revocation endpoint
 * (RFC 7009). The client authenticates with {@code client_secret_post} when it has a secret, like
 * the Python SDK.
 *
 * <p>Refreshes are single-flight: concurrent refreshes of the same refresh token for the same
 * resource share one request and one ID-token verification. Thread-safe.
 *
 * <p>A code exchange or refresh that Logto refuses because of the app's credentials
 * ({@code invalid_client}, {@code unauthorized_client}) fails with
 * {@link LogtoException.Code#CLIENT_AUTHENTICATION_FAILED}, whose message says to check the app ID
 * and secret; for a refresh the session is over too ({@link #endsSession}). A refresh fails with
 * {@link LogtoException.Code#REFRESH_TOKEN_INVALID} — the session is over —
 * only when Logto refuses it for good otherwise: a {@code 4xx} answer (not {@code 429}) whose OAuth
 * {@code error} is in {@link #SESSION_ENDING_ERRORS}, or {@code access_denied} when refreshing the
 * sign-in's own token ({@link TokenTarget#USER_INFO}: the user may no longer use the app). Every
 * other failure — {@code 5xx}, {@code 429}, timeouts, refused connections, bodies that are not
 * OAuth errors, errors about one resource or organization — is {@link LogtoException.Code#TOKEN_REQUEST_FAILED}
 * and signs nobody out.
 */
public final class TokenClient {
    /**
     * OAuth errors (RFC 6749 §5.2) after which no refresh can succeed: the refresh token is dead
     * ({@code invalid_grant}), or the app's credentials or rights were withdrawn (secret rotated, app
     * deleted or reconfigured: {@code invalid_client}, {@code unauthorized_client},
     * {@code unsupported_grant_type}).
     */
    public static final Set<String> SESSION_ENDING_ERRORS =
            Set.of("invalid_grant", "invalid_client", "unauthorized_client", "unsupported_grant_type");
    /** For the sign-in's own token, also {@code access_denied}: the user's access to the app was withdrawn. */
    private static final Set<String> SESSION_ENDING_ERRORS_OF_OWN_TOKEN = Set.of(
            "invalid_grant", "invalid_client", "unauthorized_client", "unsupported_grant_type", "access_denied");

    /** What the app's owner reads when Logto refuses the app's credentials. */
    static final String CLIENT_REJECTED = "Logto rejected the app ID or secret: check that they are the App ID and "
            + "App secret on the application's page in the Logto Console (a Traditional web app), with no spaces";

    private final LogtoConfig config;
    private final DiscoveryClient discovery;
    private final IdTokenVerifier verifier;
    private final HttpTransport http;
    private final SingleFlight<String, RefreshedTokens> refreshes = new SingleFlight<>();
    private final RefreshLanes lanes = new RefreshLanes();
    private final RecentRotations rotations = new RecentRotations();
    private final LogtoEventListener events;

    TokenClient(LogtoConfig config, DiscoveryClient discovery, IdTokenVerifier verifier, HttpTransport http,
                LogtoEventListener events) {
        this.events = events;
        this.config = config;
        this.discovery = discovery;
        this.verifier = verifier;
        this.http = http;
    }

    /**
     * Exchanges an authorization code (with its PKCE verifier) for tokens. The ID token is not
     * verified here; the caller verifies it with the sign-in's nonce.
     *
     * @param code the authorization code from the callback
     * @param codeVerifier the PKCE verifier of the sign-in
     * @param redirectUri where Logto sends the user back; registered in the Logto Console
     * @return the token response; fails with {@link LogtoException.Code#CLIENT_AUTHENTICATION_FAILED}
     *         when Logto refuses the app's credentials, else {@link LogtoException.Code#TOKEN_REQUEST_FAILED}
     */
    public CompletableFuture<TokenResponse> exchangeCode(String code, String codeVerifier, String redirectUri) {
        var form = new ArrayList<Map.Entry<String, String>>();
        form.add(Map.entry("grant_type", "authorization_code"));
        form.add(Map.entry("code", code));
        form.add(Map.entry("code_verifier", codeVerifier));
        form.add(Map.entry("redirect_uri", redirectUri));
        return post(form, "code exchange", Set.of());
    }

    /**
     * Sends a refresh-token grant for the request's target: {@code resource} for an API resource,
     * {@code organization_id} for an organization, neither for the userinfo token. An ID token in the
     * response is verified, and must name the request's expected subject. A refusal for good (see
     * the class comment) fails with {@link LogtoException.Code#REFRESH_TOKEN_INVALID}.
     *
     * <p>Identical concurrent refreshes (same refresh token, same target) share one request;
     * refreshes of one session for different targets run one after another, each with the newest
     * (possibly rotated) refresh token. A refresh token this client saw rotated in the last two
     * minutes is never sent again: the caller gets that rotation's result (same target), or the
     * request goes out with the newest token ({@link RecentRotations}).
     *
     * @param request the refresh
     * @return the response and the refresh token actually sent
     */
    public CompletableFuture<RefreshedTokens> refresh(RefreshRequest request) {
        // A token this JVM saw rotated a moment ago (the caller read an older copy of the session):
        // never send it again, which would revoke the grant.
        if (rotations.revokedSince(request.refreshToken())) {
            // An older copy of a session that has since been signed out: it is over, and its
            // consumed token must not go out either.
            return CompletableFuture.failedFuture(new LogtoException(LogtoException.Code.REFRESH_TOKEN_INVALID,
                    "token refresh: this refresh token was rotated, and its successor revoked at sign-out"));
        }
        Optional<RefreshedTokens> recent = rotations.resultFor(request.refreshToken(), request.target());
        if (recent.isPresent()) {
            return CompletableFuture.completedFuture(recent.get());
        }
        String refreshToken = rotations.newest(request.refreshToken());
        String key = fingerprint(refreshToken) + '\n' + request.target().key();
        return refreshes.run(key, () -> lanes.run(refreshToken, tokenToSend -> {
            var form = new ArrayList<Map.Entry<String, String>>();
            form.add(Map.entry("grant_type", "refresh_token"));
            form.add(Map.entry("refresh_token", tokenToSend));
            // The userinfo token names no target.
            if (request.target() instanceof TokenTarget.Organization organization) {
                form.add(Map.entry("organization_id", organization.id()));
            } else if (request.target() instanceof TokenTarget.ApiResource resource) {
                form.add(Map.entry("resource", resource.indicator()));
            }
            return post(form, "token refresh", sessionEndingErrors(request.target()))
                    .thenCompose(tokens -> tokens.idToken().isEmpty()
                    ? CompletableFuture.completedFuture(tokens)
                    : verifier.verifyAfterRefresh(tokens.idToken().get(), request.expectedSubject())
                            .thenApply(claims -> tokens));
        }).whenComplete(this::report).thenApply(refreshed -> {
            rotations.record(refreshed, request.target());
            return refreshed;
        }));
    }

    /** Tells the listener how one refresh request ended (once per flight, not per caller sharing it). */
    private void report(RefreshedTokens refreshed, Throwable error) {
        if (error == null) {
            events.tokenRefreshed();
        } else {
            events.refreshFailed(Futures.unwrap(error) instanceof LogtoException e ? e.code()
                    : LogtoException.Code.TOKEN_REQUEST_FAILED);
        }
    }

    /**
     * How many refreshes are in flight right now.
     *
     * @return how many refreshes are in flight right now
     */
    public int refreshesInFlight() {
        return refreshes.size();
    }

    /**
     * Revokes a refresh token. Completes normally when the provider has no revocation endpoint;
     * fails with {@link LogtoException.Code#TOKEN_REQUEST_FAILED} when the provider refuses.
     *
     * @param refreshToken the refresh token
     * @return a future that completes when the token is revoked
     */
    public CompletableFuture<Void> revoke(String refreshToken) {
        // Before the request: whether or not the provider confirms, copies of the session that
        // still hold an earlier token of this chain must not be served its tokens again.
        rotations.revoked(refreshToken);
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
                            throw LogtoException.httpStatus(LogtoException.Code.TOKEN_REQUEST_FAILED,
                                    "token revocation answered HTTP " + response.status(), response.status());
                        }
                        return null;
                    });
        });
    }

    /** POSTs to the token endpoint; an OAuth error in {@code sessionEnding} is a refusal for good. */
    private CompletableFuture<TokenResponse> post(List<Map.Entry<String, String>> form, String what,
                                                  Set<String> sessionEnding) {
        addClientAuthentication(form);
        return discovery.fetch()
                .thenCompose(provider -> http.postForm(provider.tokenEndpoint(), form,
                        LogtoException.Code.TOKEN_REQUEST_FAILED, what))
                .thenApply(response -> {
                    if (!response.isSuccess()) {
                        throw failure(response, what, sessionEnding);
                    }
                    return TokenResponse.fromJson(
                            HttpTransport.parseObject(response, LogtoException.Code.TOKEN_REQUEST_FAILED, what));
                });
    }

    private void addClientAuthentication(List<Map.Entry<String, String>> form) {
        form.add(Map.entry("client_id", config.appId()));
        config.appSecret().ifPresent(secret -> form.add(Map.entry("client_secret", secret)));
    }

    private static LogtoException failure(HttpTransport.Response response, String what, Set<String> sessionEnding) {
        Optional<OAuthError> oauth = OAuthError.of(response);
        String error = oauth.map(OAuthError::error).orElse(null);
        // Only a client error is an answer about the request: a 5xx or 429 says nothing about the token.
        int status = response.status();
        boolean clientError = status >= 400 && status < 500 && status != 429;
        String message = what + " answered HTTP " + status;
        if (clientError && rejectsTheApp(error)) {
            // Wrong app ID or secret: no retry or new sign-in helps until the configuration is fixed.
            // For a refresh it is also a refusal for good, so the session ends as for invalid_grant.
            return LogtoException.providerError(LogtoException.Code.CLIENT_AUTHENTICATION_FAILED,
                    CLIENT_REJECTED + " (" + message + ")", error, oauth.flatMap(OAuthError::description), status);
        }
        boolean refusedForGood = clientError && error != null && sessionEnding.contains(error);
        LogtoException.Code code = refusedForGood
                ? LogtoException.Code.REFRESH_TOKEN_INVALID : LogtoException.Code.TOKEN_REQUEST_FAILED;
        return error == null ? LogtoException.httpStatus(code, message, status)
                : LogtoException.providerError(code, message, error, oauth.get().description(), status);
    }

    /**
     * Whether the token endpoint refused the app itself: {@code invalid_client} (Logto answers 401,
     * some servers 400), or {@code unauthorized_client} (the app may not use this grant: the wrong
     * app type).
     */
    static boolean rejectsTheApp(String error) {
        return "invalid_client".equals(error) || "unauthorized_client".equals(error);
    }

    /**
     * Whether a refresh failure ends the session: refused for good ({@link LogtoException.Code#REFRESH_TOKEN_INVALID})
     * or the app's credentials refused ({@link LogtoException.Code#CLIENT_AUTHENTICATION_FAILED}).
     *
     * @param failure a failure of {@link #refresh}
     * @return whether the session's tokens are dead
     */
    public static boolean endsSession(LogtoException failure) {
        return failure.code() == LogtoException.Code.REFRESH_TOKEN_INVALID
                || failure.code() == LogtoException.Code.CLIENT_AUTHENTICATION_FAILED;
    }

    /**
     * The OAuth errors that end the session when refreshing for {@code target}: an
     * {@code access_denied} about one API resource or organization says nothing about the sign-in.
     */
    private static Set<String> sessionEndingErrors(TokenTarget target) {
        return target instanceof TokenTarget.UserInfo ? SESSION_ENDING_ERRORS_OF_OWN_TOKEN : SESSION_ENDING_ERRORS;
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
