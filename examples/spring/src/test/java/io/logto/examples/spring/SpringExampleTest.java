package io.logto.examples.spring;

import io.logto.examples.ExampleApp;
import io.logto.examples.LocalOidcProvider;
import io.logto.sdk.LogtoConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring Boot example, offline, against the examples' local development provider: home, sign
 * in, the protected page, the API with the access token the page shows, sign out.
 */
class SpringExampleTest {
    private static LocalOidcProvider provider;
    private static ExampleApp.Running app;
    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        provider = LocalOidcProvider.start();
        LogtoConfig config = LogtoConfig.builder().endpoint(provider.endpoint()).appId(LocalOidcProvider.APP_ID)
                .appSecret(LocalOidcProvider.APP_SECRET).build();
        app = SpringExample.start(config, URI.create("http://localhost:0"));
    }

    @AfterAll
    static void stop() {
        app.close();
        provider.close();
    }

    @Test
    void homeSignInProtectedPageApiAndSignOut() throws Exception {
        String base = app.baseUrl().toString();
        String home = get(base + "/").body();
        assertThat(home).contains("href=\"/sign-in\"").contains("href=\"/sign-in?directSignIn=social:naver\"");
        assertThat(get(base + "/protected").statusCode()).isEqualTo(302);
        assertThat(get(base + "/api/profile").statusCode()).isEqualTo(401);

        String authorization = location(get(base + "/sign-in", "Sec-Fetch-Site", "same-origin"));
        assertThat(authorization).startsWith(provider.endpoint());
        String form = "username=ada&claims=" + URLEncoder.encode("{\"name\":\"Ada Lovelace\"}", StandardCharsets.UTF_8);
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(authorization))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(location(get(location(login)))).isEqualTo(base + "/");

        assertThat(get(base + "/").body()).contains("Signed in as <b id=\"user-name\">Ada Lovelace</b>");
        String page = get(base + "/protected").body();
        assertThat(page).contains("<th>sub</th><td>ada</td>");
        String token = field(page, "Bearer ([^']+)'");
        HttpResponse<String> api = get(base + "/api/profile", "Authorization", "Bearer " + token);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"sub\":\"ada\"").contains("SCOPE_read:data");

        String signOut = "logto_csrf=" + field(page, "name=\"logto_csrf\" value=\"([^\"]+)\"")
                + "&_csrf=" + field(page, "name=\"_csrf\" value=\"([^\"]+)\"");
        HttpResponse<String> signedOut = browser.send(HttpRequest.newBuilder(URI.create(base + "/sign-out"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", base)
                .POST(HttpRequest.BodyPublishers.ofString(signOut)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(get(base + "/").body()).contains("You are not signed in.");
    }

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("HTTP " + response.statusCode() + ": " + response.body()));
    }

    private static String field(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }
}
