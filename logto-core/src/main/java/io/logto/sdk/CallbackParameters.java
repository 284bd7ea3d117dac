package io.logto.sdk;

import io.logto.sdk.oidc.QueryString;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a callback URI, parsed strictly: a parameter that appears twice is an attack
 * or a bug, never "take the first". Holds the authorization code: no {@code toString} of values.
 */
record CallbackParameters(URI uri, Optional<String> code, Optional<String> state, Optional<String> iss,
                          Optional<String> error, Optional<String> errorDescription) {
    /** Longest callback URI accepted. */
    static final int MAX_LENGTH = 8 * 1024;
    private static final List<String> SINGLE = List.of("code", "state", "iss", "error", "error_description");

    static CallbackParameters parse(String callbackUri) {
        if (callbackUri == null || callbackUri.isEmpty() || callbackUri.length() > MAX_LENGTH) {
            throw invalid("the callback URI is missing or too long");
        }
        URI uri;
        Map<String, List<String>> params;
        try {
            uri = new URI(callbackUri);
            params = QueryString.parse(uri.getRawQuery());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw invalid("the callback URI cannot be parsed");
        }
        for (String name : SINGLE) {
            if (params.getOrDefault(name, List.of()).size() > 1) {
                throw invalid("the callback has more than one '" + name + "' parameter");
            }
        }
        return new CallbackParameters(uri, one(params, "code"), one(params, "state"), one(params, "iss"),
                one(params, "error"), one(params, "error_description"));
    }

    /**
     * Whether the callback arrived at {@code redirectUri}: same scheme, host, port and path
     * (case-insensitive scheme and host, default ports filled in).
     */
    boolean arrivedAt(String redirectUri) {
        try {
            URI expected = new URI(redirectUri);
            return lower(expected.getScheme()).equals(lower(uri.getScheme()))
                    && lower(expected.getHost()).equals(lower(uri.getHost()))
                    && port(expected) == port(uri)
                    && path(expected).equals(path(uri));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static String path(URI u) {
        String p = u.getRawPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : "http".equalsIgnoreCase(u.getScheme()) ? 80 : -1;
    }

    private static Optional<String> one(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.get(0).isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static LogtoException invalid(String why) {
        return new LogtoException(LogtoException.Code.CALLBACK_INVALID, why);
    }

    @Override
    public String toString() {
        return "CallbackParameters{path=" + uri.getRawPath() + ", hasCode=" + code.isPresent()
                + ", error=" + error.orElse("") + "}";
    }
}
