package io.logto.sdk;

import io.logto.sdk.oidc.ClaimValues;
import io.logto.sdk.oidc.Futures;
import io.logto.sdk.oidc.LogoutTokenVerifier;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Receiving OpenID Connect Back-Channel Logout 1.0: when a user's Logto session ends (they signed
 * out of another app of the same browser session, say), Logto POSTs a {@code logout_token} to the
 * app's back-channel logout URI; {@link #verify(String)} checks it and says which sessions ended.
 * Ending them is the app's part: the servlet adapter's back-channel endpoint and its record of ended
 * sessions do it for servlet apps. One per {@link OidcCore} ({@link OidcCore#backChannelLogout()}),
 * sharing its cached discovery document and key set.
 *
 * <pre>{@code
 * BackChannelLogout backChannel = core.backChannelLogout();
 * // POST /backchannel-logout, form field logout_token:
 * try {
 *     VerifiedLogout logout = backChannel.verify(request.getParameter("logout_token")).join();
 *     endedSessions.record(logout);              // end logout.sid(), or every session of logout.sub()
 *     // answer 200, Cache-Control: no-store
 * } catch (CompletionException e) {
 *     // answer 400 {"error":"invalid_request"}
 * }
 * }</pre>
 *
 * <p>What is checked (§2.6; details in {@code docs/SECURITY.md}): a compact JWS of at most 16 KiB;
 * {@code typ} {@code logout+jwt} or none; the signature, with the provider's keys and announced
 * asymmetric algorithms, as for ID tokens; {@code iss}; {@code aud} contains the app id (and lists no
 * audience the app does not trust); {@code iat} present, not in the future, not older than
 * {@link LogtoConfig#maxIdTokenAge()}; {@code exp}, when present, not passed (all with
 * {@link LogtoConfig#clockSkew()}); {@code sub} and/or {@code sid}; {@code events} holding the
 * back-channel logout event as an object; no {@code nonce}; a {@code jti}, and not one accepted
 * before while its token is still acceptable (at most {@value #MAX_REMEMBERED_TOKEN_IDS} remembered
 * per core: when that many are live, the one expiring soonest is forgotten rather than a logout
 * refused). Thread-safe.
 */
public final class BackChannelLogout {
    /** The {@code events} member that makes a JWT a logout token. */
    public static final String EVENT = LogoutTokenVerifier.EVENT;
    /** The form field the provider posts the token in. */
    public static final String FORM_FIELD = "logout_token";
    /** How many accepted token ids one core remembers at most, against replays. */
    public static final int MAX_REMEMBERED_TOKEN_IDS = LogoutTokenVerifier.MAX_REMEMBERED_TOKEN_IDS;

    private final LogoutTokenVerifier verifier;
    private final LogtoEventListener events;

    BackChannelLogout(LogoutTokenVerifier verifier, LogtoEventListener events) {
        this.verifier = verifier;
        this.events = events;
    }

    /**
     * Verifies a logout token. Makes a network call only when discovery or the key set is not
     * cached yet, or the token names a key the cached set lacks (rate-limited).
     *
     * @param logoutToken the {@code logout_token} form field
     * @return the sessions that ended; fails with {@link LogtoException.Code#LOGOUT_TOKEN_MALFORMED},
     *         {@link LogtoException.Code#LOGOUT_TOKEN_TYPE_INVALID},
     *         {@link LogtoException.Code#LOGOUT_TOKEN_SIGNATURE_INVALID},
     *         {@link LogtoException.Code#LOGOUT_TOKEN_CLAIMS_INVALID} or
     *         {@link LogtoException.Code#LOGOUT_TOKEN_REPLAYED} for a token to refuse (answer
     *         {@code 400}), and with {@link LogtoException.Code#DISCOVERY_FAILED} or
     *         {@link LogtoException.Code#JWKS_FAILED} when it could not be checked
     */
    public CompletableFuture<VerifiedLogout> verify(String logoutToken) {
        return Futures.supplyOrFail(() -> verifier.verify(logoutToken).thenApply(claims -> {
            VerifiedLogout logout = toLogout(claims);
            events.backChannelLogout();
            return logout;
        }));
    }

    /**
     * How many accepted token ids are remembered now (never more than
     * {@value #MAX_REMEMBERED_TOKEN_IDS}), for monitoring.
     *
     * @return the count
     */
    public int rememberedTokenIds() {
        return verifier.rememberedTokenIds();
    }

    private static VerifiedLogout toLogout(Map<String, Object> claims) {
        return new VerifiedLogout(ClaimValues.string(claims.get("sub")), ClaimValues.string(claims.get("sid")),
                Instant.ofEpochSecond(ClaimValues.epochSeconds(claims.get("iat")).orElseThrow()));
    }

    @Override
    public String toString() {
        return "BackChannelLogout{rememberedTokenIds=" + rememberedTokenIds() + "}";
    }
}
