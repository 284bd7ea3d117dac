package io.logto.examples.servlet;

import io.logto.examples.ExampleAnswers;
import io.logto.examples.pages.Html;
import io.logto.examples.pages.Pages;
import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoException;
import io.logto.sdk.servlet.LogtoAuthFilter;
import io.logto.sdk.servlet.LogtoWeb;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code /protected/call-api}: the whole loop in one app. The signed-in user's access token for the
 * API resource ({@code getAccessToken(resource)}: cached in the session, refreshed when expired) is
 * sent to this app's own {@code GET /api/profile}, and the page shows what the API answered — and,
 * for comparison, what it answers to a request without a token. Thread-safe.
 */
final class CallApiPage extends HttpServlet {
    private final transient LogtoWeb web;
    private final String apiResource;
    private final transient HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    CallApiPage(LogtoWeb web, String apiResource) {
        this.web = web;
        this.apiResource = apiResource;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        IdTokenClaims user = LogtoAuthFilter.idTokenClaims(request)
                .orElseThrow(() -> new IllegalStateException("not behind LogtoAuthFilter"));
        Optional<String> token;
        try {
            token = ExampleAnswers.await(web.client(request).getAccessToken(apiResource));
        } catch (LogtoException e) {
            // The code goes to the log; the page says what to check.
            ExampleAnswers.log("No access token for " + apiResource, e);
            write(response, 502, Pages.error("No access token", "Logto gave no access token for " + apiResource
                    + ": " + ExampleAnswers.explain(e) + " Is the API resource in the Console, and in LOGTO_API_RESOURCE?"));
            return;
        }
        if (token.isEmpty()) {
            write(response, 401, Pages.error("No access token", "You are no longer signed in."));
            return;
        }
        URI api = URI.create(web.config().baseUrl() + "/api/profile");
        try {
            HttpResponse<String> withToken = call(api, token);
            HttpResponse<String> withoutToken = call(api, Optional.empty());
            write(response, 200, page(user, api, withToken, withoutToken));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write(response, 503, Pages.error("Interrupted", "The call to the API was interrupted."));
        }
    }

    private HttpResponse<String> call(URI api, Optional<String> token) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(10)).GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String page(IdTokenClaims user, URI api, HttpResponse<String> withToken, HttpResponse<String> withoutToken) {
        return Html.page("Call the API", """
                <p>The page asked Logto for <strong id="user-name">%s</strong>'s access token for the API
                resource <code>%s</code> and called <code>GET %s</code> with it.</p>
                <h2>With the access token: <span id="api-status">%d</span></h2>
                <pre id="api-answer">%s</pre>
                %s
                <h2>Without a token: <span id="no-token-status">%d</span></h2>
                <p><code id="no-token-challenge">WWW-Authenticate: %s</code></p>
                <p class="note">The API is <code>LogtoBearerFilter</code> over <code>/api/*</code>: it checks the
                token's signature, <code>typ</code>, issuer, audience, expiry and the scope <code>read:data</code>,
                with no call to Logto once its keys are cached.</p>
                """.formatted(Html.escape(Pages.displayName(user)), Html.escape(apiResource), Html.escape(api.getPath()),
                withToken.statusCode(), Html.escape(withToken.body()), challenge(withToken),
                withoutToken.statusCode(), Html.escape(withoutToken.headers().firstValue("WWW-Authenticate").orElse(""))));
    }

    private static String challenge(HttpResponse<String> response) {
        return response.headers().firstValue("WWW-Authenticate")
                .map(value -> "<p><code id=\"api-challenge\">WWW-Authenticate: " + Html.escape(value) + "</code></p>")
                .orElse("");
    }

    private static void write(HttpServletResponse response, int status, String page) throws IOException {
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(status);
        response.setContentType("text/html;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
