package io.logto.sdk.oidc;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds and parses URL query strings ({@code application/x-www-form-urlencoded}). */
public final class QueryString {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

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
        return URI.create(appendToString(base, params));
    }

    /**
     * {@link #append} as a string, without parsing the result again: every value is
     * percent-encoded here, so the result is a valid URI whenever {@code base} is.
     *
     * @param base the URL to append to
     * @param params the parameters, in order; names may repeat
     * @return {@code base} with the parameters appended to its query
     */
    public static String appendToString(URI base, List<Map.Entry<String, String>> params) {
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
        return query.length() == 0 ? prefix : prefix + "?" + query;
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

    /**
     * {@code URLEncoder.encode(value, UTF_8)} with {@code %20} for a space, in one pass: letters,
     * digits and {@code . - * _} stay, everything else becomes {@code %XX} of its UTF-8 bytes (a lone
     * surrogate as {@code ?}, like URLEncoder).
     */
    static String encode(String value) {
        StringBuilder out = null;
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (isUnreserved(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(length + 16).append(value, 0, i);
            }
            if (c < 0x80) {
                appendEscaped(out, c);
            } else {
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < length && Character.isLowSurrogate(value.charAt(end))) {
                    end++;
                }
                for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    appendEscaped(out, b & 0xff);
                }
                i = end - 1;
            }
        }
        return out == null ? value : out.toString();
    }

    private static boolean isUnreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '.' || c == '-' || c == '*' || c == '_';
    }

    private static void appendEscaped(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
    }
}
