package io.logto.sdk.storage;

import io.logto.sdk.LogtoException;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The AES-256 keys of {@link EncryptedCookies}, each with a short id that is written into every
 * cookie: the first key encrypts, all of them decrypt. To rotate, put a new key first and keep the
 * old one after it until the cookies it encrypted have been rewritten (each is rewritten with the
 * first key when it is next read) or have expired; then remove it. A cookie whose key was removed
 * reads as signed out.
 *
 * <p>Written as {@code id:key[,id:key…]}, each key 32 random bytes in base64 or base64url, e.g. the
 * environment variable {@code LOGTO_COOKIE_KEYS=k2:…,k1:…}. Make one with
 * {@code openssl rand -base64 32}. {@link #toString()} shows the ids only. Immutable and thread-safe.
 */
public final class CookieKeys {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    private final Map<String, SecretKey> keys;
    private final String currentId;

    private CookieKeys(LinkedHashMap<String, SecretKey> keys) {
        this.keys = java.util.Collections.unmodifiableMap(keys);
        this.currentId = keys.keySet().iterator().next();
    }

    /**
     * Parses {@code id:key[,id:key…]} (blanks around entries ignored).
     *
     * @param spec the keys, the encrypting one first
     * @return the keys
     * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} when empty, an id is repeated or
     *                        not 1–16 of {@code [A-Za-z0-9_-]}, or a key is not 32 bytes of base64; the
     *                        message never contains key material
     */
    public static CookieKeys parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw invalid("no cookie keys: give id:base64key[,id:base64key…], e.g. from `openssl rand -base64 32`");
        }
        var keys = new LinkedHashMap<String, SecretKey>();
        int position = 0;
        for (String entry : spec.split(",")) {
            position++;
            String trimmed = entry.strip();
            int colon = trimmed.indexOf(':');
            if (colon < 0) {
                throw invalid("cookie key " + position + " is not id:base64key");
            }
            String id = trimmed.substring(0, colon);
            if (!ID.matcher(id).matches()) {
                throw invalid("cookie key " + position + " has an id that is not 1-16 of A-Z a-z 0-9 _ -");
            }
            if (keys.put(id, new SecretKeySpec(decode(trimmed.substring(colon + 1), position), "AES")) != null) {
                throw invalid("cookie key id " + id + " appears twice");
            }
        }
        return new CookieKeys(keys);
    }

    /**
     * Keys from raw bytes, the first encrypting.
     *
     * @param keys ids to 32-byte keys, in order
     * @return the keys
     */
    public static CookieKeys of(Map<String, byte[]> keys) {
        var copy = new LinkedHashMap<String, SecretKey>();
        keys.forEach((id, key) -> {
            if (!ID.matcher(Objects.requireNonNull(id, "id")).matches() || key == null || key.length != 32) {
                throw invalid("each cookie key needs an id of 1-16 of A-Z a-z 0-9 _ - and 32 bytes");
            }
            copy.put(id, new SecretKeySpec(key.clone(), "AES"));
        });
        if (copy.isEmpty()) {
            throw invalid("no cookie keys");
        }
        return new CookieKeys(copy);
    }

    /**
     * The id of the key that encrypts.
     *
     * @return the id
     */
    public String currentId() {
        return currentId;
    }

    /**
     * The ids of all keys, the encrypting one first.
     *
     * @return the ids
     */
    public List<String> ids() {
        return new ArrayList<>(keys.keySet());
    }

    SecretKey current() {
        return keys.get(currentId);
    }

    Optional<SecretKey> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    private static byte[] decode(String base64, int position) {
        byte[] bytes;
        try {
            bytes = base64.contains("-") || base64.contains("_")
                    ? Base64.getUrlDecoder().decode(base64.strip()) : Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw invalid("cookie key " + position + " is not base64");
        }
        if (bytes.length != 32) {
            throw invalid("cookie key " + position + " must be 32 bytes (AES-256), it has " + bytes.length);
        }
        return bytes;
    }

    private static LogtoException invalid(String message) {
        return new LogtoException(LogtoException.Code.INVALID_CONFIG, message);
    }

    @Override
    public String toString() {
        return "CookieKeys" + keys.keySet();
    }
}
