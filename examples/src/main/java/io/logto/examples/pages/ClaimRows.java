package io.logto.examples.pages;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of an SDK claims record ({@code IdTokenClaims}, {@code UserInfoResponse},
 * {@code AccessTokenClaims}) as name/value rows, in the record's order, followed by the claims in
 * its {@code extra()} map. Absent and empty values are left out. Stateless and thread-safe.
 */
public final class ClaimRows {
    private ClaimRows() {
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
        rows.add(new Row(name, String.valueOf(v)));
    }

    private static Object read(RecordComponent component, Record claims) {
        try {
            return component.getAccessor().invoke(claims);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read claim " + component.getName(), e);
        }
    }
}
