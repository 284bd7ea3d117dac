package io.logto.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.oidc.ClaimValues;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads named claims out of a JSON object, remembering which it read so that the rest become
 * {@code extra()}; {@link ClaimValues} coerces each value. Also decodes a JWT's payload without
 * verifying it (only for tokens that were verified when stored, or that are the resource server's
 * business). Not thread-safe; one per record.
 */
final class ClaimReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final Map<String, Object> claims;
    private final Set<String> read = new HashSet<>();

    ClaimReader(Map<String, Object> claims) {
        this.claims = claims;
    }

    /** The payload of a compact JWS, or an exception with {@code code} when it is not one. */
    static Map<String, Object> decodePayload(String jwt, LogtoException.Code code, String what) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new LogtoException(code, what + " is not a JWT");
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(parts[1]);
            LinkedHashMap<String, Object> map = JSON.readValue(json, MAP);
            if (map == null) {
                throw new LogtoException(code, what + " has no claims");
            }
            return map;
        } catch (IllegalArgumentException | IOException e) {
            throw new LogtoException(code, what + " cannot be decoded");
        }
    }

    /** {@code claims} with every nested object and array unmodifiable, so that the result can be shared. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> unmodifiable(Map<String, Object> claims) {
        return (Map<String, Object>) freeze(claims);
    }

    private static Object freeze(Object value) {
        if (value instanceof Map<?, ?> m) {
            var out = new LinkedHashMap<String, Object>();
            m.forEach((k, v) -> out.put(String.valueOf(k), freeze(v)));
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof Collection<?> c) {
            var out = new ArrayList<Object>(c.size());
            c.forEach(v -> out.add(freeze(v)));
            return Collections.unmodifiableList(out);
        }
        return value;
    }

    String requiredString(String name, LogtoException.Code code) {
        return string(name).orElseThrow(() -> new LogtoException(code, "claim '" + name + "' is missing"));
    }

    Optional<String> string(String name) {
        return ClaimValues.string(read(name));
    }

    Optional<Boolean> bool(String name) {
        return ClaimValues.bool(read(name));
    }

    long epochSeconds(String name) {
        return ClaimValues.epochSeconds(read(name)).orElse(0L);
    }

    List<String> stringList(String name) {
        return ClaimValues.stringList(read(name));
    }

    Map<String, Object> object(String name) {
        return ClaimValues.object(read(name));
    }

    private Object read(String name) {
        read.add(name);
        return claims.get(name);
    }

    /** Every claim not read so far. */
    Map<String, Object> extra() {
        var out = new LinkedHashMap<String, Object>();
        claims.forEach((k, v) -> {
            if (!read.contains(k) && v != null) {
                out.put(k, v);
            }
        });
        return Collections.unmodifiableMap(out);
    }
}
