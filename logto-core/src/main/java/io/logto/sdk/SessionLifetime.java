package io.logto.sdk;

import io.logto.sdk.session.UserSession;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When one user's sign-in stops counting, read from storage alone (no network call). The rule, fail
 * closed:
 * <ul>
 *   <li>never longer than {@link LogtoConfig#maxSessionAge()}, counted from the sign-in (not from the
 *       last refresh); a session stored without a sign-in time counts as ended when a maximum is set;</li>
 *   <li>a stored ID token that cannot be read does not count;</li>
 *   <li>without a refresh token, it ends when the ID token expires ({@code exp} plus the clock skew).</li>
 * </ul>
 * With a refresh token the session lasts until Logto refuses a refresh for good; that part is the
 * {@link AccessTokenRefresher}'s, which removes the tokens. Cheap: one per {@link LogtoClient}.
 * Thread-safe as its storage is.
 */
final class SessionLifetime {
    private final OidcCore core;
    private final UserSession session;

    SessionLifetime(OidcCore core, UserSession session) {
        this.core = core;
        this.session = session;
    }

    /** Whether an ID token is stored and the sign-in has not ended. */
    boolean isSignedIn() {
        return session.idToken().isPresent() && endedBecause().isEmpty();
    }

    /** Why the stored sign-in no longer counts; empty while it does, or when there is none. */
    Optional<String> endedBecause() {
        Optional<String> idToken = session.idToken();
        if (idToken.isEmpty()) {
            return Optional.empty();
        }
        long now = core.clock().instant().getEpochSecond();
        Optional<Duration> maxAge = core.config().maxSessionAge();
        if (maxAge.isPresent()) {
            OptionalLong since = session.signedInAt();
            if (since.isEmpty() || now - since.getAsLong() > maxAge.get().toSeconds()) {
                return Optional.of("it is older than maxSessionAge");
            }
        }
        OptionalLong exp = expiryOf(idToken.get());
        if (exp.isEmpty()) {
            return Optional.of("the stored ID token cannot be read");
        }
        if (session.refreshToken().isEmpty() && now > exp.getAsLong() + core.config().clockSkew().toSeconds()) {
            return Optional.of("the ID token has expired and there is no refresh token");
        }
        return Optional.empty();
    }

    /** The stored ID token's {@code exp} (its claims decoded once per core); empty when unreadable. */
    private OptionalLong expiryOf(String idToken) {
        try {
            return OptionalLong.of(LogtoClient.storedIdTokenClaims(core, idToken).exp());
        } catch (LogtoException e) {
            return OptionalLong.empty();
        }
    }
}
