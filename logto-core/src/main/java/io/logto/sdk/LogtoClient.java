package io.logto.sdk;

import io.logto.sdk.oidc.AuthorizationSecrets;
import io.logto.sdk.oidc.ClaimValues;
import io.logto.sdk.oidc.Futures;
import io.logto.sdk.oidc.OidcProviderConfig;
import io.logto.sdk.oidc.QueryString;
import io.logto.sdk.oidc.TokenResponse;
import io.logto.sdk.oidc.TokenTarget;
import io.logto.sdk.session.SignInAttempt;
import io.logto.sdk.storage.Storage;
import io.logto.sdk.session.UserSession;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

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
 * client.signOutLocally().join();          // or: this app only, no redirect (switch account, back-channel logout)
 * }</pre>
 *
 * <p><b>When a session ends</b> (fail closed): a sign-in lasts while its ID token is stored and
 * <ul>
 *   <li>without a refresh token, until the ID token expires ({@code exp} + clock skew);</li>
 *   <li>with one, until Logto refuses a refresh for good ({@link LogtoException.Code#REFRESH_TOKEN_INVALID}:
 *       {@code invalid_grant}, …; {@link LogtoException.Code#CLIENT_AUTHENTICATION_FAILED}:
 *       {@code invalid_client}, the app's secret is wrong), which removes the tokens — transient
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
    /**
     * How many sign-ins may be pending in one session at once (tabs). Beyond it, a sign-in the app
     * started replaces the oldest one another site may have started (else the oldest); one that
     * another site may have started replaces none (see {@link SignInOptions.Initiator}).
     */
    public static final int MAX_PENDING_SIGN_INS = UserSession.MAX_PENDING_SIGN_INS;

    private static final System.Logger LOG = System.getLogger(LogtoClient.class.getName());

    private final OidcCore core;
    private final LogtoConfig config;
    private final UserSession session;
    private final SessionLifetime lifetime;
    private final AccessTokenRefresher accessTokens;

    /**
     * A client with its own HTTP client and caches. Fine for one long-lived client; in a web app
     * that creates a client per request, share an {@link OidcCore} with
     * {@link #LogtoClient(OidcCore, Storage)} instead.
     *
     * @param config the configuration
     * @param storage the user's storage
     */
    public LogtoClient(LogtoConfig config, Storage storage) {
        this(OidcCore.create(config), storage);
    }

    /**
     * A client that shares {@code core}'s HTTP client and caches. Makes no network call.
     *
     * @param core the shared core
     * @param storage the user's storage
     */
    public LogtoClient(OidcCore core, Storage storage) {
        this.core = Objects.requireNonNull(core, "core");
        this.config = core.config();
        this.session = new UserSession(Objects.requireNonNull(storage, "storage"));
        this.lifetime = new SessionLifetime(core, session);
        this.accessTokens = new AccessTokenRefresher(core, session, lifetime);
    }

    /**
     * Starts a sign-in; see {@link #signIn(SignInOptions)}.
     *
     * @param redirectUri where Logto sends the user back; registered in the Logto Console
     * @return the authorization URL to redirect the browser to
     */
    public CompletableFuture<String> signIn(String redirectUri) {
        return Futures.supplyOrFail(() -> signIn(SignInOptions.of(redirectUri)));
    }

    /**
     * Starts a sign-in: stores a new attempt (state, nonce, PKCE verifier) and returns the URL to
     * redirect the browser to. Several attempts may be pending (tabs), at most
     * {@value #MAX_PENDING_SIGN_INS}; each callback finds its own. A sign-in whose
     * {@link SignInOptions#initiator()} is {@link SignInOptions.Initiator#UNVERIFIED} fails with
     * {@link LogtoException.Code#TOO_MANY_PENDING_SIGN_INS} rather than push out a pending one.
     *
     * @param options the sign-in options
     * @return the authorization URL to redirect the browser to
     */
    public CompletableFuture<String> signIn(SignInOptions options) {
        return startSignIn(options).thenApply(SignInRedirect::url);
    }

    /**
     * Starts a sign-in like {@link #signIn(SignInOptions)}, and also returns its {@code state}, for
     * web adapters that keep data per sign-in (where to return after the callback).
     *
     * @param options the sign-in options
     * @return the authorization URL and the sign-in's {@code state}
     */
    public CompletableFuture<SignInRedirect> startSignIn(SignInOptions options) {
        return Futures.supplyOrFail(() -> {
            requireHttpUri(options.redirectUri(), "redirectUri");
            OptionalLong maxAge = options.maxAgeSeconds();
            return core.discovery().fetch().thenApply(provider -> {
                AuthorizationSecrets secrets = core.newAuthorizationSecrets();
                String url = AuthorizationUrl.build(config, provider, options, secrets).toString();
                session.addSignInAttempt(new SignInAttempt(secrets.state(), options.redirectUri(),
                        secrets.codeVerifier(), secrets.nonce(), now(),
                        options.initiator() == SignInOptions.Initiator.APP,
                        maxAge.isPresent() ? maxAge.getAsLong() : null), now());
                return new SignInRedirect(url, secrets.state());
            });
        });
    }

    /**
     * The {@code state}s of the sign-ins pending in this session, oldest first, for web adapters that
     * keep data per sign-in (see {@link #startSignIn}) and forget it once its sign-in is no longer
     * pending: completed, expired, or pushed out by a newer one. No network call.
     *
     * @return the states; empty when none is pending or the stored entry cannot be read
     */
    public List<String> pendingSignInStates() {
        try {
            return session.signInAttempts(now()).stream().map(SignInAttempt::state).toList();
        } catch (LogtoException corrupt) {
            return List.of();
        }
    }

    /**
     * Completes a sign-in from the full callback URL (with its query). Checks, in order: a sign-in is
     * pending, the {@code state} matches a pending attempt (constant time), no {@code error} came
     * back, the URL is the attempt's redirect URI, {@code iss} is the issuer (RFC 9207), a code is
     * present. Only then is the attempt consumed (so a replay fails), the code exchanged and the ID
     * token verified (signature, alg, iss, aud, exp, iat, nonce, and {@code auth_time} when the
     * sign-in sent {@code max_age}). Any rejection before the exchange leaves storage unchanged.
     *
     * @param callbackUri the full callback URL, with its query
     * @return a future that completes when the user is signed in
     */
    public CompletableFuture<Void> handleSignInCallback(String callbackUri) {
        return Futures.supplyOrFail(() -> {
            CallbackParameters callback = CallbackParameters.parse(callbackUri);
            return completeSignIn(callback, findAttempt(callback));
        }).whenComplete((done, error) -> {
            if (error == null) {
                core.events().signInCompleted();
            } else {
                core.events().signInFailed(Futures.unwrap(error) instanceof LogtoException e ? e.code()
                        : LogtoException.Code.TOKEN_REQUEST_FAILED);
            }
        });
    }

    private CompletableFuture<Void> completeSignIn(CallbackParameters callback, SignInAttempt attempt) {
        return core.discovery().fetch().thenCompose(provider -> {
            checkIssuer(callback, provider);
            String code = callback.code().orElseThrow(() -> new LogtoException(
                    LogtoException.Code.CALLBACK_INVALID, "the callback has no authorization code"));
            if (session.takeSignInAttempt(attempt.state(), now()).isEmpty()) {
                throw new LogtoException(LogtoException.Code.SIGN_IN_SESSION_NOT_FOUND,
                        "this sign-in was already completed (replayed callback?)");
            }
            return core.tokens().exchangeCode(code, attempt.codeVerifier(), attempt.redirectUri())
                    .thenCompose(tokens -> verifyIdToken(tokens, attempt)
                            .thenAccept(claims -> storeSignIn(tokens, claims)));
        });
    }

    /**
     * Signs out: forgets the session locally at once, revokes the refresh token (best effort: a
     * failure is logged and ignored) and returns Logto's end-session URL to redirect the browser to.
     * To sign out of this app only, without ending the Logto session, see {@link #signOutLocally()}.
     *
     * @param postLogoutRedirectUri where Logto sends the user afterwards (registered in the
     *                              Console); {@code null} for Logto's default page
     * @return Logto's end-session URL to redirect the browser to
     */
    public CompletableFuture<String> signOut(String postLogoutRedirectUri) {
        return Futures.supplyOrFail(() -> endSession(postLogoutRedirectUri));
    }

    private CompletableFuture<String> endSession(String postLogoutRedirectUri) {
        Optional<String> refreshToken = session.refreshToken();
        Optional<String> idToken = session.idToken();
        forgetRefreshLease();
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
            return revokeQuietly(refreshToken, "sign-out").thenApply(revoked -> url);
        });
    }

    /**
     * Signs out of this app only: forgets the session's tokens at once (ID, refresh and access
     * tokens, the sign-in's user and provider session, its session key and the refresh lease shared
     * with other processes, if any; pending sign-ins stay) and revokes the
     * refresh token, with no redirect to Logto — the user's Logto session, and their sign-ins to
     * other apps, go on. For a back-channel logout (the Logto session has already ended; without
     * revocation a refresh token issued with {@code offline_access} would survive it) and for
     * "switch account" flows ({@code clearAllTokens} in Logto's JS SDK) followed by a sign-in with
     * {@code prompt=login}. Revocation is best effort: a failure is logged and ignored.
     *
     * <pre>{@code
     * client.signOutLocally().join();   // the tokens are gone before this returns; join waits for revocation
     * }</pre>
     *
     * @return a future that completes when revocation was attempted (at once when there was no
     *         refresh token); it fails only when the storage fails
     *         ({@link LogtoException.Code#STORAGE_FAILED}), and then nothing was revoked
     */
    public CompletableFuture<Void> signOutLocally() {
        return Futures.supplyOrFail(() -> {
            Optional<String> refreshToken;
            synchronized (session.mutex()) {
                refreshToken = session.refreshToken();
                // Before the session key that names it goes: the lease may hold this session's tokens.
                forgetRefreshLease();
                session.clearTokens();
            }
            return revokeQuietly(refreshToken, "local sign-out");
        });
    }

    /** Revokes {@code refreshToken}, if any; the future completes (normally) once that was attempted. */
    private CompletableFuture<Void> revokeQuietly(Optional<String> refreshToken, String during) {
        if (refreshToken.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return Futures.supplyOrFail(() -> core.tokens().revoke(refreshToken.get())).handle((ok, error) -> {
            if (error != null) {
                LOG.log(System.Logger.Level.WARNING, "Refresh token revocation failed at {0}: {1}", during,
                        describe(error));
            }
            return null;
        });
    }

    /**
     * Who is signed in, under which Logto session and since when, to match back-channel logouts
     * ({@link VerifiedLogout}) against. Read from storage, no network call: the {@code sub} and
     * {@code sid} of the ID token verified at sign-in (for a session stored by an earlier version,
     * read from its stored ID token) and the sign-in time.
     *
     * @return the signed-in session; empty when no ID token is stored, or it cannot be read. Present
     *         also for a session that has ended by itself (see the class comment)
     */
    public Optional<SignedInSession> signedInSession() {
        Optional<String> idToken = session.idToken();
        if (idToken.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> sub = session.sub();
        Optional<String> sid = session.sid();
        if (sub.isEmpty()) {
            try {
                IdTokenClaims claims = storedIdTokenClaims(core, idToken.get());
                sub = Optional.of(claims.sub());
                sid = ClaimValues.string(claims.extra().get("sid"));
            } catch (LogtoException unreadable) {
                return Optional.empty();
            }
        }
        OptionalLong signedInAt = session.signedInAt();
        return Optional.of(new SignedInSession(sub.get(), sid,
                signedInAt.isPresent() ? Instant.ofEpochSecond(signedInAt.getAsLong()) : Instant.EPOCH));
    }

    /**
     * Whether a user is signed in: an ID token is stored, readable, and the session has not ended
     * (see the class comment). No network call.
     *
     * @return whether a user is signed in
     */
    public CompletableFuture<Boolean> isAuthenticated() {
        return Futures.supplyOrFail(() -> CompletableFuture.completedFuture(lifetime.isSignedIn()));
    }

    /**
     * The stored ID token (raw JWT).
     *
     * @return the stored ID token (raw JWT)
     */
    public Optional<String> getIdToken() {
        return session.idToken();
    }

    /**
     * The claims of the stored ID token, decoded without a network call (it was verified when stored).
     *
     *
     * @return the claims of the stored ID token, decoded without a network call (it was verified when stored)
     * @throws LogtoException {@link LogtoException.Code#NOT_AUTHENTICATED} when no one is signed in
     *                        or the session has ended, {@link LogtoException.Code#STORAGE_CORRUPT} when
     *                        the stored token is unreadable
     */
    public IdTokenClaims getIdTokenClaims() {
        String token = session.idToken().orElseThrow(() -> new LogtoException(
                LogtoException.Code.NOT_AUTHENTICATED, "no user is signed in"));
        IdTokenClaims claims;
        try {
            claims = storedIdTokenClaims(core, token);
        } catch (LogtoException e) {
            throw new LogtoException(LogtoException.Code.STORAGE_CORRUPT, "the stored ID token cannot be read");
        }
        lifetime.endedBecause().ifPresent(reason -> {
            throw new LogtoException(LogtoException.Code.NOT_AUTHENTICATED, "the session has ended: " + reason);
        });
        return claims;
    }

    /**
     * The claims of a stored ID token, decoded once per core without verifying (it was verified when
     * stored); nested values are unmodifiable, for sharing.
     */
    static IdTokenClaims storedIdTokenClaims(OidcCore core, String token) {
        return core.decodedTokens().get(token, IdTokenClaims.class, raw -> IdTokenClaims.fromMap(ClaimReader
                .unmodifiable(ClaimReader.decodePayload(raw, LogtoException.Code.STORAGE_CORRUPT, "the stored ID token"))));
    }

    /**
     * The stored refresh token.
     *
     * @return the stored refresh token
     */
    public Optional<String> getRefreshToken() {
        return session.refreshToken();
    }

    /**
     * The access token for the userinfo endpoint (no resource); see {@link #getAccessToken(String)}.
     *
     * @return the access token for the userinfo endpoint (no resource)
     */
    public CompletableFuture<Optional<String>> getAccessToken() {
        return getAccessToken("");
    }

    /**
     * An access token for {@code resource}: the cached one while it is valid (no network call),
     * otherwise a new one from the refresh token. Concurrent calls that need the same refresh share
     * one request. Empty when there is no refresh token. A refresh refused for good
     * ({@link LogtoException.Code#REFRESH_TOKEN_INVALID}, or {@link LogtoException.Code#CLIENT_AUTHENTICATION_FAILED}
     * for the app's credentials) signs the user out locally; a session that
     * has ended (see the class comment) fails with {@link LogtoException.Code#NOT_AUTHENTICATED} and
     * its tokens are removed.
     *
     * @param resource the API resource indicator, or an organization URN; empty for the userinfo token
     * @return an access token for {@code resource}
     */
    public CompletableFuture<Optional<String>> getAccessToken(String resource) {
        return Futures.supplyOrFail(() -> accessToken(resource));
    }

    private CompletableFuture<Optional<String>> accessToken(String resource) {
        TokenTarget target = TokenTarget.of(resource);
        if (target instanceof TokenTarget.Organization && !config.hasOrganizationScope()) {
            throw new LogtoException(LogtoException.Code.MISSING_ORGANIZATION_SCOPE,
                    "organization tokens need the scope " + LogtoScopes.ORGANIZATIONS + " in LogtoConfig");
        }
        return accessTokens.accessToken(target);
    }

    /**
     * The decoded claims of the access token for {@code resource} (a JWT for API resources).
     * Fails with {@link LogtoException.Code#NOT_AUTHENTICATED} when there is no token and
     * {@link LogtoException.Code#ACCESS_TOKEN_INVALID} when it is opaque or unreadable.
     *
     * @param resource the API resource indicator, or an organization URN; empty for the userinfo token
     * @return the decoded claims of the access token for {@code resource} (a JWT for API resources)
     */
    public CompletableFuture<AccessTokenClaims> getAccessTokenClaims(String resource) {
        return getAccessToken(resource).thenApply(token -> AccessTokenClaims.fromMap(ClaimReader.decodePayload(
                token.orElseThrow(() -> new LogtoException(LogtoException.Code.NOT_AUTHENTICATED,
                        "no access token: no user is signed in")),
                LogtoException.Code.ACCESS_TOKEN_INVALID, "the access token")));
    }

    /**
     * The organization token of {@code organizationId} (needs the organizations scope).
     *
     * @param organizationId the organization's id
     * @return the organization token of {@code organizationId} (needs the organizations scope)
     */
    public CompletableFuture<Optional<String>> getOrganizationToken(String organizationId) {
        return Futures.supplyOrFail(() -> getAccessToken(LogtoScopes.organizationUrn(organizationId)));
    }

    /**
     * The decoded claims of the organization token of {@code organizationId}.
     *
     * @param organizationId the organization's id
     * @return the decoded claims of the organization token of {@code organizationId}
     */
    public CompletableFuture<AccessTokenClaims> getOrganizationTokenClaims(String organizationId) {
        return Futures.supplyOrFail(() -> getAccessTokenClaims(LogtoScopes.organizationUrn(organizationId)));
    }

    /**
     * The user's claims from the userinfo endpoint, with the userinfo access token (refreshed when
     * needed). The returned {@code sub} must be the signed-in user's (OIDC Core §5.3.2).
     *
     * @return the user's claims from the userinfo endpoint, with the userinfo access token (refreshed when needed)
     */
    public CompletableFuture<UserInfoResponse> fetchUserInfo() {
        return Futures.supplyOrFail(() -> fetchUserInfo(getIdTokenClaims().sub()));
    }

    private CompletableFuture<UserInfoResponse> fetchUserInfo(String expectedSub) {
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
            throw LogtoException.providerError(LogtoException.Code.CALLBACK_ERROR,
                    "Logto returned an error to the callback", callback.error().get(), callback.errorDescription());
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

    private CompletableFuture<Map<String, Object>> verifyIdToken(TokenResponse tokens, SignInAttempt attempt) {
        String idToken = tokens.idToken().orElseThrow(() -> new LogtoException(
                LogtoException.Code.ID_TOKEN_INVALID, "the token response has no ID token"));
        return core.idTokens().verifyAfterSignIn(idToken, attempt.nonce(), attempt.maxAgeSeconds());
    }

    private void storeSignIn(TokenResponse tokens, Map<String, Object> claims) {
        synchronized (session.mutex()) {
            // A sign-in over an earlier one: that one's lease goes with its tokens and session key.
            forgetRefreshLease();
            session.clearTokens();
            session.saveTokens(tokens.idToken().orElseThrow(), tokens.refreshToken().orElse(null));
            session.saveSignedInAt(now());
            // Verified: sub is a non-empty string. A sid that is not a string is no sid.
            session.saveSubjectAndSession((String) claims.get("sub"), ClaimValues.string(claims.get("sid")).orElse(null));
            // This app's own key of the stored sign-in (names its refresh lease); Logto's sid is above.
            session.saveSessionKey(core.newRandomId());
            session.putAccessToken(TokenTarget.USER_INFO.key(), AccessTokenRefresher.cacheEntry(tokens, now()));
        }
    }

    private long now() {
        return core.clock().instant().getEpochSecond();
    }

    /**
     * Removes the session's shared refresh lease (it may hold the tokens), before the session key
     * that names it goes: at sign-out, local sign-out and a new sign-in over an earlier one. Best
     * effort: a lease left behind ends on its own and holds tokens that are about to be revoked.
     */
    private void forgetRefreshLease() {
        try {
            if (session.coordinatesProcesses()) {
                Optional<String> lease = session.refreshLeaseJson();
                if (lease.isPresent()) {
                    session.replaceRefreshLease(lease.get(), null);
                }
            }
        } catch (LogtoException e) {
            LOG.log(System.Logger.Level.WARNING, "The refresh lease could not be removed with the tokens: {0}", e.code());
        }
    }

    /** An absolute https URI (http only where {@link LogtoConfig#permitsTransport} allows it). */
    private void requireHttpUri(String value, String what) {
        URI uri;
        try {
            uri = new URI(value);
            // An http(s) scheme makes it absolute.
            if (uri.getHost() == null
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
        Throwable t = Futures.unwrap(error);
        return t instanceof LogtoException e ? e.code() + ": " + e.getMessage() : t.getClass().getSimpleName();
    }

    private static boolean sameSecret(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
