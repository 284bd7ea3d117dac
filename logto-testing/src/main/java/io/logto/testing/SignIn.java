package io.logto.testing;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One started sign-in as the browser sees it: the authorization URL and its parameters, and
 * ways to build the callback Logto would send.
 *
 * @param url         the authorization URL
 * @param params      its query parameters, each name with all its values
 * @param redirectUri the redirect URI of the sign-in
 * @param issuer      the issuer, sent back as {@code iss}
 */
public record SignIn(URI url, Map<String, List<String>> params, String redirectUri, String issuer) {
    /** The code the fake provider hands out. */
    public static final String CODE = "code-4b7d1f";

    /** Parses an authorization URL. */
    public static SignIn of(String url, String redirectUri, String issuer) {
        URI uri = URI.create(url);
        return new SignIn(uri, query(uri.getRawQuery()), redirectUri, issuer);
    }

    /** The single value of {@code name}, or {@code null}. */
    public String param(String name) {
        List<String> values = params.get(name);
        return values == null ? null : values.get(0);
    }

    /** The {@code state} sent. */
    public String state() {
        return param("state");
    }

    /** The {@code nonce} sent. */
    public String nonce() {
        return param("nonce");
    }

    /** The success callback: {@code code}, {@code state} and {@code iss}. */
    public String callback() {
        return callbackWithCode(CODE);
    }

    /** The success callback with another {@code code}. */
    public String callbackWithCode(String code) {
        return redirectUri + "?code=" + enc(code) + "&state=" + enc(state()) + "&iss=" + enc(issuer);
    }

    /** A callback to {@code redirectUri} with exactly the given raw query. */
    public String callbackWithQuery(String rawQuery) {
        return redirectUri + "?" + rawQuery;
    }

    /** URL-encodes a value. */
    public static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Parses a raw query. */
    public static Map<String, List<String>> query(String rawQuery) {
        var params = new LinkedHashMap<String, List<String>>();
        if (rawQuery == null) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }
}
