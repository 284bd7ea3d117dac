package io.logto.sdk;

import io.logto.sdk.oidc.TokenClient;
import io.logto.sdk.oidc.Futures;
import io.logto.sdk.oidc.RefreshRequest;
import io.logto.sdk.oidc.RefreshedTokens;
import io.logto.sdk.oidc.TokenResponse;
import io.logto.sdk.oidc.TokenTarget;
import io.logto.sdk.session.CachedAccessToken;
import io.logto.sdk.session.RefreshLease;
import io.logto.sdk.session.UserSession;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Decides when an access token of one user's session is refreshed, and refreshes it. The rules:
 * <ul>
 *   <li>A session that has ended ({@link SessionLifetime}) gets no token, cached or new: its tokens
 *       are removed and the call fails with {@link LogtoException.Code#NOT_AUTHENTICATED}.</li>
 *   <li>A cached token is used, with no network call, until {@value #EXPIRY_MARGIN_SECONDS} s before
 *       it expires (the Python SDK's margin).</li>
 *   <li>Otherwise the cache is read again while holding the storage's mutex (double-checked): a
 *       finished refresh stores its token under that mutex, so a caller either finds that token or
 *       joins the refresh still in flight (the token client's single flight), never a second request.</li>
 *   <li>A refresh refused because another request rotated the refresh token meanwhile is retried
 *       once, with the newer token.</li>
 *   <li>No refresh starts when the storage cannot keep its result now ({@link io.logto.sdk.storage.Storage#acceptsWrites()}):
 *       {@link LogtoException.Code#STORAGE_FAILED}.</li>
 *   <li>When the storage coordinates processes ({@link io.logto.sdk.storage.Storage#isAtomicAcrossProcesses()}),
 *       the refresh goes through the session's shared lease ({@link SharedRefresh}): one process
 *       refreshes, the others use its result.</li>
 *   <li>A result is stored only if the session still holds the refresh token it used (or the one that
 *       replaced it): a refresh must never bring back a session that was signed out or replaced.</li>
 *   <li>A refresh refused for good ({@link LogtoException.Code#REFRESH_TOKEN_INVALID}: {@code invalid_grant},
 *       …; or {@link LogtoException.Code#CLIENT_AUTHENTICATION_FAILED}: {@code invalid_client},
 *       {@code unauthorized_client}) ends the session: the refresh token is forgotten with the session's
 *       tokens and the user must sign in again. A transient failure ({@code 5xx}, a timeout) ends
 *       nothing.</li>
 * </ul>
 * Cheap: one per {@link LogtoClient}. Thread-safe as its storage is.
 */
final class AccessTokenRefresher {
    /** Access tokens are used until this long before they expire (the Python SDK's margin). */
    static final long EXPIRY_MARGIN_SECONDS = 60;

    private final OidcCore core;
    private final UserSession session;
    private final SessionLifetime lifetime;

    /** The decoded access-token map, as cached in the core's decoded-token cache. */
    private record AccessTokenMap(Map<String, CachedAccessToken> byTarget) {
    }

    AccessTokenRefresher(OidcCore core, UserSession session, SessionLifetime lifetime) {
        this.core = core;
        this.session = session;
        this.lifetime = lifetime;
    }

    /**
     * The cached token for {@code target} while it is valid, else a refreshed one; empty without a
     * refresh token. Fails with {@link LogtoException.Code#NOT_AUTHENTICATED} once the session has ended.
     */
    CompletableFuture<Optional<String>> accessToken(TokenTarget target) {
        Optional<String> ended = lifetime.endedBecause();
        if (ended.isPresent()) {
            throw forgetEndedSession(ended.get());
        }
        Optional<String> cached = validCachedToken(target);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached);
        }
        // Look again while holding the mutex that a finished refresh stores under: either its token
        // is stored by now, or its flight is still registered and we join it.
        synchronized (session.mutex()) {
            cached = validCachedToken(target);
            if (cached.isPresent()) {
                return CompletableFuture.completedFuture(cached);
            }
            Optional<String> refreshToken = session.refreshToken();
            if (refreshToken.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            if (!session.acceptsWrites()) {
                // A rotated refresh token we could not keep would be sent again, and Logto would revoke the grant.
                throw new LogtoException(LogtoException.Code.STORAGE_FAILED, "the access token has expired and its "
                        + "refresh could not be stored now (in cookies: the response is already committed); get "
                        + "tokens before writing the response body");
            }
            if (session.coordinatesProcesses()) {
                return sharedRefresh(refreshToken.get(), target);
            }
            return refresh(refreshToken.get(), target, true).thenApply(Optional::of);
        }
    }

    /** The cache entry for the access token of {@code tokens}, which stops being used a margin before it expires. */
    static CachedAccessToken cacheEntry(TokenResponse tokens, long nowEpochSeconds) {
        long expiresAt = nowEpochSeconds + tokens.expiresIn().orElse(0L) - EXPIRY_MARGIN_SECONDS;
        return new CachedAccessToken(tokens.accessToken(), tokens.scope(), expiresAt);
    }

    private Optional<String> validCachedToken(TokenTarget target) {
        Optional<String> json = session.accessTokenMapJson();
        if (json.isEmpty()) {
            return Optional.empty();
        }
        // Decoded once per stored map (shared by the per-request clients of this core), not per call.
        CachedAccessToken cached = core.decodedTokens()
                .get(json.get(), AccessTokenMap.class, AccessTokenRefresher::decodeMap).byTarget().get(target.key());
        return cached != null && cached.isValidAt(now()) ? Optional.of(cached.token()) : Optional.empty();
    }

    private static AccessTokenMap decodeMap(String json) {
        return new AccessTokenMap(UserSession.parseAccessTokenMap(json));
    }

    private CompletableFuture<String> refresh(String refreshToken, TokenTarget target, boolean mayRetry) {
        var request = new RefreshRequest(refreshToken, target, session.idToken().flatMap(this::subjectOf));
        return core.tokens().refresh(request).handle((refreshed, error) -> {
            if (error == null) {
                storeUnlessSessionMovedOn(refreshed, refreshToken, target);
                return CompletableFuture.completedFuture(refreshed.tokens().accessToken());
            }
            // Another request rotated the token while ours was on its way: try once with the new one.
            Optional<String> newer = session.refreshToken().filter(t -> !t.equals(refreshToken));
            if (mayRetry && newer.isPresent() && isRefused(error)) {
                return refresh(newer.get(), target, false);
            }
            throw forgetIfRefused(refreshToken, error);
        }).thenCompose(next -> next);
    }

    /**
     * A refresh coordinated with the other processes sharing this session: one refresh per session
     * and target in this JVM (the callers share it), and one at a time across processes (the lease).
     */
    private CompletableFuture<Optional<String>> sharedRefresh(String refreshToken, TokenTarget target) {
        String key = RefreshLease.fingerprint(refreshToken) + '\n' + target.key();
        Optional<String> subject = session.idToken().flatMap(this::subjectOf);
        return core.sharedRefreshes().run(key, () -> Futures.supplyOrFail(
                        () -> new SharedRefresh(core, session, target, subject).run(refreshToken)))
                .handle((outcome, error) -> {
                    if (error != null) {
                        throw forgetIfRefused(refreshToken, error);
                    }
                    storeUnlessSessionMovedOn(outcome, refreshToken);
                    return Optional.of(outcome.accessTokens().get(target.key()).token());
                });
    }

    /** Stores a shared refresh's outcome, unless the session moved on meanwhile (see below). */
    private void storeUnlessSessionMovedOn(SharedRefresh.Outcome outcome, String refreshTokenRead) {
        synchronized (session.mutex()) {
            Optional<String> stored = session.refreshToken();
            if (stored.isPresent() && (stored.get().equals(refreshTokenRead) || outcome.appliesTo(stored.get()))) {
                session.saveTokens(outcome.idToken().orElse(null), outcome.refreshToken());
                outcome.accessTokens().forEach(session::putAccessToken);
            }
        }
    }

    /**
     * Stores a refresh result, unless the session moved on meanwhile (signed out, signed in again):
     * a refresh must never bring an old session back.
     */
    private void storeUnlessSessionMovedOn(RefreshedTokens refreshed, String refreshTokenRead, TokenTarget target) {
        TokenResponse tokens = refreshed.tokens();
        synchronized (session.mutex()) {
            Optional<String> stored = session.refreshToken();
            if (stored.isPresent() && (stored.get().equals(refreshTokenRead)
                    || stored.get().equals(refreshed.refreshTokenUsed()))) {
                session.saveTokens(tokens.idToken().orElse(null), tokens.refreshToken().orElse(null));
                session.putAccessToken(target.key(), cacheEntry(tokens, now()));
            }
        }
    }

    private static boolean isRefused(Throwable error) {
        return Futures.unwrap(error) instanceof LogtoException e && TokenClient.endsSession(e);
    }

    /** The failure to report; a refused refresh token is removed with the tokens, if it is still the stored one. */
    private LogtoException forgetIfRefused(String refreshToken, Throwable error) {
        Throwable cause = Futures.unwrap(error);
        LogtoException failure = cause instanceof LogtoException e ? e
                : new LogtoException(LogtoException.Code.TOKEN_REQUEST_FAILED, "token refresh failed", cause);
        if (TokenClient.endsSession(failure)) {
            synchronized (session.mutex()) {
                if (session.refreshToken().filter(refreshToken::equals).isPresent()) {
                    session.clearTokens();
                }
            }
        }
        return failure;
    }

    /** The failure for an ended session, whose tokens are removed so that its refresh token is never used again. */
    private LogtoException forgetEndedSession(String reason) {
        synchronized (session.mutex()) {
            if (lifetime.endedBecause().isPresent()) {
                session.clearTokens();
            }
        }
        return new LogtoException(LogtoException.Code.NOT_AUTHENTICATED, "the session has ended: " + reason);
    }

    /** The {@code sub} of the stored ID token; empty when it cannot be read. */
    private Optional<String> subjectOf(String idToken) {
        try {
            return Optional.of(LogtoClient.storedIdTokenClaims(core, idToken).sub());
        } catch (LogtoException e) {
            return Optional.empty();
        }
    }

    private long now() {
        return core.clock().instant().getEpochSecond();
    }
}
