package io.logto.sdk.servlet;

import io.logto.sdk.SignedInSession;
import io.logto.sdk.VerifiedLogout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of {@link EndedSessions} written once, for every implementation: which entries a logout
 * writes, which a session is looked up under, when an entry ends a session, and how a new logout
 * changes an entry. An entry is keyed by a {@link Kind} and an id, and holds when the logout was
 * received and when its token was issued (epoch seconds). Stateless.
 */
final class EndedSessionRules {
    /** What an entry's id names. */
    enum Kind {
        /** A provider session ({@code sid}): that session has ended. */
        SESSION("sid"),
        /** A user ({@code sub}): all of the user's sessions signed in at or before the entry have ended. */
        USER("sub"),
        /** A user: those of the user's sessions without a {@code sid} signed in at or before the entry have ended. */
        USER_WITHOUT_SID("sub-nosid");

        /** How the kind is stored (a column value of {@link JdbcEndedSessions}). */
        final String code;

        Kind(String code) {
            this.code = code;
        }

        static Kind ofCode(String code) {
            for (Kind kind : values()) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown kind " + code);
        }
    }

    /** The key of an entry. */
    record Key(Kind kind, String id) {
    }

    /**
     * An entry.
     *
     * @param endedAt       when the logout was received, epoch seconds
     * @param tokenIssuedAt the {@code iat} of the logout token that set it, epoch seconds
     */
    record Entry(long endedAt, long tokenIssuedAt) {
    }

    private EndedSessionRules() {
    }

    /** The entries {@code logout} writes. */
    static List<Key> keysOf(VerifiedLogout logout) {
        var keys = new ArrayList<Key>(2);
        if (logout.sid().isPresent()) {
            keys.add(new Key(Kind.SESSION, logout.sid().get()));
            logout.sub().ifPresent(sub -> keys.add(new Key(Kind.USER_WITHOUT_SID, sub)));
        } else {
            keys.add(new Key(Kind.USER, logout.sub().orElseThrow()));
        }
        return keys;
    }

    /** The entries that may end {@code session}. */
    static List<Key> keysFor(SignedInSession session) {
        return session.sid().isPresent()
                ? List.of(new Key(Kind.SESSION, session.sid().get()), new Key(Kind.USER, session.sub()))
                : List.of(new Key(Kind.USER, session.sub()), new Key(Kind.USER_WITHOUT_SID, session.sub()));
    }

    /** Whether the entry under {@code key} ends {@code session} (a key from {@link #keysFor}). */
    static boolean ends(Key key, Entry entry, SignedInSession session) {
        return key.kind() == Kind.SESSION || session.signedInAt().getEpochSecond() <= entry.endedAt();
    }

    /**
     * The entry after a logout issued at {@code tokenIssuedAt} and received at {@code receivedAt};
     * empty when the existing entry stays as it is: a session's entry is final, and a user's moves
     * only for a token issued later than the one that set it (a replay changes nothing).
     */
    static Optional<Entry> merged(Kind kind, Optional<Entry> existing, long receivedAt, long tokenIssuedAt) {
        if (existing.isEmpty()) {
            return Optional.of(new Entry(receivedAt, tokenIssuedAt));
        }
        Entry old = existing.get();
        if (kind == Kind.SESSION || old.tokenIssuedAt() >= tokenIssuedAt) {
            return Optional.empty();
        }
        return Optional.of(new Entry(Math.max(old.endedAt(), receivedAt), tokenIssuedAt));
    }
}
