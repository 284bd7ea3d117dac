package io.logto.sdk.oidc;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The refresh tokens this JVM saw rotated in the last {@value #KEEP_SECONDS} seconds, each with the
 * refresh that replaced it. A request that read the session before that refresh was stored (the
 * browser sent its old session cookie, a session store gave it an older copy) still holds the
 * consumed token; sending it again would make Logto revoke the grant. It gets the refresh's result
 * instead, or, for another target, is sent with the newest token. Holds at most {@value #MAX_ENTRIES}
 * entries (only rotations, each a token response of a few KB); when full the oldest goes. Keyed by
 * the token's SHA-256, never the token. Thread-safe.
 *
 * <p>When the newest token of a chain is revoked (sign-out), the whole chain is marked revoked: a
 * request still holding an older copy of that session gets a refusal instead of the refresh's result
 * (which would bring tokens of a signed-out session back) and sends nothing.
 */
final class RecentRotations {
    static final long KEEP_SECONDS = 120;
    static final int MAX_ENTRIES = 1024;
    /** Rotations followed from a consumed token to the newest (a chain this long in two minutes is not real). */
    private static final int MAX_HOPS = 8;

    /** {@code replacedBy}: the fingerprint of the token the rotation issued, to walk a chain backwards. */
    private record Entry(RefreshedTokens refreshed, String targetKey, long atNanos, String replacedBy,
                         boolean revoked) {
        Entry revoke() {
            return new Entry(refreshed, targetKey, atNanos, replacedBy, true);
        }

        String next() {
            return refreshed.tokens().refreshToken().orElse(refreshed.refreshTokenUsed());
        }
    }

    private final Map<String, Entry> byConsumedToken = new ConcurrentHashMap<>();

    /** Remembers that {@code refreshed} consumed its refresh token, if the provider rotated it. */
    void record(RefreshedTokens refreshed, TokenTarget target) {
        Optional<String> next = refreshed.tokens().refreshToken();
        if (next.isEmpty() || next.get().equals(refreshed.refreshTokenUsed())) {
            return;
        }
        long now = System.nanoTime();
        if (byConsumedToken.size() >= MAX_ENTRIES) {
            evict(now);
        }
        byConsumedToken.put(TokenClient.fingerprint(refreshed.refreshTokenUsed()), new Entry(refreshed, target.key(), now,
                TokenClient.fingerprint(next.get()), false));
    }

    /**
     * The result of the refresh that consumed {@code refreshToken} for {@code target}, if recent; its
     * lifetime is shortened by the time since it was received.
     */
    Optional<RefreshedTokens> resultFor(String refreshToken, TokenTarget target) {
        Entry entry = live(refreshToken);
        if (entry == null || entry.revoked() || !entry.targetKey().equals(target.key())) {
            return Optional.empty();
        }
        TokenResponse tokens = entry.refreshed().tokens();
        long elapsed = Duration.ofNanos(System.nanoTime() - entry.atNanos()).toSeconds() + 1;
        var aged = new TokenResponse(tokens.accessToken(), tokens.tokenType(),
                tokens.expiresIn().map(seconds -> Math.max(0, seconds - elapsed)), tokens.scope(),
                tokens.idToken(), tokens.refreshToken());
        return Optional.of(new RefreshedTokens(aged, entry.refreshed().refreshTokenUsed()));
    }

    /** The newest refresh token that replaced {@code refreshToken} (itself when none did recently). */
    String newest(String refreshToken) {
        String current = refreshToken;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            Entry entry = live(current);
            if (entry == null) {
                break;
            }
            current = entry.next();
        }
        return current;
    }

    /**
     * Whether {@code refreshToken} was rotated recently into a token that has since been revoked: the
     * session it belonged to was signed out.
     */
    boolean revokedSince(String refreshToken) {
        Entry entry = live(refreshToken);
        return entry != null && entry.revoked();
    }

    /**
     * Marks every recent rotation that led to {@code refreshToken} as revoked; called when that
     * token is revoked.
     */
    void revoked(String refreshToken) {
        String replacement = TokenClient.fingerprint(refreshToken);
        // Walk the chain backwards: each consumed token whose rotation produced the current one.
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            String consumed = null;
            for (Map.Entry<String, Entry> e : byConsumedToken.entrySet()) {
                if (e.getValue().replacedBy().equals(replacement)) {
                    consumed = e.getKey();
                    break;
                }
            }
            if (consumed == null) {
                return;
            }
            byConsumedToken.computeIfPresent(consumed, (key, entry) -> entry.revoke());
            replacement = consumed;
        }
    }

    int size() {
        return byConsumedToken.size();
    }

    private Entry live(String refreshToken) {
        Entry entry = byConsumedToken.get(TokenClient.fingerprint(refreshToken));
        return entry != null && System.nanoTime() - entry.atNanos() <= Duration.ofSeconds(KEEP_SECONDS).toNanos()
                ? entry : null;
    }

    /** Drops the expired entries, and the oldest one if none has expired. */
    private void evict(long now) {
        long keep = Duration.ofSeconds(KEEP_SECONDS).toNanos();
        String oldest = null;
        long oldestAt = Long.MAX_VALUE;
        for (Iterator<Map.Entry<String, Entry>> it = byConsumedToken.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Entry> e = it.next();
            if (now - e.getValue().atNanos() > keep) {
                it.remove();
            } else if (e.getValue().atNanos() < oldestAt) {
                oldestAt = e.getValue().atNanos();
                oldest = e.getKey();
            }
        }
        if (byConsumedToken.size() >= MAX_ENTRIES && oldest != null) {
            byConsumedToken.remove(oldest);
        }
    }
}
