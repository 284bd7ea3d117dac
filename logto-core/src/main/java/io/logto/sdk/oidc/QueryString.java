package io.logto.sdk.oidc;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds and parses URL query strings ({@code application/x-www-form-urlencoded}). */
public final class QueryString {
    private QueryString() {
    }

    /**
     * {@code base} with the parameters appended to its query; {@code null} or empty values are left
     * out, and names may repeat (e.g. several {@code resource}).
     *
     * @param base the URL to append to
     * @param params the parameters, in order; names may repeat
     * @return {@code base} with the parameters appended to its query
     */
    public static URI append(URI base, List<Map.Entry<String, String>> params) {
        var query = new StringBuilder(base.getRawQuery() == null ? "" : base.getRawQuery());
        for (var p : params) {
            if (p.getValue() == null || p.getValue().isEmpty()) {
                continue;
            }
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(encode(p.getKey())).append('=').append(encode(p.getValue()));
        }
        String s = base.toString();
        int cut = s.indexOf('?');
        String prefix = cut < 0 ? s : s.substring(0, cut);
        int hash = prefix.indexOf('#');
        prefix = hash < 0 ? prefix : prefix.substring(0, hash);
        return URI.create(query.length() == 0 ? prefix : prefix + "?" + query);
    }

    /**
     * The query's parameters, each name with all its values in order.
     *
     *
     * @param rawQuery the raw (still encoded) query, or {@code null}
     * @return the query's parameters, each name with all its values in order
     * @throws IllegalArgumentException when the query is not valid form encoding
     */
    public static Map<String, List<String>> parse(String rawQuery) {
        var params = new LinkedHashMap<String, List<String>>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
