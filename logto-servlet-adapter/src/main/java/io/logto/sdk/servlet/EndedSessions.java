package io.logto.sdk.servlet;

import io.logto.sdk.SignedInSession;
import io.logto.sdk.VerifiedLogout;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The record of sessions that back-channel logouts ended, which every node of the app must see:
 * {@link BackChannelLogoutServlet} writes it when Logto posts a logout token, and
 * {@link LogtoWeb#client} reads it on every request that arrives with a signed-in session, which is
 * then signed out before the app sees it. Two implementations: {@link MemoryEndedSessions} for one
 * node, {@link JdbcEndedSessions} for many (in the database of the container's JDBC session store).
 *
 * <p>What has ended, for a logout received at {@code T} (this app's clock):
 * <ul>
 *   <li>a logout naming a provider session ({@code sid}) ends the session signed in under that
 *       {@code sid}; if it also names the user, it also ends that user's sessions signed in at or
 *       before {@code T} that have no {@code sid} (signed in while the app's "Is session required?"
 *       setting was off: they cannot be told apart, so they end too — fail closed);</li>
 *   <li>a logout naming only the user ({@code sub}) ends all of that user's sessions signed in at or
 *       before {@code T}; later sign-ins are untouched;</li>
 *   <li>a user's record moves to a later {@code T} only for a logout token issued later than the one
 *       that set it ({@link VerifiedLogout#issuedAt()}), so that a replayed token — accepted by
 *       another node, whose replay memory is its own — cannot sign the user out of a newer sign-in.</li>
 * </ul>
 * An entry is kept for the {@link #retention()}, which must be at least the longest time a session
 * can sit idle and still be used (the container's session timeout): a session that was used after
 * {@code T} was signed out then, and one that was not is expired by the container by the time its
 * entry goes. Implementations are thread-safe.
 */
public interface EndedSessions {
    /**
     * Records the sessions that {@code logout} ends.
     *
     * @param logout     the verified logout
     * @param receivedAt when it was received, on this app's clock ({@code T} above)
     * @throws io.logto.sdk.LogtoException {@link io.logto.sdk.LogtoException.Code#STORAGE_FAILED} when the record
     *                                     cannot be written
     */
    void record(VerifiedLogout logout, Instant receivedAt);

    /**
     * Whether {@code session} has been ended by a recorded logout.
     *
     * @param session the session's user, provider session and sign-in time
     * @param now     now, on this app's clock (entries past the retention no longer count)
     * @return {@code true} when it has ended
     * @throws io.logto.sdk.LogtoException {@link io.logto.sdk.LogtoException.Code#STORAGE_FAILED} when the record
     *                                     cannot be read
     */
    boolean hasEnded(SignedInSession session, Instant now);

    /**
     * How long an entry is kept, so that {@link LogtoWeb} can warn at start-up when the container's
     * sessions may outlive it.
     *
     * @return the retention; empty when unknown (an implementation of the application's own)
     */
    default Optional<Duration> retention() {
        return Optional.empty();
    }
}
