package io.logto.sdk;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is signed in to one {@link io.logto.sdk.storage.Storage}, under which Logto session, and
 * since when: what a back-channel logout ({@link VerifiedLogout}) is matched against. Read from
 * storage by {@link LogtoClient#signedInSession()}; the values come from the ID token verified at
 * sign-in.
 *
 * @param sub        the signed-in user
 * @param sid        the provider's session id for this app ({@code sid} of the ID token); empty when
 *                   the ID token had none (Logto adds it only when the app's back-channel logout has
 *                   "Is session required?" on)
 * @param signedInAt when the sign-in completed, on this app's clock; {@link Instant#EPOCH} for a
 *                   session stored without the time (by an earlier version), so that it counts as
 *                   older than any logout
 */
public record SignedInSession(String sub, Optional<String> sid, Instant signedInAt) {
    /**
     * Checks the values are present.
     *
     * @param sub        the signed-in user
     * @param sid        the provider's session id for this app, or empty
     * @param signedInAt when the sign-in completed
     */
    public SignedInSession {
        Objects.requireNonNull(sub, "sub");
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(signedInAt, "signedInAt");
    }
}
