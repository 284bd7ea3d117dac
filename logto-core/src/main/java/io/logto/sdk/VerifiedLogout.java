package io.logto.sdk;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a verified logout token says has ended (OpenID Connect Back-Channel Logout 1.0 §2.7): the
 * provider session {@link #sid()} when the token names one, otherwise every session of the user
 * {@link #sub()}. Logto sends {@code sub} always and {@code sid} when the app's "Is session
 * required?" setting (backchannel_logout_session_required) is on; its ID tokens then carry the same
 * {@code sid} (see {@link SignedInSession}).
 *
 * @param sub      the user whose session ended; empty when the token names only a session
 * @param sid      the provider session that ended; empty when the token names only a user (then all of
 *                 the user's sessions end)
 * @param issuedAt when the provider issued the token ({@code iat}, the provider's clock)
 */
public record VerifiedLogout(Optional<String> sub, Optional<String> sid, Instant issuedAt) {
    /**
     * Checks the values.
     *
     * @param sub      the user whose session ended, or empty
     * @param sid      the provider session that ended, or empty
     * @param issuedAt when the provider issued the token
     * @throws IllegalArgumentException when neither {@code sub} nor {@code sid} is present
     */
    public VerifiedLogout {
        Objects.requireNonNull(sub, "sub");
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (sub.isEmpty() && sid.isEmpty()) {
            throw new IllegalArgumentException("a logout names a sub, a sid or both");
        }
    }

    /**
     * Whether the logout names one provider session rather than all of a user's.
     *
     * @return {@code true} when {@link #sid()} is present
     */
    public boolean isSessionScoped() {
        return sid.isPresent();
    }
}
