package io.logto.sdk.oidc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads loosely typed JSON claim values: a string or an array of strings, a number of any kind, an
 * object. A value of another type reads as absent, never as an error. The one place the SDK coerces
 * claims, for the claim records and the token checks alike. Stateless and thread-safe.
 */
public final class ClaimValues {
    private ClaimValues() {
    }

    /**
     * The strings of a claim that may be one string or an array.
     *
     * @param value the claim's JSON value
     * @return the strings, unmodifiable; non-string array members are left out
     */
    public static List<String> stringList(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        var out = new ArrayList<String>();
        if (value instanceof Collection<?> c) {
            for (Object o : c) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * A time claim ({@code exp}, {@code iat}) in epoch seconds.
     *
     * @param value the claim's JSON value
     * @return the number, truncated to a whole second; empty when it is not a number
     */
    public static Optional<Long> epochSeconds(Object value) {
        return value instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }

    /**
     * A string claim.
     *
     * @param value the claim's JSON value
     * @return the string; empty when it is not one
     */
    public static Optional<String> string(Object value) {
        return value instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /**
     * A boolean claim.
     *
     * @param value the claim's JSON value
     * @return the boolean; empty when it is not one
     */
    public static Optional<Boolean> bool(Object value) {
        return value instanceof Boolean b ? Optional.of(b) : Optional.empty();
    }

    /**
     * An object claim ({@code custom_data}, {@code identities}).
     *
     * @param value the claim's JSON value
     * @return its members, unmodifiable; empty when it is not an object
     */
    public static Map<String, Object> object(Object value) {
        if (value instanceof Map<?, ?> m) {
            var out = new LinkedHashMap<String, Object>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return Collections.unmodifiableMap(out);
        }
        return Map.of();
    }
}
