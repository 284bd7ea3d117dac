package io.logto.sdk.servlet;

import io.logto.sdk.LogtoClient;
import io.logto.sdk.storage.Storage;
import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where each pending sign-in returns to (the paths themselves are checked by {@link ReturnPathCheck}),
 * kept in the session beside the SDK's pending sign-ins and keyed like them by {@code state}, so
 * that two tabs signing in at once each land where they were going. One string attribute, lines of
 * {@code "<state> <path>"}, newest last, only for sign-ins still pending (so at most
 * {@link LogtoClient#MAX_PENDING_SIGN_INS}): states are base64url and safe return paths have no
 * whitespace, so the format needs no escaping.
 */
final class PendingReturnPaths {
    static final String KEY = "servlet.returnPaths";

    private PendingReturnPaths() {
    }

    /**
     * Remembers {@code path} (already checked by {@link ReturnPathCheck}) for the sign-in with
     * {@code state}, and forgets the paths of sign-ins no longer pending in {@code client}'s session
     * (which need not be the oldest: a sign-in the app started pushes out the oldest one another
     * site may have started, see {@link LogtoClient#MAX_PENDING_SIGN_INS}).
     */
    static void remember(HttpServletRequest request, LogtoClient client, String state, String path) {
        if (state == null || state.isEmpty() || !ReturnPathCheck.isSafe(path) || containsSpace(state)) {
            return;
        }
        Storage storage = new HttpSessionStorage(request);
        synchronized (storage.mutex()) {
            Set<String> pending = Set.copyOf(client.pendingSignInStates());
            List<String> lines = read(storage);
            lines.removeIf(line -> !pending.contains(line.substring(0, line.indexOf(' '))));
            lines.add(state + ' ' + path);
            while (lines.size() > LogtoClient.MAX_PENDING_SIGN_INS) {
                lines.remove(0);
            }
            storage.set(KEY, String.join("\n", lines));
        }
    }

    /** Removes and returns the path remembered for {@code state}. */
    static Optional<String> take(HttpServletRequest request, String state) {
        if (state == null || state.isEmpty()) {
            return Optional.empty();
        }
        Storage storage = new HttpSessionStorage(request);
        synchronized (storage.mutex()) {
            List<String> lines = read(storage);
            String prefix = state + ' ';
            Optional<String> found = lines.stream().filter(l -> l.startsWith(prefix)).findFirst();
            if (found.isEmpty()) {
                return Optional.empty();
            }
            lines.remove(found.get());
            storage.set(KEY, lines.isEmpty() ? null : String.join("\n", lines));
            return found.map(l -> l.substring(prefix.length())).filter(ReturnPathCheck::isSafe);
        }
    }

    /** Forgets every remembered path. */
    static void clear(HttpServletRequest request) {
        new HttpSessionStorage(request).delete(KEY);
    }

    private static List<String> read(Storage storage) {
        String raw = storage.get(KEY);
        var lines = new ArrayList<String>();
        if (raw != null) {
            for (String line : raw.split("\n")) {
                if (line.indexOf(' ') > 0) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    private static boolean containsSpace(String s) {
        return s.chars().anyMatch(Character::isWhitespace);
    }
}
