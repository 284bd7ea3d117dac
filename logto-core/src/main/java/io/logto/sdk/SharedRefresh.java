package io.logto.sdk;

import io.logto.sdk.oidc.TokenClient;
import io.logto.sdk.oidc.Futures;
import io.logto.sdk.oidc.RefreshRequest;
import io.logto.sdk.oidc.RefreshedTokens;
import io.logto.sdk.oidc.TokenTarget;
import io.logto.sdk.session.CachedAccessToken;
import io.logto.sdk.session.RefreshLease;
import io.logto.sdk.session.UserSession;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One refresh of a session shared by several processes, through the {@link RefreshLease} its storage
 * keeps with compare-and-set ({@link io.logto.sdk.storage.Storage#isAtomicAcrossProcesses()}):
 * <ol>
 *   <li>If the lease records a result for our refresh token (another process refreshed with it, or
 *       with a token our copy of the session still holds), that result is used: no request.</li>
 *   <li>If it records that our token failed a moment ago, that failure is ours too: no stampede of
 *       requests with a token the provider just refused, or while it is down.</li>
 *   <li>If another process holds the lease, we wait: the lease is read again after 10, 20, 40 … ms
 *       (at most {@value #MAX_POLL_MILLIS} ms apart) until it is released, then step 1 again.</li>
 *   <li>Otherwise we take it (compare-and-set; on a lost race, step 1 again), refresh, and release it
 *       with the result (or the failure) for the others.</li>
 * </ol>
 * A lease lasts {@link #leaseLength} (twice the request timeout and 5 s: a refresh is at most a key-set
 * fetch and a token request): a holder that crashed blocks its session for no longer, as a waiter
 * takes over once the lease has ended (by the holder's clock, allowing for the configured clock skew)
 * or once it has seen the same lease for that long (by its own monotonic clock, whatever the clocks
 * say). A waiter gives up after two lease lengths with {@link LogtoException.Code#TOKEN_REQUEST_FAILED}.
 * Leases are per session: a slow provider delays only the sessions whose refresh it is answering.
 *
 * <p>The result is returned as an {@link Outcome}, which each caller stores in its own view of the
 * session. One per refresh; thread-safe as its storage is.
 */
final class SharedRefresh {
    /** How long a result is used by processes whose copy of the session is older than the refresh. */
    static final Duration RESULT_KEPT = Duration.ofMinutes(15);
    /** How long a failure is reported to processes that waited for it, instead of trying again. */
    static final Duration FAILURE_KEPT = Duration.ofSeconds(5);
    static final long FIRST_POLL_MILLIS = 10;
    static final long MAX_POLL_MILLIS = 250;
    /** Results adopted in a row before we give up following a chain of rotations (it cannot be this long). */
    private static final int MAX_ADOPTIONS = 4;

    private final OidcCore core;
    private final UserSession session;
    private final Optional<String> expectedSubject;
    private final TokenTarget target;
    private final long leaseMillis;
    private final long skewMillis;
    private final long startedNanos = System.nanoTime();

    /**
     * What a shared refresh leaves in the session: store it if the session still holds one of the
     * refresh tokens it replaces.
     *
     * @param idToken      the new ID token, or empty to keep the stored one
     * @param refreshToken the refresh token to use from now on
     * @param accessTokens access tokens to cache, by target key
     * @param replaces     fingerprints of the refresh tokens it replaces (the session's, and older ones)
     */
    record Outcome(Optional<String> idToken, String refreshToken, Map<String, CachedAccessToken> accessTokens,
                   Set<String> replaces) {
        Outcome {
            accessTokens = Map.copyOf(accessTokens);
            replaces = Set.copyOf(replaces);
        }

        /** Whether a session holding {@code storedRefreshToken} may take this outcome. */
        boolean appliesTo(String storedRefreshToken) {
            return storedRefreshToken.equals(refreshToken) || replaces.contains(RefreshLease.fingerprint(storedRefreshToken));
        }

        Outcome then(RefreshLease.Result result, List<String> replacedFingerprints) {
            var tokens = new LinkedHashMap<>(accessTokens);
            tokens.put(result.target(), result.accessToken());
            var all = new LinkedHashSet<>(replaces);
            all.addAll(replacedFingerprints);
            String newRefreshToken = result.refreshToken() != null ? result.refreshToken() : refreshToken;
            Optional<String> newIdToken = result.idToken() != null ? Optional.of(result.idToken()) : idToken;
            return new Outcome(newIdToken, newRefreshToken, tokens, all);
        }

        static Outcome start(String refreshToken) {
            return new Outcome(Optional.empty(), refreshToken, Map.of(), Set.of());
        }

        @Override
        public String toString() {
            return "Outcome{targets=" + accessTokens.keySet() + "}";
        }
    }

    SharedRefresh(OidcCore core, UserSession session, TokenTarget target, Optional<String> expectedSubject) {
        this.core = core;
        this.session = session;
        this.target = target;
        this.expectedSubject = expectedSubject;
        this.leaseMillis = leaseLength(core.config()).toMillis();
        this.skewMillis = core.config().clockSkew().toMillis();
    }

    /** How long a refresh lease lasts: a refresh is at most a key-set fetch and a token request. */
    static Duration leaseLength(LogtoConfig config) {
        return config.requestTimeout().multipliedBy(2).plusSeconds(5);
    }

    /** Refreshes (or takes another process's refresh of) {@code refreshToken} for this target. */
    CompletableFuture<Outcome> run(String refreshToken) {
        return step(refreshToken, Outcome.start(refreshToken), new Watch(null, 0, FIRST_POLL_MILLIS), 0);
    }

    /** The lease as last seen by a waiter, since when (monotonic), and the next pause. */
    private record Watch(String seen, long sinceNanos, long nextPollMillis) {
        Watch after(String raw) {
            long since = raw.equals(seen) ? sinceNanos : System.nanoTime();
            return new Watch(raw, since, Math.min(nextPollMillis * 2, MAX_POLL_MILLIS));
        }

        long watchedMillis() {
            return seen == null ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
        }
    }

    private CompletableFuture<Outcome> step(String refreshToken, Outcome carried, Watch watch, int adoptions) {
        String raw = session.refreshLeaseJson().orElse(null);
        RefreshLease lease = RefreshLease.parse(raw);
        long now = nowMillis();
        String fingerprint = RefreshLease.fingerprint(refreshToken);

        Optional<RefreshLease.Result> done = lease.resultFor(fingerprint, now, RESULT_KEPT.toMillis());
        if (done.isPresent() && adoptions < MAX_ADOPTIONS) {
            RefreshLease.Result result = done.get();
            Outcome adopted = carried.then(result, List.of(fingerprint));
            if (result.target().equals(target.key()) && result.accessToken().isValidAt(now / 1000)) {
                return CompletableFuture.completedFuture(adopted);
            }
            if (!result.refreshToken().equals(refreshToken)) {
                // Our copy of the session was older than that refresh: go on from its token.
                return step(result.refreshToken(), adopted, watch, adoptions + 1);
            }
            // Our token is the current one, and we need a token for another target: refresh it below.
        }
        Optional<RefreshLease.Failure> failed = lease.failureFor(fingerprint, now, FAILURE_KEPT.toMillis());
        if (failed.isPresent()) {
            throw failed.get().refused()
                    ? new LogtoException(LogtoException.Code.REFRESH_TOKEN_INVALID,
                    "another process's refresh of this session was refused")
                    : new LogtoException(LogtoException.Code.TOKEN_REQUEST_FAILED,
                    "another process's refresh of this session failed a moment ago");
        }
        if (lease.isHeldAt(now, skewMillis) && watch.after(raw).watchedMillis() < leaseMillis) {
            if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos) > 2 * leaseMillis) {
                throw new LogtoException(LogtoException.Code.TOKEN_REQUEST_FAILED,
                        "another process has been refreshing this session for too long");
            }
            Watch next = watch.after(raw);
            return CompletableFuture.supplyAsync(() -> step(refreshToken, carried, next, adoptions),
                    core.afterPause(watch.nextPollMillis())).thenCompose(f -> f);
        }
        String holder = core.newRandomId();
        RefreshLease mine = lease.heldBy(holder, now + leaseMillis);
        String mineJson = mine.toJson();
        if (!session.replaceRefreshLease(raw, mineJson)) {
            // Another process changed the lease between our read and our write: look again.
            return CompletableFuture.supplyAsync(() -> step(refreshToken, carried, watch, adoptions),
                    core.afterPause(1)).thenCompose(f -> f);
        }
        return refreshHolding(refreshToken, carried, mine, mineJson);
    }

    private CompletableFuture<Outcome> refreshHolding(String refreshToken, Outcome carried, RefreshLease mine,
                                                      String mineJson) {
        var request = new RefreshRequest(refreshToken, target, expectedSubject);
        return Futures.supplyOrFail(() -> core.tokens().refresh(request)).handle((refreshed, error) -> {
            long now = nowMillis();
            if (error != null) {
                Throwable cause = Futures.unwrap(error);
                boolean refused = cause instanceof LogtoException e && TokenClient.endsSession(e);
                release(mineJson, mine.releasedWith(new RefreshLease.Failure(RefreshLease.fingerprint(refreshToken),
                        refused, now)));
                throw cause instanceof RuntimeException r ? r : new LogtoException(
                        LogtoException.Code.TOKEN_REQUEST_FAILED, "token refresh failed", cause);
            }
            RefreshLease.Result result = resultOf(refreshed, now);
            var replaced = new ArrayList<String>();
            replaced.add(RefreshLease.fingerprint(refreshToken));
            replaced.add(RefreshLease.fingerprint(refreshed.refreshTokenUsed()));
            release(mineJson, mine.releasedWith(result, replaced));
            return carried.then(result, replaced);
        });
    }

    private RefreshLease.Result resultOf(RefreshedTokens refreshed, long nowMillis) {
        var tokens = refreshed.tokens();
        String newRefreshToken = tokens.refreshToken().orElse(refreshed.refreshTokenUsed());
        CachedAccessToken accessToken = AccessTokenRefresher.cacheEntry(tokens, nowMillis / 1000);
        return new RefreshLease.Result(tokens.idToken().orElse(null), newRefreshToken, target.key(), accessToken,
                nowMillis);
    }

    /**
     * Releases our lease; if it was taken over (we were slower than the lease) or removed (the
     * session was signed out meanwhile) says so.
     */
    private void release(String mineJson, RefreshLease released) {
        try {
            if (!session.replaceRefreshLease(mineJson, released.toJson())) {
                LOG.log(System.Logger.Level.WARNING, "A refresh outlasted its lease ({0} ms), or the session was "
                        + "signed out meanwhile; another process may have refreshed the same session", leaseMillis);
            }
        } catch (LogtoException e) {
            // The refresh itself is done; the lease ends on its own.
            LOG.log(System.Logger.Level.WARNING, "The refresh lease could not be released: {0}", e.getMessage());
        }
    }

    private long nowMillis() {
        return core.clock().millis();
    }

    private static final System.Logger LOG = System.getLogger(SharedRefresh.class.getName());
}
