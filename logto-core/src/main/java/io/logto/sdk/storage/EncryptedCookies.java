package io.logto.sdk.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.LogtoException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns a session's values into encrypted cookies and back, for apps that keep no session on the
 * server: any node with the keys can read the session the browser sends. Framework-neutral (the
 * servlet adapter and the JDK example bind it to their requests through {@link CookieStorage}).
 *
 * <h2>Format</h2>
 * The values, with the time they were written ({@code {"iat":…,"v":{…}}}, JSON), are encrypted with
 * AES-256-GCM (JDK {@code javax.crypto}; a fresh 96-bit nonce per write) under the first of the
 * {@link CookieKeys}. The authenticated data binds the ciphertext to the format version, the cookie
 * name, the key id and a random session id (22 base64url characters, new at each sign-in). The blob
 * {@code 0x01 | len(kid) | kid | nonce | ciphertext+tag}, base64url, is cut into pieces of at most
 * {@value #MAX_VALUE_CHARS} characters, each in its own cookie {@code <name>-0}, {@code <name>-1}, …
 * whose value is {@code <session id>.<index>.<count>.<piece>}. So each cookie stays under browsers'
 * 4 KB limit, and a piece of another session's cookie is recognised before any decryption.
 * Attributes: {@code Path}, {@code HttpOnly}, {@code SameSite=Lax}, {@code Max-Age}, and under
 * https {@code Secure} with the name prefixed {@code __Host-} (path {@code /}), which a sibling
 * subdomain cannot set. No compression: a length that depends on secrets next to values an attacker
 * chooses (a return path) would leak them.
 *
 * <h2>Reading</h2>
 * A cookie that cannot be read is a session that is not there: {@link #decode} never throws, it
 * reports a {@link Rejection} (malformed, truncated, mixed with another session's, unknown key,
 * tampered with, expired) and empty values. Writing checks the size: a session that needs more than
 * {@link Builder#maxCookies} cookies fails with {@link LogtoException.Code#STORAGE_FAILED} and a
 * message saying how large it is.
 *
 * <p>Immutable and thread-safe: build one per application.
 */
public final class EncryptedCookies {
    /** The longest cookie value written: with the name and attributes, under the 4,096 bytes browsers keep. */
    public static final int MAX_VALUE_CHARS = 3800;
    /** The default cookie name (before the {@code __Host-} prefix and the index). */
    public static final String DEFAULT_NAME = "logto";
    /** The default lifetime of a session cookie and of what it holds: Logto's default refresh-token lifetime. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(14);

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Pattern PIECE = Pattern.compile("[A-Za-z0-9_-]+");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> VALUES = new TypeReference<>() {
    };

    /** Why a cookie read as "no session". */
    public enum Rejection {
        /** Not in this format (another app's cookie under the name, an old format). */
        MALFORMED,
        /** A piece is missing or cut short (the browser dropped one, a proxy truncated it). */
        TRUNCATED,
        /** Pieces of two different sessions: part of another session's cookie was put in. */
        MIXED_SESSIONS,
        /** Encrypted with a key that is no longer configured (removed after a rotation). */
        UNKNOWN_KEY,
        /** The authentication tag does not match: changed, or bound to another name, key or session. */
        TAMPERED,
        /** Written longer ago than the configured maximum age. */
        EXPIRED
    }

    /**
     * One {@code Set-Cookie} header. {@link #toString()} shows the name only.
     *
     * @param name   the cookie name
     * @param value  the value (encrypted), empty for a deletion
     * @param header the whole header value, attributes included
     */
    public record SetCookie(String name, String value, String header) {
        @Override
        public String toString() {
            return "SetCookie{" + name + (value.isEmpty() ? ", deleted" : "") + "}";
        }
    }

    /**
     * What a request's cookies hold.
     *
     * @param values       the session's values (empty when there is no session, or it was rejected)
     * @param sessionId    the session's random id, when a session was read
     * @param rejection    why the cookies were not read, if they were not
     * @param keyId        the id of the key they were encrypted with, when read
     * @param writtenAt    when they were written (epoch seconds), when read
     */
    public record Decoded(Map<String, String> values, Optional<String> sessionId, Optional<Rejection> rejection,
                          Optional<String> keyId, long writtenAt) {
        /**
         * Copies the values.
         *
         * @param values    the values
         * @param sessionId the session id
         * @param rejection the rejection
         * @param keyId     the key id
         * @param writtenAt when written
         */
        public Decoded {
            values = Map.copyOf(values);
        }

        static Decoded none() {
            return new Decoded(Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), 0);
        }

        static Decoded rejected(Rejection why) {
            return new Decoded(Map.of(), Optional.empty(), Optional.of(why), Optional.empty(), 0);
        }

        @Override
        public String toString() {
            return "Decoded{keys=" + values.keySet() + ", rejection=" + rejection + ", keyId=" + keyId + "}";
        }
    }

    private final CookieKeys keys;
    private final String baseName;
    private final String path;
    private final boolean secure;
    private final Duration maxAge;
    private final int maxCookies;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private EncryptedCookies(Builder b) {
        this.keys = b.keys;
        this.secure = b.secure;
        this.path = b.path;
        // __Host- cookies must be Secure, Path=/ and have no Domain: then no other host can set them.
        this.baseName = (secure && path.equals("/") ? "__Host-" : "") + b.name;
        this.maxAge = b.maxAge;
        this.maxCookies = b.maxCookies;
        this.clock = b.clock;
    }

    /**
     * A builder with the defaults: name {@value #DEFAULT_NAME}, {@code Secure}, path {@code /},
     * 14 days, at most 4 cookies.
     *
     * @param keys the keys
     * @return the builder
     */
    public static Builder builder(CookieKeys keys) {
        return new Builder(keys);
    }

    /**
     * Whether {@code cookieName} is one of this session's cookies.
     *
     * @param cookieName a cookie's name
     * @return whether it is ours
     */
    public boolean isOurs(String cookieName) {
        if (cookieName == null || !cookieName.startsWith(baseName + "-")) {
            return false;
        }
        String index = cookieName.substring(baseName.length() + 1);
        // "<name>-" has no index: not ours (and not a number to parse).
        return !index.isEmpty() && index.length() <= 2 && index.chars().allMatch(Character::isDigit) && Integer.parseInt(index) < maxCookies;
    }

    /**
     * The name of the cookie with piece {@code index}.
     *
     * @param index the piece's index
     * @return {@code <name>-<index>}
     */
    public String cookieName(int index) {
        return baseName + "-" + index;
    }

    /**
     * A new random session id (at sign-in, in place of a session-id change).
     *
     * @return 22 base64url characters
     */
    public String newSessionId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Reads the session from a request's cookies (other cookies are ignored). Never throws.
     *
     * @param cookies the request's cookies, name to value
     * @return the values, or the reason they could not be read
     */
    public Decoded decode(Map<String, String> cookies) {
        String first = unquoted(cookies.get(cookieName(0)));
        if (first == null || first.isEmpty()) {
            return Decoded.none();
        }
        String[] head = first.split("\\.", -1);
        if (head.length != 4 || !SESSION_ID.matcher(head[0]).matches() || !head[1].equals("0")) {
            return Decoded.rejected(Rejection.MALFORMED);
        }
        String sessionId = head[0];
        int count;
        try {
            count = Integer.parseInt(head[2]);
        } catch (NumberFormatException e) {
            return Decoded.rejected(Rejection.MALFORMED);
        }
        if (count < 1 || count > maxCookies) {
            return Decoded.rejected(Rejection.MALFORMED);
        }
        var blob = new StringBuilder(head[3]);
        for (int i = 1; i < count; i++) {
            String piece = unquoted(cookies.get(cookieName(i)));
            if (piece == null || piece.isEmpty()) {
                return Decoded.rejected(Rejection.TRUNCATED);
            }
            String[] parts = piece.split("\\.", -1);
            if (parts.length != 4) {
                return Decoded.rejected(Rejection.MALFORMED);
            }
            if (!parts[0].equals(sessionId)) {
                return Decoded.rejected(Rejection.MIXED_SESSIONS);
            }
            if (!parts[1].equals(Integer.toString(i)) || !parts[2].equals(head[2])) {
                return Decoded.rejected(Rejection.MIXED_SESSIONS);
            }
            blob.append(parts[3]);
        }
        return open(sessionId, blob.toString());
    }

    /**
     * The value without the double quotes RFC 6265 allows around it (RFC 2965 clients such as
     * {@code java.net.CookieManager} add them, and some containers pass them on).
     */
    private static String unquoted(String value) {
        return value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private Decoded open(String sessionId, String base64) {
        if (!PIECE.matcher(base64).matches()) {
            return Decoded.rejected(Rejection.MALFORMED);
        }
        ByteBuffer in;
        try {
            in = ByteBuffer.wrap(Base64.getUrlDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return Decoded.rejected(Rejection.TRUNCATED);
        }
        if (in.remaining() < 2) {
            return Decoded.rejected(Rejection.TRUNCATED);
        }
        if (in.get() != VERSION) {
            return Decoded.rejected(Rejection.MALFORMED);
        }
        int kidLength = in.get() & 0xff;
        if (kidLength < 1 || in.remaining() < kidLength + NONCE_BYTES + TAG_BITS / 8) {
            return Decoded.rejected(Rejection.TRUNCATED);
        }
        byte[] kidBytes = new byte[kidLength];
        in.get(kidBytes);
        String keyId = new String(kidBytes, StandardCharsets.US_ASCII);
        Optional<SecretKey> key = keys.byId(keyId);
        if (key.isEmpty()) {
            return Decoded.rejected(Rejection.UNKNOWN_KEY);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        byte[] plaintext;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(sessionId, keyId));
            plaintext = cipher.doFinal(in.array(), in.position(), in.remaining());
        } catch (AEADBadTagException e) {
            return Decoded.rejected(Rejection.TAMPERED);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is always available", e);
        }
        return readPayload(plaintext, sessionId, keyId);
    }

    private Decoded readPayload(byte[] plaintext, String sessionId, String keyId) {
        try {
            JsonNode payload = JSON.readTree(plaintext);
            if (payload == null || !payload.path("iat").canConvertToLong() || !payload.path("v").isObject()) {
                return Decoded.rejected(Rejection.MALFORMED);
            }
            long writtenAt = payload.get("iat").asLong();
            if (clock.instant().getEpochSecond() - writtenAt > maxAge.toSeconds()) {
                return Decoded.rejected(Rejection.EXPIRED);
            }
            Map<String, String> values = JSON.convertValue(payload.get("v"), VALUES);
            return new Decoded(values, Optional.of(sessionId), Optional.empty(), Optional.of(keyId), writtenAt);
        } catch (IOException | IllegalArgumentException e) {
            return Decoded.rejected(Rejection.MALFORMED);
        }
    }

    /**
     * The {@code Set-Cookie} headers that store {@code values} for the session {@code sessionId}, and
     * delete those of {@code previousNames} (the request's cookies of ours) no longer used. No
     * values: only deletions.
     *
     * @param values        the session's values
     * @param sessionId     the session's id ({@link #newSessionId()})
     * @param previousNames the names of our cookies the browser sent
     * @return the headers
     * @throws LogtoException {@link LogtoException.Code#STORAGE_FAILED} when the session does not fit
     *                        in the configured number of cookies
     */
    public List<SetCookie> encode(Map<String, String> values, String sessionId, Collection<String> previousNames) {
        if (!SESSION_ID.matcher(Objects.requireNonNull(sessionId, "sessionId")).matches()) {
            throw new IllegalArgumentException("not a session id from newSessionId()");
        }
        var out = new ArrayList<SetCookie>();
        int used = 0;
        if (!values.isEmpty()) {
            String blob = seal(values, sessionId);
            int room = MAX_VALUE_CHARS - sessionId.length() - 8;
            used = (blob.length() + room - 1) / room;
            if (used > maxCookies) {
                throw new LogtoException(LogtoException.Code.STORAGE_FAILED, "the session does not fit in cookies: "
                        + blob.length() + " characters encrypted need " + used + " cookies of at most "
                        + MAX_VALUE_CHARS + ", and at most " + maxCookies + " are allowed (EncryptedCookies.Builder."
                        + "maxCookies; the server's request-header limit must allow them too). Ask for fewer API "
                        + "resources or organizations per session, or keep sessions on the server");
            }
            for (int i = 0; i < used; i++) {
                String piece = blob.substring(i * room, Math.min(blob.length(), (i + 1) * room));
                String value = sessionId + "." + i + "." + used + "." + piece;
                out.add(new SetCookie(cookieName(i), value, header(cookieName(i), value, maxAge.toSeconds())));
            }
        }
        for (String previous : previousNames) {
            if (isOurs(previous) && Integer.parseInt(previous.substring(baseName.length() + 1)) >= used) {
                out.add(new SetCookie(previous, "", header(previous, "", 0)));
            }
        }
        return out;
    }

    private String seal(Map<String, String> values, String sessionId) {
        byte[] plaintext;
        try {
            var payload = new LinkedHashMap<String, Object>();
            payload.put("iat", clock.instant().getEpochSecond());
            payload.put("v", new TreeMap<>(values));
            plaintext = JSON.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new IllegalStateException("string values always serialize", e);
        }
        String keyId = keys.currentId();
        byte[] kid = keyId.getBytes(StandardCharsets.US_ASCII);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.current(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(sessionId, keyId));
            byte[] sealed = cipher.doFinal(plaintext);
            ByteBuffer out = ByteBuffer.allocate(2 + kid.length + NONCE_BYTES + sealed.length);
            out.put(VERSION).put((byte) kid.length).put(kid).put(nonce).put(sealed);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is always available", e);
        }
    }

    /** What the tag also covers: a ciphertext moved to another name, key id or session does not open. */
    private byte[] associatedData(String sessionId, String keyId) {
        return ("logto-session-cookie.v1|" + baseName + "|" + keyId + "|" + sessionId).getBytes(StandardCharsets.US_ASCII);
    }

    private String header(String name, String value, long maxAgeSeconds) {
        return name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }

    /**
     * The key ring.
     *
     * @return the keys
     */
    public CookieKeys keys() {
        return keys;
    }

    @Override
    public String toString() {
        return "EncryptedCookies{name=" + baseName + ", path=" + path + ", secure=" + secure + ", maxAge=" + maxAge
                + ", maxCookies=" + maxCookies + ", " + keys + "}";
    }

    /** Configures {@link EncryptedCookies}. Not thread-safe. */
    public static final class Builder {
        private final CookieKeys keys;
        private String name = DEFAULT_NAME;
        private String path = "/";
        private boolean secure = true;
        private Duration maxAge = DEFAULT_MAX_AGE;
        private int maxCookies = 4;
        private Clock clock = Clock.systemUTC();

        private Builder(CookieKeys keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
        }

        /**
         * The cookie name, before the {@code __Host-} prefix and the index (default {@value #DEFAULT_NAME}).
         *
         * @param name letters, digits, {@code _} and {@code -}
         * @return this builder
         */
        public Builder name(String name) {
            if (name == null || !name.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new LogtoException(LogtoException.Code.INVALID_CONFIG, "the cookie name must be 1-32 of A-Z a-z 0-9 _ -");
            }
            this.name = name;
            return this;
        }

        /**
         * The cookies' path: the application's context path (default {@code /}).
         *
         * @param path an absolute path
         * @return this builder
         */
        public Builder path(String path) {
            if (path == null || !path.matches("/[A-Za-z0-9._~!$&'()*+=:@/-]*")) {
                throw new LogtoException(LogtoException.Code.INVALID_CONFIG, "the cookie path must be an absolute path");
            }
            this.path = path;
            return this;
        }

        /**
         * Whether the cookies are {@code Secure} (sent over https only; default {@code true}). Only an
         * app served over plain http on loopback needs {@code false}.
         *
         * @param secure whether to mark them {@code Secure}
         * @return this builder
         */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /**
         * How long the browser keeps the cookies, and how old a session written into them may be when
         * read (default 14 days; every write renews it).
         *
         * @param maxAge the age
         * @return this builder
         */
        public Builder maxAge(Duration maxAge) {
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new LogtoException(LogtoException.Code.INVALID_CONFIG, "maxAge must be positive");
            }
            this.maxAge = maxAge;
            return this;
        }

        /**
         * The most cookies a session may use (default 4, about 15 KB; 1–20). Servers limit request
         * headers (Jetty and Tomcat to 8 KB by default): raise their limit before raising this.
         *
         * @param maxCookies the count
         * @return this builder
         */
        public Builder maxCookies(int maxCookies) {
            if (maxCookies < 1 || maxCookies > 20) {
                throw new LogtoException(LogtoException.Code.INVALID_CONFIG, "maxCookies must be 1-20");
            }
            this.maxCookies = maxCookies;
            return this;
        }

        /**
         * The clock of the written-at time (tests).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the codec.
         *
         * @return the codec
         */
        public EncryptedCookies build() {
            return new EncryptedCookies(this);
        }
    }
}
