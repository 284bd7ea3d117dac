package io.logto.sdk.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.LogtoException;
import io.logto.sdk.storage.Storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One user's Logto session as it is kept in a {@link Storage}: which keys the SDK uses and the JSON
 * form of each. Every persisted shape lives here and in this package, in one place.
 *
 * <ul>
 *   <li>{@value #ID_TOKEN}, {@value #REFRESH_TOKEN}: the raw tokens.</li>
 *   <li>{@value #SIGNED_IN_AT}: when the sign-in completed, epoch seconds (for a maximum session age).</li>
 *   <li>{@value #ACCESS_TOKEN_MAP}: JSON object, resource (empty string for the userinfo token, or an
 *       organization URN) to {@code {"token","scope","expiresAt"}}.</li>
 *   <li>{@value #SIGN_IN_SESSION}: JSON array of pending {@link SignInAttempt}s, newest last, at
 *       most {@value #MAX_PENDING_SIGN_INS}, each for at most {@value #SIGN_IN_TTL_SECONDS} s — so
 *       that two tabs signing in at once both succeed. An attempt another site may have started
 *       never pushes out a pending one (see {@link #addSignInAttempt}).</li>
 * </ul>
 *
 * <p>An entry that does not parse reads as absent, except the pending sign-ins at callback time,
 * which fail with {@link LogtoException.Code#STORAGE_CORRUPT} and are left untouched. Read-modify-write
 * happens while holding {@link Storage#mutex()}. Thread safety is that of the storage.
 */
public final class UserSession {
    /** Key of the ID token. */
    public static final String ID_TOKEN = "idToken";
    /** Key of the refresh token. */
    public static final String REFRESH_TOKEN = "refreshToken";
    /** Key of the access-token map. */
    public static final String ACCESS_TOKEN_MAP = "accessTokenMap";
    /** Key of the time the sign-in completed (epoch seconds, decimal). */
    public static final String SIGNED_IN_AT = "signedInAt";
    /** Key of the pending sign-in attempts. */
    public static final String SIGN_IN_SESSION = "signInSession";
    /** How many sign-ins may be pending at once (tabs); see {@link #addSignInAttempt} for who makes room. */
    public static final int MAX_PENDING_SIGN_INS = 5;
    /** How long a pending sign-in stays usable. */
    public static final long SIGN_IN_TTL_SECONDS = 1800;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final TypeReference<LinkedHashMap<String, CachedAccessToken>> TOKEN_MAP = new TypeReference<>() {
    };
    private static final TypeReference<ArrayList<SignInAttempt>> ATTEMPTS = new TypeReference<>() {
    };

    private final Storage storage;

    /**
     * A view of {@code storage}. Cheap: create one per request.
     *
     * @param storage the user's storage
     */
    public UserSession(Storage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /**
     * The object to hold while changing several keys together: the storage's {@link Storage#mutex()}.
     *
     * @return the object to hold while changing several keys together
     */
    public Object mutex() {
        return storage.mutex();
    }

    /**
     * The stored ID token.
     *
     * @return the stored ID token
     */
    public Optional<String> idToken() {
        return Optional.ofNullable(read(ID_TOKEN)).filter(s -> !s.isEmpty());
    }

    /**
     * The stored refresh token.
     *
     * @return the stored refresh token
     */
    public Optional<String> refreshToken() {
        return Optional.ofNullable(read(REFRESH_TOKEN)).filter(s -> !s.isEmpty());
    }

    /**
     * Stores a new ID token (if given) and refresh token (if given); absent values keep the old ones.
     *
     * @param idToken the ID token
     * @param refreshToken the refresh token
     */
    public void saveTokens(String idToken, String refreshToken) {
        if (idToken != null) {
            write(ID_TOKEN, idToken);
        }
        if (refreshToken != null) {
            write(REFRESH_TOKEN, refreshToken);
        }
    }

    /**
     * When the sign-in completed, for a maximum session age.
     *
     * @return epoch seconds; empty when not recorded (a session stored by an earlier version) or unreadable
     */
    public OptionalLong signedInAt() {
        String raw = read(SIGNED_IN_AT);
        if (raw == null || raw.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(raw));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Records when the sign-in completed.
     *
     * @param epochSeconds the time, in epoch seconds
     */
    public void saveSignedInAt(long epochSeconds) {
        write(SIGNED_IN_AT, Long.toString(epochSeconds));
    }

    /** Removes the ID, refresh and access tokens and the sign-in time; pending sign-ins stay. */
    public void clearTokens() {
        synchronized (storage.mutex()) {
            remove(ID_TOKEN);
            remove(REFRESH_TOKEN);
            remove(ACCESS_TOKEN_MAP);
            remove(SIGNED_IN_AT);
        }
    }

    /** Removes everything the SDK stored. */
    public void clearAll() {
        synchronized (storage.mutex()) {
            clearTokens();
            remove(SIGN_IN_SESSION);
        }
    }

    /**
     * The cached access token for {@code resource}, valid or not.
     *
     * @param resource the API resource indicator, or an organization URN; empty for the userinfo token
     * @return the cached access token for {@code resource}, valid or not
     */
    public Optional<CachedAccessToken> accessToken(String resource) {
        return Optional.ofNullable(readTokens().get(resource));
    }

    /**
     * The stored access-token map as stored (JSON), for callers that cache its decoded form keyed by
     * this string; decode it with {@link #parseAccessTokenMap(String)}.
     *
     * @return the stored access-token map as stored (JSON), for callers that cache its decoded form keyed by
     *         this string
     */
    public Optional<String> accessTokenMapJson() {
        return Optional.ofNullable(read(ACCESS_TOKEN_MAP)).filter(s -> !s.isEmpty());
    }

    /**
     * Decodes a stored access-token map (resource to token) into an unmodifiable map; one that does
     * not parse reads as empty, like {@link #accessToken(String)} does.
     *
     * @param json the stored JSON
     * @return the map, unmodifiable; empty when it does not parse
     */
    public static Map<String, CachedAccessToken> parseAccessTokenMap(String json) {
        return Collections.unmodifiableMap(parseTokens(json));
    }

    /**
     * Caches an access token for {@code resource} (the key of its target: empty for the userinfo token).
     *
     * @param resource the API resource indicator, or an organization URN; empty for the userinfo token
     * @param token    the entry to cache
     */
    public void putAccessToken(String resource, CachedAccessToken token) {
        synchronized (storage.mutex()) {
            var map = readTokens();
            map.put(resource, token);
            write(ACCESS_TOKEN_MAP, toJson(map));
        }
    }

    /** Forgets every cached access token. */
    public void clearAccessTokens() {
        remove(ACCESS_TOKEN_MAP);
    }

    /**
     * Adds a pending sign-in, dropping expired ones. A corrupt entry is replaced. When
     * {@value #MAX_PENDING_SIGN_INS} are already pending:
     * <ul>
     *   <li>an attempt {@linkplain SignInAttempt#startedByApp() started by the app} replaces the
     *       oldest attempt that was not, else the oldest one;</li>
     *   <li>any other attempt (another site may have started it) replaces none: it fails with
     *       {@link LogtoException.Code#TOO_MANY_PENDING_SIGN_INS} and storage is unchanged — so
     *       that any number of forged navigations to the sign-in endpoint cannot push out the
     *       user's own pending sign-in.</li>
     * </ul>
     *
     * @param attempt the sign-in attempt
     * @param nowEpochSeconds now, in epoch seconds
     * @throws LogtoException {@link LogtoException.Code#TOO_MANY_PENDING_SIGN_INS} when the session is full
     *                        and the attempt was not started by the app
     */
    public void addSignInAttempt(SignInAttempt attempt, long nowEpochSeconds) {
        synchronized (storage.mutex()) {
            List<SignInAttempt> attempts;
            try {
                attempts = live(readAttempts(), nowEpochSeconds);
            } catch (LogtoException corrupt) {
                attempts = new ArrayList<>();
            }
            if (attempts.size() >= MAX_PENDING_SIGN_INS && !attempt.startedByApp()) {
                throw new LogtoException(LogtoException.Code.TOO_MANY_PENDING_SIGN_INS,
                        MAX_PENDING_SIGN_INS + " sign-ins are already pending in this session; a sign-in "
                                + "that another site may have started does not replace them");
            }
            while (attempts.size() >= MAX_PENDING_SIGN_INS) {
                // Oldest first (live() sorts): the oldest one no page of the app started, else the oldest.
                SignInAttempt dropped = attempts.stream().filter(a -> !a.startedByApp()).findFirst()
                        .orElse(attempts.get(0));
                attempts.remove(dropped);
            }
            attempts.add(attempt);
            write(SIGN_IN_SESSION, attemptsJson(attempts));
        }
    }

    /**
     * The live pending sign-ins, oldest first, without changing storage.
     *
     *
     * @param nowEpochSeconds now, in epoch seconds
     * @return the live pending sign-ins, oldest first, without changing storage
     * @throws LogtoException {@link LogtoException.Code#STORAGE_CORRUPT} when the entry does not parse
     */
    public List<SignInAttempt> signInAttempts(long nowEpochSeconds) {
        return List.copyOf(live(readAttempts(), nowEpochSeconds));
    }

    /**
     * Removes and returns the attempt with {@code state}; empty when another caller took it first
     * (a replayed or doubled callback).
     *
     * @param state the sign-in's {@code state}
     * @param nowEpochSeconds now, in epoch seconds
     * @return the attempt; empty when another caller took it first
     */
    public Optional<SignInAttempt> takeSignInAttempt(String state, long nowEpochSeconds) {
        synchronized (storage.mutex()) {
            List<SignInAttempt> attempts = live(readAttempts(), nowEpochSeconds);
            Optional<SignInAttempt> taken = attempts.stream().filter(a -> a.state().equals(state)).findFirst();
            taken.ifPresent(attempts::remove);
            write(SIGN_IN_SESSION, attempts.isEmpty() ? null : attemptsJson(attempts));
            return taken;
        }
    }

    private List<SignInAttempt> readAttempts() {
        String raw = read(SIGN_IN_SESSION);
        if (raw == null || raw.isEmpty()) {
            return new ArrayList<>();
        }
        try {
            ArrayList<SignInAttempt> list = JSON.readValue(raw, ATTEMPTS);
            if (list == null || list.contains(null)) {
                throw new LogtoException(LogtoException.Code.STORAGE_CORRUPT, "the stored sign-in session is corrupt");
            }
            return list;
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new LogtoException(LogtoException.Code.STORAGE_CORRUPT, "the stored sign-in session is corrupt");
        }
    }

    private static List<SignInAttempt> live(List<SignInAttempt> attempts, long now) {
        var result = new ArrayList<SignInAttempt>();
        for (var a : attempts) {
            if (a.createdAt() <= now + 60 && now - a.createdAt() <= SIGN_IN_TTL_SECONDS) {
                result.add(a);
            }
        }
        result.sort(Comparator.comparingLong(SignInAttempt::createdAt));
        return result;
    }

    private LinkedHashMap<String, CachedAccessToken> readTokens() {
        return parseTokens(read(ACCESS_TOKEN_MAP));
    }

    private static LinkedHashMap<String, CachedAccessToken> parseTokens(String raw) {
        if (raw == null || raw.isEmpty()) {
            return new LinkedHashMap<>();
        }
        try {
            LinkedHashMap<String, CachedAccessToken> map = JSON.readValue(raw, TOKEN_MAP);
            if (map == null || map.containsValue(null)) {
                return new LinkedHashMap<>();
            }
            return map;
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            // A cache entry: unreadable means "not cached"; the next write replaces it.
            return new LinkedHashMap<>();
        }
    }

    /**
     * The pending sign-ins as JSON, written by hand (this is on every {@code signIn}): the same text
     * Jackson writes for the records, {@code [{"state":…,"redirectUri":…,"codeVerifier":…,"nonce":…,"createdAt":…,
     * "startedByApp":…,"maxAge":…}]}.
     */
    static String attemptsJson(List<SignInAttempt> attempts) {
        var out = new StringBuilder(attempts.size() * 256);
        out.append('[');
        for (int i = 0; i < attempts.size(); i++) {
            SignInAttempt a = attempts.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"state\":");
            jsonString(out, a.state());
            out.append(",\"redirectUri\":");
            jsonString(out, a.redirectUri());
            out.append(",\"codeVerifier\":");
            jsonString(out, a.codeVerifier());
            out.append(",\"nonce\":");
            jsonString(out, a.nonce());
            out.append(",\"createdAt\":").append(a.createdAt());
            out.append(",\"startedByApp\":").append(a.startedByApp());
            out.append(",\"maxAge\":").append(a.maxAge() == null ? "null" : a.maxAge().toString()).append('}');
        }
        return out.append(']').toString();
    }

    private static void jsonString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize session state", e);
        }
    }

    // Every storage call goes through these three, so that a failing Storage implementation
    // (a session store that is down, a custom class that throws) surfaces as one typed error.
    private String read(String key) {
        try {
            return storage.get(key);
        } catch (LogtoException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    private void write(String key, String value) {
        try {
            storage.set(key, value);
        } catch (LogtoException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    private void remove(String key) {
        try {
            storage.delete(key);
        } catch (LogtoException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    private static LogtoException failed(RuntimeException e) {
        return new LogtoException(LogtoException.Code.STORAGE_FAILED,
                "the session storage failed (" + e.getClass().getSimpleName() + ")", e);
    }

}
