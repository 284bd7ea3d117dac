package io.logto.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays a browser against an application on its real port: keeps cookies, follows no redirect on
 * its own, and maps the application's public URL ({@link TestProvider#BASE_URL}) to the real port.
 */
final class Browser {
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String local;

    Browser(int port) {
        this.local = "http://localhost:" + port;
    }

    /** A path, or a URL of the application's public origin, on the real port. */
    URI at(String pathOrUrl) {
        if (pathOrUrl.startsWith(TestProvider.BASE_URL)) {
            pathOrUrl = pathOrUrl.substring(TestProvider.BASE_URL.length());
        }
        return URI.create(pathOrUrl.startsWith("/") ? local + pathOrUrl : pathOrUrl);
    }

    HttpResponse<String> get(String pathOrUrl, String... headers) {
        var request = HttpRequest.newBuilder(at(pathOrUrl)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    HttpResponse<String> post(String path, String form, String... headers) {
        var request = HttpRequest.newBuilder(at(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /**
     * Signs in as {@code subject} with {@code claimsJson} from {@code path} (a protected page, or
     * the sign-in endpoint): the redirects to Logto, the provider's login form, and the callback.
     *
     * @return the response of the callback (a redirect to where the user was going)
     */
    HttpResponse<String> signIn(String path, String subject, String claimsJson) {
        HttpResponse<String> response = get(path, "Sec-Fetch-Site", "same-origin");
        if (!response.headers().firstValue("Location").orElse("").startsWith(TestProvider.PROVIDER.endpoint())) {
            // A protected page sends to the sign-in endpoint first.
            response = get(location(response), "Sec-Fetch-Site", "same-origin");
        }
        String callback = TestProvider.PROVIDER.login(location(response), subject, claimsJson);
        return get(callback);
    }

    /** The value of the cookie {@code name}, if the browser holds one. */
    java.util.Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(java.net.HttpCookie::getValue).findFirst();
    }

    static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location; HTTP " + response.statusCode() + ": " + response.body()));
    }

    /** The value of the hidden input {@code name} in an HTML page. */
    static String hiddenField(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no field " + name + " in " + html);
        }
        return m.group(1);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
