package io.logto.sdk.oidc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads loosely typed JSON claim values (a string or an array, a number of any kind). */
final class ClaimValues {
    private ClaimValues() {
    }

    static List<String> stringList(Object value) {
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
        return out;
    }

    static Long epochSeconds(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }
}
