package io.logto.sdk;

import io.logto.sdk.oidc.AuthorizationSecrets;
import io.logto.sdk.oidc.OidcCore;
import io.logto.sdk.oidc.OidcProviderConfig;
import io.logto.sdk.oidc.QueryString;
import io.logto.sdk.oidc.RefreshedTokens;
import io.logto.sdk.oidc.TokenResponse;
import io.logto.sdk.storage.CachedAccessToken;
import io.logto.sdk.storage.SignInAttempt;
import io.logto.sdk.storage.Storage;
import io.logto.sdk.storage.StoredSession;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The Logto client for one user's session: sign-in, callback, tokens, user info and sign-out.
 * Mirrors the Logto Python SDK's {@code LogtoClient}.
 *
 * <pre>{@code
 * OidcCore core = OidcCore.create(config);                 // once per app
 * LogtoClient client = new LogtoClient(core, storage);     // per request, bound to the user's session
 *
 * String url = client.signIn("https://app.example.com/callback").join();   // redirect the browser there
 * client.handleSignInCallback(fullCallbackUrl).join();                      // on /callback
 * boolean signedIn = client.isAuthenticated().join();
 * String name = client.getIdTokenClaims().name().orElse("");
 * String url2 = client.signOut("https://app.example.com/").join();          // redirect there
 * }</pre>
 *
 * <p><b>When a session ends</b> (fail closed): a sign-in lasts while its ID token is stored and
 * <ul>
 *   <li>without a refresh token, until the ID token expires ({@code exp} + clock skew);</li>
 *   <li>with one, until Logto refuses a refresh for good ({@link LogtoException.Code#REFRESH_TOKEN_INVALID}:
 *       {@code invalid_grant}, {@code invalid_client}, …), which removes the tokens — transient
 *       failures ({@code 5xx}, timeouts, no connection) never end it;</li>
 *   <li>and never longer than {@link LogtoConfig#maxSessionAge()}, if set.</li>
 * </ul>
 * An ended session is not {@linkplain #isAuthenticated() authenticated}, has no
 * {@linkplain #getIdTokenClaims() claims} and gets no more tokens.
 *
 * <p>Methods that may touch the network return a {@link CompletableFuture} and never block the
 * caller's thread; they complete exceptionally with a {@link LogtoException}. Reading the session
 * ({@link #isAuthenticated()}, {@link #getIdTokenClaims()}, a cached {@link #getAccessToken()})
 * makes no network call. The client is cheap to create and thread-safe; all per-user state is in
 * its {@link Storage}.
 */
public final class LogtoClient {
    private static final System.Logger LOG = System.getLogger(LogtoClient.class.getName());
    /** Access tokens are used until this long before they expire (the Python SDK's margin). */
    static final long EXPIRY_MARGIN_SECONDS = 60;

    private final OidcCore core;
    private final LogtoConfig config;
    private final StoredSession session;

    /**
     * A client with its own HTTP client and caches. Fine for one long-lived client; in a web app
     * that creates a client per request, share an {@link OidcCore} with
     * {@link #LogtoClient(OidcCore, Storage)} instead.
     */
    public LogtoClient(LogtoConfig config, Storage storage) {
        this(OidcCore.create(config), storage);
    }

    /** A client that shares {@code core}'s HTTP client and caches. Makes no network call. */
    public LogtoClient(OidcCore core, Storage storage) {
        this.core = Objects.requireNonNull(core, "core");
        this.config = core.config();
        this.session = new StoredSession(Objects.requireNonNull(storage, "storage"));
    }

    /** Starts a sign-in; see {@link #signIn(SignInOptions)}. */
    public CompletableFuture<String> signIn(String redirectUri) {
        try {
            return signIn(SignInOptions.of(redirectUri));
        } catch (LogtoException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Starts a sign-in: stores a new attempt (state, nonce, PKCE verifier) and returns the URL to
     * redirect the browser to. Several attempts may be pending (tabs); each callback finds its own.
     * A sign-in whose {@link SignInOptions#initiator()} is {@link SignInOptions.Initiator#UNVERIFIED}
     * fails with {@link LogtoException.Code#TOO_MANY_PENDING_SIGN_INS} rather than push out a
     * pending one (see {@link StoredSession#addSignInAttempt}).
     */
    public CompletableFuture<String> signIn(SignInOptions options) {
        final Long maxAge;
        try {
            requireHttpUri(options.redirectUri(), "redirectUri");
            maxAge = maxAgeOf(options);
        } catch (LogtoException e) {
            return CompletableFuture.failedFuture(e);
        }
        return core.discovery().fetch().thenApply(provider -> {
            AuthorizationSecrets secrets = core.newAuthorizationSecrets();
            String url = AuthorizationUrl.build(config, provider, options, secrets).toString();
            session.addSignInAttempt(new SignInAttempt(secrets.state(), options.redirectUri(),
                    secrets.codeVerifier(), secrets.nonce(), now(),
                    options.initiator() == SignInOptions.Initiator.APP, maxAge), now());
            return url;
        });
    }

    /**
     * Completes a sign-in from the full callback URL (with its query). Checks, in order: a sign-in is
     * pending, the {@code state} matches a pending attempt (constant time), no {@code error} came
     * back, the URL is the attempt's redirect URI, {@code iss} is the issuer (RFC 9207), a code is
     * present. Only then is the attempt consumed (so a replay fails), the code exchanged and the ID
     * token verified (signature, alg, iss, aud, exp, iat, nonce). Any rejection before the exchange
     * leaves storage unchanged.
     */
    public CompletableFuture<Void> handleSignInCallback(String callbackUri) {
        final CallbackParameters callback;
        final SignInAttempt attempt;
        try {
            callback = CallbackParameters.parse(callbackUri);
            attempt = findAttempt(callback);
        } catch (LogtoException e) {
            return CompletableFuture.failedFuture(e);
        }
        return core.discovery().fetch().thenCompose(provider -> {
            checkIssuer(callback, provider);
            String code = callback.code().orElseThrow(() -> new LogtoException(
                    LogtoException.Code.CALLBACK_INVALID, "the callback has no authorization code"));
            if (session.takeSignInAttempt(attempt.state(), now()).isEmpty()) {
                throw new LogtoException(LogtoException.Code.SIGN_IN_SESSION_NOT_FOUND,
                        "this sign-in was already completed (replayed callback?)");
            }
            return core.tokens().exchangeCode(code, attempt.codeVerifier(), attempt.redirectUri())
                    .thenCompose(tokens -> verifyIdToken(tokens, attempt))
                    .thenAccept(this::storeSignIn);
        });
    }

    /**
     * Signs out: forgets the session locally at once, revokes the refresh token (best effort: a
     * failure is logged and ignored) and returns Logto's end-session URL to redirect the browser to.
     *
     * @param postLogoutRedirectUri where Logto sends the user afterwards (registered in the
     *                              Console); {@code null} for Logto's default page
     */
    public CompletableFuture<String> signOut(String postLogoutRedirectUri) {
        return typed(() -> endSession(postLogoutRedirectUri));
    }

    private CompletableFuture<String> endSession(String postLogoutRedirectUri) {
        Optional<String> refreshToken = session.refreshToken();
        Optional<String> idToken = session.idToken();
        session.clearAll();
        return core.discovery().fetch().thenCompose(provider -> {
            URI endSession = provider.endSessionEndpoint().orElseThrow(() -> new LogtoException(
                    LogtoException.Code.END_SESSION_NOT_SUPPORTED, "the provider has no end_session_endpoint"));
            var params = new ArrayList<Map.Entry<String, String>>();
            params.add(Map.entry("client_id", config.appId()));
            if (postLogoutRedirectUri != null) {
                params.add(Map.entry("post_logout_redirect_uri", postLogoutRedirectUri));
            }
            idToken.ifPresent(token -> params.add(Map.entry("id_token_hint", token)));
            String url = QueryString.append(endSession, params).toString();
            CompletableFuture<Void> revoked = refreshToken
                    .map(token -> core.tokens().revoke(token))
                    .orElse(CompletableFuture.completedFuture(null));
            return revoked.handle((ok, error) -> {
                if (error != null) {
                    LOG.log(System.Logger.Level.WARNING, "Refresh token revocation failed at sign-out: {0}",
                            describe(error));
                }
                return url;
            });
        });
    }

    /**
     * Whether a user is signed in: an ID token is stored, readable, and the session has not ended
     * (see the class comment). No network call.
     */
    public CompletableFuture<Boolean> isAuthenticated() {
        return typed(() -> CompletableFuture.completedFuture(session.idToken().isPresent() && endedBecause().isEmpty()));
    }

    /** The stored ID token (raw JWT). */
    public Optional<String> getIdToken() {
        return session.idToken();
    }

    /**
     * The claims of the stored ID token, decoded without a network call (it was verified when stored).
     *
     * @throws LogtoException {@link LogtoException.Code#NOT_AUTHENTICATED} when no one is signed in
     *                        or the session has ended, {@link LogtoException.Code#STORAGE_CORRUPT} when
     *                        the stored token is unreadable
     */
    public IdTokenClaims getIdTokenClaims() {
        String token = session.idToken().orElseThrow(() -> new LogtoException(
                LogtoException.Code.NOT_AUTHENTICATED, "no user is signed in"));
        IdTokenClaims claims = storedClaims(token).orElseThrow(() -> new LogtoException(
                LogtoException.Code.STORAGE_CORRUPT, "the stored ID token cannot be read"));
        endedBecause().ifPresent(reason -> {
            throw new LogtoException(LogtoException.Code.NOT_AUTHENTICATED, "the session has ended: " + reason);
        });
        return claims;
    }

    /** The stored ID token's claims (cached per core), empty when unreadable. */
    private Optional<IdTokenClaims> storedClaims(String token) {
        try {
            return Optional.of(core.decodedTokens().get(token, IdTokenClaims.class, LogtoClient::decodeIdTokenClaims));
        } catch (LogtoException e) {
            return Optional.empty();
        }
    }

    /**
     * Why the stored sign-in no longer counts; empty while it does, or when there is none. The rule
     * of the class comment, read from storage only.
     */
    private Optional<String> endedBecause() {
        Optional<String> idToken = session.idToken();
        if (idToken.isEmpty()) {
            return Optional.empty();
        }
        long now = now();
        if (config.maxSessionAge().isPresent()) {
            OptionalLong since = session.signedInAt();
            if (since.isEmpty() || now - since.getAsLong() > config.maxSessionAge().get().toSeconds()) {
                return Optional.of("it is older than maxSessionAge");
            }
        }
        Optional<IdTokenClaims> claims = storedClaims(idToken.get());
        if (claims.isEmpty()) {
            return Optional.of("the stored ID token cannot be read");
        }
        if (session.refreshToken().isEmpty() && now > claims.get().exp() + config.clockSkew().toSeconds()) {
            return Optional.of("the ID token has expired and there is no refresh token");
        }
        return Optional.empty();
    }

    /** Decodes without verifying (it was verified when stored); nested values are made unmodifiable for sharing. */
    private static IdTokenClaims decodeIdTokenClaims(String token) {
        return IdTokenClaims.fromMap(ClaimReader.unmodifiable(ClaimReader.decodePayload(token,
                LogtoException.Code.STORAGE_CORRUPT, "the stored ID token")));
    }

    /** The stored refresh token. */
    public Optional<String> getRefreshToken() {
        return session.refreshToken();
    }

    /** The access token for the userinfo endpoint (no resource); see {@link #getAccessToken(String)}. */
    public CompletableFuture<Optional<String>> getAccessToken() {
        return getAccessToken("");
    }

    /**
     * An access token for {@code resource}: the cached one while it is valid (no network call),
     * otherwise a new one from the refresh token. Concurrent calls that need the same refresh share
     * one request. Empty when there is no refresh token. A refresh refused for good
     * ({@link LogtoException.Code#REFRESH_TOKEN_INVALID}) signs the user out locally; a session that
     * has ended (see the class comment) fails with {@link LogtoException.Code#NOT_AUTHENTICATED} and
     * its tokens are removed.
     */
    public CompletableFuture<Optional<String>> getAccessToken(String resource) {
        return typed(() -> accessToken(resource));
    }

    private CompletableFuture<Optional<String>> accessToken(String resource) {
        String key = resource == null ? "" : resource;
        Optional<String> ended = endedBecause();
        if (ended.isPresent()) {
            // No token for an ended session, and its refresh token is not used again.
            synchronized (session.mutex()) {
                if (endedBecause().isPresent()) {
                    session.clearTokens();
                }
            }
            return CompletableFuture.failedFuture(new LogtoException(LogtoException.Code.NOT_AUTHENTICATED,
                    "the session has ended: " + ended.get()));
        }
        if (LogtoScopes.isOrganizationUrn(key) && !config.hasOrganizationScope()) {
            return CompletableFuture.failedFuture(new LogtoException(LogtoException.Code.MISSING_ORGANIZATION_SCOPE,
                    "organization tokens need the scope " + LogtoScopes.ORGANIZATIONS + " in LogtoConfig"));
        }
        Optional<String> cached = validAccessToken(key);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached);
        }
        // Look again while holding the mutex that a finished refresh stores under: either its token
        // is stored by now, or its flight is still registered and we join it — never a second request.
        synchronized (session.mutex()) {
            cached = validAccessToken(key);
            if (cached.isPresent()) {
                return CompletableFuture.completedFuture(cached);
            }
            Optional<String> refreshToken = session.refreshToken();
            if (refreshToken.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return refresh(refreshToken.get(), key).thenApply(Optional::of);
        }
    }

    private Optional<String> validAccessToken(String key) {
        // Decoded once per stored map (shared by the per-request clients of this core), not per call.
        CachedAccessToken cached = session.accessTokenMapJson()
                .map(json -> core.decodedTokens().get(json, AccessTokenMap.class,
                        raw -> new AccessTokenMap(StoredSession.parseAccessTokenMap(raw))).byResource().get(key))
                .orElse(null);
        return cached != null && cached.isValidAt(now()) ? Optional.of(cached.token()) : Optional.empty();
    }

    /** The decoded access-token map, as cached in {@link io.logto.sdk.oidc.DecodedTokenCache}. */
    private record AccessTokenMap(Map<String, CachedAccessToken> byResource) {
    }

    /**
     * The decoded claims of the access token for {@code resource} (a JWT for API resources).
     * Fails with {@link LogtoException.Code#NOT_AUTHENTICATED} when there is no token and
     * {@link LogtoException.Code#ACCESS_TOKEN_INVALID} when it is opaque or unreadable.
     */
    public CompletableFuture<AccessTokenClaims> getAccessTokenClaims(String resource) {
        return getAccessToken(resource).thenApply(token -> AccessTokenClaims.fromMap(ClaimReader.decodePayload(
                token.orElseThrow(() -> new LogtoException(LogtoException.Code.NOT_AUTHENTICATED,
                        "no access token: no user is signed in")),
                LogtoException.Code.ACCESS_TOKEN_INVALID, "the access token")));
    }

    /** The organization token of {@code organizationId} (needs the organizations scope). */
    public CompletableFuture<Optional<String>> getOrganizationToken(String organizationId) {
        try {
            return getAccessToken(LogtoScopes.organizationUrn(organizationId));
        } catch (LogtoException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The decoded claims of the organization token of {@code organizationId}. */
    public CompletableFuture<AccessTokenClaims> getOrganizationTokenClaims(String organizationId) {
        try {
            return getAccessTokenClaims(LogtoScopes.organizationUrn(organizationId));
        } catch (LogtoException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The user's claims from the userinfo endpoint, with the userinfo access token (refreshed when
     * needed). The returned {@code sub} must be the signed-in user's (OIDC Core §5.3.2).
     */
    public CompletableFuture<UserInfoResponse> fetchUserInfo() {
        String expectedSub;
        try {
            expectedSub = getIdTokenClaims().sub();
        } catch (LogtoException e) {
            return CompletableFuture.failedFuture(e);
        }
        return getAccessToken().thenCompose(token -> core.userInfo().fetch(token.orElseThrow(() ->
                new LogtoException(LogtoException.Code.NOT_AUTHENTICATED, "no access token for userinfo"))))
                .thenApply(claims -> {
                    UserInfoResponse info = UserInfoResponse.fromMap(claims);
                    if (!info.sub().equals(expectedSub)) {
                        throw new LogtoException(LogtoException.Code.USERINFO_FAILED,
                                "userinfo is about another user than the signed-in one");
                    }
                    return info;
                });
    }

    /** Forgets every cached access token (they are fetched again with the refresh token). */
    public void clearAccessToken() {
        session.clearAccessTokens();
    }

    @Override
    public String toString() {
        return "LogtoClient{appId=" + config.appId() + "}";
    }

    // ---- the steps of the flows ---------------------------------------------------------------

    private SignInAttempt findAttempt(CallbackParameters callback) {
        List<SignInAttempt> attempts = session.signInAttempts(now());
        if (attempts.isEmpty()) {
            throw new LogtoException(LogtoException.Code.SIGN_IN_SESSION_NOT_FOUND,
                    "no sign-in is pending in this session: the session cookie did not come back, the session "
                            + "expired, or the callback was already used");
        }
        String state = callback.state().orElseThrow(() -> new LogtoException(
                LogtoException.Code.CALLBACK_STATE_MISMATCH, "the callback has no state"));
        SignInAttempt match = null;
        for (SignInAttempt a : attempts) {
            // Check them all, so timing does not tell which attempt matched.
            if (sameSecret(a.state(), state)) {
                match = a;
            }
        }
        if (match == null) {
            throw new LogtoException(LogtoException.Code.CALLBACK_STATE_MISMATCH,
                    "the callback's state matches no sign-in of this session");
        }
        // Only after the state matched: a crafted link must not pass its error text off as Logto's.
        if (callback.error().isPresent()) {
            throw new LogtoException(LogtoException.Code.CALLBACK_ERROR, "Logto returned an error to the callback",
                    callback.error().get(), callback.errorDescription().orElse(null), 0, null);
        }
        if (!callback.arrivedAt(match.redirectUri())) {
            throw new LogtoException(LogtoException.Code.CALLBACK_REDIRECT_URI_MISMATCH,
                    "the callback URL is not the redirect URI of the sign-in");
        }
        return match;
    }

    private static void checkIssuer(CallbackParameters callback, OidcProviderConfig provider) {
        if (callback.iss().isPresent() ? !callback.iss().get().equals(provider.issuer())
                : provider.authorizationResponseIssParameterSupported()) {
            throw new LogtoException(LogtoException.Code.CALLBACK_ISSUER_MISMATCH,
                    "the callback's iss is not this provider's issuer");
        }
    }

    private CompletableFuture<TokenResponse> verifyIdToken(TokenResponse tokens, SignInAttempt attempt) {
        String idToken = tokens.idToken().orElseThrow(() -> new LogtoException(
                LogtoException.Code.ID_TOKEN_INVALID, "the token response has no ID token"));
        return core.idTokens().verify(idToken, attempt.nonce(), null, attempt.maxAge()).thenApply(claims -> tokens);
    }

    /** The {@code max_age} the sign-in sends (whole seconds), kept with the attempt to check {@code auth_time}. */
    private static Long maxAgeOf(SignInOptions options) {
        String raw = options.extraParams().get("max_age");
        if (raw == null) {
            return null;
        }
        if (!raw.matches("[0-9]{1,10}")) {
            throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT, "max_age must be a number of seconds");
        }
        return Long.parseLong(raw);
    }

    private void storeSignIn(TokenResponse tokens) {
        synchronized (session.mutex()) {
            session.clearTokens();
            session.saveTokens(tokens.idToken().orElseThrow(), tokens.refreshToken().orElse(null));
            session.saveSignedInAt(now());
            session.putAccessToken("", cache(tokens));
        }
    }

    private CompletableFuture<String> refresh(String refreshToken, String key) {
        return refresh(refreshToken, key, true);
    }

    private CompletableFuture<String> refresh(String refreshToken, String key, boolean mayRetry) {
        String organizationId = LogtoScopes.isOrganizationUrn(key)
                ? key.substring(LogtoScopes.ORGANIZATION_URN_PREFIX.length()) : null;
        String resource = organizationId == null && !key.isEmpty() ? key : null;
        String subject = session.idToken().map(this::subjectOf).orElse(null);
        return core.tokens().refresh(refreshToken, resource, organizationId, subject)
                .handle((refreshed, error) -> {
                    if (error != null) {
                        // Another request rotated the token while ours was on its way: try once with the new one.
                        Optional<String> newer = session.refreshToken().filter(t -> !t.equals(refreshToken));
                        if (mayRetry && newer.isPresent() && isRefused(error)) {
                            return refresh(newer.get(), key, false);
                        }
                        throw forgetIfRefused(refreshToken, error);
                    }
                    store(refreshed, refreshToken, key);
                    return CompletableFuture.completedFuture(refreshed.tokens().accessToken());
                }).thenCompose(next -> next);
    }

    /**
     * Stores a refresh result, unless the session moved on meanwhile (signed out, signed in again):
     * a refresh must never bring an old session back.
     */
    private void store(RefreshedTokens refreshed, String refreshTokenRead, String key) {
        TokenResponse tokens = refreshed.tokens();
        synchronized (session.mutex()) {
            Optional<String> stored = session.refreshToken();
            if (stored.isPresent() && (stored.get().equals(refreshTokenRead)
                    || stored.get().equals(refreshed.refreshTokenUsed()))) {
                session.saveTokens(tokens.idToken().orElse(null), tokens.refreshToken().orElse(null));
                session.putAccessToken(key, cache(tokens));
            }
        }
    }

    private static boolean isRefused(Throwable error) {
        return unwrap(error) instanceof LogtoException e
                && e.code() == LogtoException.Code.REFRESH_TOKEN_INVALID;
    }

    private LogtoException forgetIfRefused(String refreshToken, Throwable error) {
        Throwable cause = unwrap(error);
        LogtoException failure = cause instanceof LogtoException e ? e
                : new LogtoException(LogtoException.Code.TOKEN_REQUEST_FAILED, "token refresh failed", cause);
        if (failure.code() == LogtoException.Code.REFRESH_TOKEN_INVALID) {
            synchronized (session.mutex()) {
                if (session.refreshToken().filter(refreshToken::equals).isPresent()) {
                    session.clearTokens();
                }
            }
        }
        return failure;
    }

    private String subjectOf(String idToken) {
        try {
            return core.decodedTokens().get(idToken, IdTokenClaims.class, LogtoClient::decodeIdTokenClaims).sub();
        } catch (LogtoException e) {
            return null;
        }
    }

    private CachedAccessToken cache(TokenResponse tokens) {
        long expiresAt = now() + tokens.expiresIn().orElse(0L) - EXPIRY_MARGIN_SECONDS;
        return new CachedAccessToken(tokens.accessToken(), tokens.scope(), expiresAt);
    }

    private long now() {
        return core.clock().instant().getEpochSecond();
    }

    /** An absolute https URI (http only where {@link LogtoConfig#permitsTransport} allows it). */
    private void requireHttpUri(String value, String what) {
        URI uri;
        try {
            uri = new URI(value);
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw new URISyntaxException(value, "not an absolute http(s) URI");
            }
        } catch (URISyntaxException e) {
            throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT, what + " must be an absolute http(s) URI");
        }
        if (!config.permitsTransport(uri)) {
            // The authorization code arrives there.
            throw new LogtoException(LogtoException.Code.INVALID_ARGUMENT, what + " must be https:// (http:// only "
                    + "for localhost, 127.0.0.0/8 and [::1], unless dangerouslyAllowInsecureHttp())");
        }
    }

    private static String describe(Throwable error) {
        Throwable t = unwrap(error);
        return t instanceof LogtoException e ? e.code() + ": " + e.getMessage() : t.getClass().getSimpleName();
    }

    /** Runs the synchronous start of an async method so that a failure there fails the future instead. */
    private static <T> CompletableFuture<T> typed(java.util.function.Supplier<CompletableFuture<T>> start) {
        try {
            return start.get();
        } catch (LogtoException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean sameSecret(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
