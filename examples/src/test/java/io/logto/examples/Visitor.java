package io.logto.examples;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A scripted browser without a screen: keeps cookies, does not follow redirects, and fills the
 * local provider's login form the way a person would. One visitor is one browser; not thread-safe.
 */
public final class Visitor {
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String url, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with extra headers, e.g. the {@code Sec-Fetch-Site} a browser adds. */
    public HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
        return http.send(withHeaders(HttpRequest.newBuilder(URI.create(url)), headers).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A form POST with extra headers, e.g. {@code Origin} and {@code Sec-Fetch-Site}. */
    public HttpResponse<String> post(String url, String form, String... headers) throws IOException, InterruptedException {
        return http.send(withHeaders(HttpRequest.newBuilder(URI.create(url)), headers)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Presses the sign-out button of the home page, as a browser submits it: a same-origin POST of
     * the page's anti-forgery token to {@code /sign-out}.
     */
    public HttpResponse<String> signOut(URI baseUrl) throws IOException, InterruptedException {
        return post(baseUrl + "/sign-out", "logto_csrf=" + encode(csrfToken(get(baseUrl + "/").body())),
                "Origin", baseUrl.getScheme() + "://" + baseUrl.getRawAuthority(), "Sec-Fetch-Site", "same-origin");
    }

    /** The anti-forgery token in a page's form, or "" when there is none. */
    public static String csrfToken(String page) {
        var token = java.util.regex.Pattern.compile("name=\"logto_csrf\" value=\"([^\"]*)\"").matcher(page);
        return token.find() ? token.group(1) : "";
    }

    private static HttpRequest.Builder withHeaders(HttpRequest.Builder builder, String... headers) {
        return headers.length == 0 ? builder : builder.headers(headers);
    }

    /** Submits the provider's login form at {@code authorizationUrl}; returns the callback URL it redirects to. */
    public String logIn(String authorizationUrl, String username, String claimsJson) throws IOException, InterruptedException {
        HttpResponse<String> form = get(authorizationUrl);
        if (!form.body().contains("name=\"username\"")) {
            throw new IllegalStateException("no login form at " + authorizationUrl + ": HTTP " + form.statusCode());
        }
        HttpResponse<String> done = post(authorizationUrl, "username=" + encode(username) + "&claims="
                + encode(claimsJson));
        return done.headers().firstValue("Location").orElseThrow();
    }

    /** Signs in through the app at {@code baseUrl}: /sign-in, the provider's form, /callback. */
    public HttpResponse<String> signIn(URI baseUrl, String username, String claimsJson)
            throws IOException, InterruptedException {
        String authorizationUrl = get(baseUrl + "/sign-in").headers().firstValue("Location").orElseThrow();
        return get(logIn(authorizationUrl, username, claimsJson));
    }

    /** The value of the cookie {@code name} this visitor holds for {@code url}, or null. */
    public String cookie(URI url, String name) {
        return cookies.getCookieStore().get(url).stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    /** Sets a cookie, as an attacker who learned its value would. */
    public void setCookie(URI url, String name, String value) {
        var cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(url, cookie);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
