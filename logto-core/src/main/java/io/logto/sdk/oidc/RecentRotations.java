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
 */
final class RecentRotations {
    static final long KEEP_SECONDS = 120;
    static final int MAX_ENTRIES = 1024;
    /** Rotations followed from a consumed token to the newest (a chain this long in two minutes is not real). */
    private static final int MAX_HOPS = 8;

    private record Entry(RefreshedTokens refreshed, String targetKey, long atNanos) {
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
        byConsumedToken.put(TokenClient.fingerprint(refreshed.refreshTokenUsed()), new Entry(refreshed, target.key(), now));
    }

    /**
     * The result of the refresh that consumed {@code refreshToken} for {@code target}, if recent; its
     * lifetime is shortened by the time since it was received.
     */
    Optional<RefreshedTokens> resultFor(String refreshToken, TokenTarget target) {
        Entry entry = live(refreshToken);
        if (entry == null || !entry.targetKey().equals(target.key())) {
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
            current = entry.refreshed().tokens().refreshToken().orElse(current);
        }
        return current;
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
