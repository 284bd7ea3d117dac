package io.logto.sdk.servlet;

import io.logto.sdk.storage.Storage;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * The session's synchronizer token, which proves that a state-changing request (sign-out, a sign-in
 * confirmed on the adapter's page) was sent by a page of this application: another site can make
 * the browser send the session cookie, but it cannot read the token out of our pages.
 *
 * <p>One random token per session (32 bytes from a CSPRNG), kept as the session attribute
 * {@code logto.servlet.csrfToken}, compared in constant time. It is replaced at sign-in (a value
 * seen before sign-in is worth nothing after it) and forgotten at sign-out. On top of the token, a
 * request the browser marks {@code Sec-Fetch-Site: cross-site}, or whose {@code Origin} is another
 * origin than the configured base URL's, is refused. Stateless and thread-safe.
 */
final class CsrfToken {
    /** The storage key (session attribute {@code logto.servlet.csrfToken}). */
    static final String KEY = "servlet.csrfToken";

    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfToken() {
    }

    /** The session's token, created (with the session) when there is none yet. */
    static String of(HttpServletRequest request) {
        Storage storage = new HttpSessionStorage(request);
        synchronized (storage.mutex()) {
            String token = storage.get(KEY);
            if (token == null || token.isEmpty()) {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                storage.set(KEY, token);
            }
            return token;
        }
    }

    /** Forgets the session's token; the next {@link #of} makes a new one. */
    static void forget(HttpServletRequest request) {
        new HttpSessionStorage(request).delete(KEY);
    }

    /**
     * Whether {@code request} comes from a page of this application: not marked cross-site by the
     * browser, no foreign {@code Origin}, and the session's token in the form field
     * {@value SignOutForm#PARAMETER} or the header {@value SignOutForm#HEADER}.
     */
    static boolean accepts(HttpServletRequest request, LogtoServletConfig config) {
        if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
            return false;
        }
        String origin = request.getHeader("Origin");
        // "null" is sent for privacy reasons (Referrer-Policy: no-referrer, …): then the token decides.
        if (origin != null && !origin.equals("null") && !origin(origin).equals(origin(config.baseUrl().toString()))) {
            return false;
        }
        String submitted = request.getHeader(SignOutForm.HEADER);
        if (submitted == null) {
            String[] values = request.getParameterValues(SignOutForm.PARAMETER);
            submitted = values != null && values.length == 1 ? values[0] : null;
        }
        String expected = new HttpSessionStorage(request).get(KEY);
        return submitted != null && expected != null && !expected.isEmpty()
                && MessageDigest.isEqual(submitted.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code scheme://host[:port]} in lower case without the default port; empty when unparsable. */
    static String origin(String url) {
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "";
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443)
                    || (scheme.equals("http") && port == 80);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return "";
        }
    }
}
