package io.logto.sdk.servlet;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One user's browser: keeps cookies, follows no redirect by itself (the tests look at each hop).
 * The provider's login form is "filled in" by posting a username (the user's {@code sub}) and a
 * {@code name} claim to the authorization URL.
 */
final class Browser {
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    HttpResponse<String> post(String url, String form) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** GET with extra request headers, e.g. the {@code Sec-Fetch-Site} a real browser adds. */
    HttpResponse<String> get(String url, String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(URI.create(url)), headers).GET().build());
    }

    /** A form POST with extra request headers, e.g. {@code Origin} and {@code Sec-Fetch-Site}. */
    HttpResponse<String> post(String url, String form, String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(URI.create(url)), headers)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /**
     * Signs out as a person does: opens a page with the app's sign-out button ({@code /account} of
     * {@link TestPages}) and submits its form, with the headers a browser sends for a same-origin POST.
     *
     * @return the sign-out endpoint's answer
     */
    HttpResponse<String> signOut(String baseUrl) {
        return submitForm(baseUrl, get(baseUrl + "/account").body());
    }

    /** Submits the (first) form of {@code page}: its action, its hidden fields, as a same-origin POST. */
    HttpResponse<String> submitForm(String baseUrl, String page) {
        var action = java.util.regex.Pattern.compile("<form method=\"post\" action=\"([^\"]*)\"").matcher(page);
        if (!action.find()) {
            throw new AssertionError("no form in: " + page);
        }
        var fields = new StringBuilder();
        var hidden = java.util.regex.Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")
                .matcher(page);
        while (hidden.find()) {
            fields.append(fields.length() == 0 ? "" : "&").append(enc(unescape(hidden.group(1)))).append('=')
                    .append(enc(unescape(hidden.group(2))));
        }
        return post(unescape(action.group(1)), fields.toString(), "Origin", origin(baseUrl),
                "Sec-Fetch-Site", "same-origin");
    }

    private static HttpRequest.Builder withHeaders(HttpRequest.Builder builder, String... headers) {
        return headers.length == 0 ? builder : builder.headers(headers);
    }

    /** The hidden anti-forgery token on {@code page}, or empty. */
    static Optional<String> csrfToken(String page) {
        var token = java.util.regex.Pattern.compile("name=\"logto_csrf\" value=\"([^\"]*)\"").matcher(page);
        return token.find() ? Optional.of(token.group(1)) : Optional.empty();
    }

    static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    /** GETs {@code url} and follows redirects (GET) up to the first non-redirect answer. */
    HttpResponse<String> follow(String url) {
        HttpResponse<String> response = get(url);
        for (int hops = 0; isRedirect(response) && hops < 10; hops++) {
            response = get(location(response));
        }
        return response;
    }

    /**
     * Signs in at the provider on the authorization page {@code authorizeUrl} as {@code sub}.
     *
     * @return the provider's redirect to the app's callback (with code and state)
     */
    String loginAtProvider(String authorizeUrl, String sub, String name) {
        HttpResponse<String> form = get(authorizeUrl);
        if (form.statusCode() != 200) {
            throw new AssertionError("the provider did not show its login form: " + form.statusCode());
        }
        String claims = "{\"name\":\"" + name + "\",\"email\":\"" + sub + "@example.com\"}";
        HttpResponse<String> login = post(authorizeUrl, "username=" + enc(sub) + "&claims=" + enc(claims));
        if (login.statusCode() != 302) {
            throw new AssertionError("the provider did not accept the login: " + login.statusCode());
        }
        return location(login);
    }

    /**
     * The whole sign-in from a protected page: page → sign-in → provider login → callback → page.
     *
     * @return the page's final answer
     */
    HttpResponse<String> signIn(String pageUrl, String sub, String name) {
        HttpResponse<String> toSignIn = get(pageUrl);
        HttpResponse<String> toProvider = get(location(toSignIn));
        String callback = loginAtProvider(location(toProvider), sub, name);
        return follow(callback);
    }

    /** Plants a session cookie, as an attacker who fixed the victim's session id would hold it. */
    void useSessionId(String baseUrl, String sessionId) {
        var cookie = new HttpCookie("JSESSIONID", sessionId);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(URI.create(baseUrl), cookie);
    }

    Optional<String> sessionId() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("JSESSIONID"))
                .map(HttpCookie::getValue)
                .findFirst();
    }

    static boolean isRedirect(HttpResponse<?> response) {
        return response.statusCode() == 302 || response.statusCode() == 303 || response.statusCode() == 301;
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location in a " + response.statusCode() + " answer"));
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
