package io.logto.examples.pages;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The claims of an SDK claims record ({@code IdTokenClaims}, {@code UserInfoResponse},
 * {@code AccessTokenClaims}) as name/value rows, in the record's order, followed by the claims in
 * its {@code extra()} map. Absent and empty values are left out. Times ({@code exp}, {@code iat},
 * {@code auth_time}, {@code updated_at}, …) show as ISO-8601 instants, whether the claim counts
 * seconds (OIDC) or milliseconds (Logto's userinfo {@code updated_at} and {@code created_at}).
 * Stateless and thread-safe.
 */
public final class ClaimRows {
    /** Claims that are instants: OIDC's in seconds; Logto's user fields in milliseconds. */
    private static final Set<String> TIMES = Set.of("exp", "iat", "nbf", "auth_time", "updated_at", "created_at",
            "last_sign_in_at");
    /** Above this a count is milliseconds: in seconds it would be after the year 5000. */
    private static final long MILLISECONDS_FROM = 100_000_000_000L;

    private ClaimRows() {
    }

    /** {@code value} as an ISO-8601 instant when {@code name} is a time claim holding a number, else as text. */
    static String text(String name, Object value) {
        if (TIMES.contains(name) && value instanceof Number number && !(value instanceof Double || value instanceof Float)) {
            long count = number.longValue();
            Instant instant = Math.abs(count) >= MILLISECONDS_FROM ? Instant.ofEpochMilli(count) : Instant.ofEpochSecond(count);
            return instant.truncatedTo(ChronoUnit.SECONDS).toString();
        }
        return String.valueOf(value);
    }

    /** One row: the accessor name (or the raw claim name for extras) and the value as text. */
    public record Row(String name, String value) {
    }

    /** The rows of {@code claims}. */
    public static List<Row> of(Record claims) {
        var rows = new ArrayList<Row>();
        for (RecordComponent component : claims.getClass().getRecordComponents()) {
            Object value = read(component, claims);
            if (component.getName().equals("extra") && value instanceof Map<?, ?> extra) {
                extra.forEach((name, v) -> add(rows, String.valueOf(name), v));
            } else {
                add(rows, component.getName(), value);
            }
        }
        return rows;
    }

    private static void add(List<Row> rows, String name, Object value) {
        Object v = value instanceof Optional<?> optional ? optional.orElse(null) : value;
        if (v == null || (v instanceof String text && text.isEmpty()) || (v instanceof Collection<?> c && c.isEmpty()) || (v instanceof Map<?, ?> m && m.isEmpty())) {
            return;
        }
        rows.add(new Row(name, text(name, v)));
    }

    private static Object read(RecordComponent component, Record claims) {
        try {
            return component.getAccessor().invoke(claims);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read claim " + component.getName(), e);
        }
    }
}
