package io.logto.examples.jdkserver;

import com.sun.net.httpserver.HttpExchange;
import io.logto.sdk.storage.CookieStorage;
import io.logto.sdk.storage.EncryptedCookies;
import io.logto.sdk.storage.Storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session kept in the browser, in encrypted cookies ({@link EncryptedCookies}): the server keeps
 * nothing, so any number of copies of this app behind a load balancer serve any user, sharing only
 * the keys ({@code LOGTO_COOKIE_KEYS}). This class is the whole binding of logto-core's
 * {@link CookieStorage} to the JDK's HTTP server — how any framework does it: give it the request's
 * cookies, and let it replace the response's {@code Set-Cookie} headers of the session's cookies
 * until the response starts.
 */
final class EncryptedCookieSession implements BrowserSession {
    private static final String CSRF_TOKEN = "csrfToken";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CookieStorage storage;

    EncryptedCookieSession(EncryptedCookies cookies, HttpExchange exchange) {
        this.storage = new CookieStorage(cookies, requestCookies(exchange), new CookieStorage.Sink() {
            @Override
            public boolean canWrite() {
                // The JDK server sends the headers with sendResponseHeaders, which sets the code.
                return exchange.getResponseCode() == -1;
            }

            @Override
            public void write(List<EncryptedCookies.SetCookie> headers) {
                List<String> setCookies = exchange.getResponseHeaders().computeIfAbsent("Set-Cookie", k -> new ArrayList<>());
                setCookies.removeIf(header -> cookies.isOurs(header.substring(0, Math.max(0, header.indexOf('=')))));
                headers.forEach(header -> setCookies.add(header.header()));
            }
        });
    }

    @Override
    public Storage storage() {
        return storage;
    }

    @Override
    public String csrfToken() {
        synchronized (storage.mutex()) {
            String token = storage.get(CSRF_TOKEN);
            if (token == null) {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                storage.set(CSRF_TOKEN, token);
            }
            return token;
        }
    }

    @Override
    public boolean isCsrfToken(String candidate) {
        String token = storage.get(CSRF_TOKEN);
        return token != null && candidate != null && MessageDigest.isEqual(
                token.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void markSignedIn() {
        storage.delete(CSRF_TOKEN);
        storage.renewSessionId();
    }

    @Override
    public void invalidate() {
        // The SDK's sign-out removed its values; with the token gone the session is empty and its cookies deleted.
        storage.delete(CSRF_TOKEN);
    }

    /** The request's cookies by name (the first of a name wins). */
    private static Map<String, String> requestCookies(HttpExchange exchange) {
        var cookies = new HashMap<String, String>();
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                String name = eq > 0 ? pair.substring(0, eq).strip() : "";
                if (!name.isEmpty() && !name.startsWith("$")) {
                    // RFC 6265 lets a value come in double quotes (RFC 2965 clients, e.g. java.net.CookieManager, send them).
                    String value = pair.substring(eq + 1).strip();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    cookies.putIfAbsent(name, value);
                }
            }
        }
        return cookies;
    }
}
