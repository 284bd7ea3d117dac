package io.logto.examples.servlet;

import io.logto.examples.ExampleApi;
import io.logto.examples.ExampleApp;
import io.logto.examples.RunningExampleTest;
import io.logto.examples.Visitor;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servlet example's API loop against the local provider: {@code GET /api/profile} behind the
 * bearer filter, and {@code /protected/call-api} calling it with the signed-in user's access token.
 */
class ServletApiTest extends RunningExampleTest {
    private static final String REALM = "Bearer realm=\"" + ExampleApi.DEFAULT_RESOURCE + "\"";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    protected ExampleApp example() {
        return ServletExample::start;
    }

    private HttpResponse<String> api(URI base, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + "/api/profile")).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void apiWithoutATokenAnswers401WithABareChallengeAndNoSession() throws Exception {
        HttpResponse<String> response = api(start(), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains(REALM);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).contains("\"error\":\"unauthorized\"");
    }

    @Test
    void apiWithAForgedTokenAnswers401InvalidToken() throws Exception {
        HttpResponse<String> response = api(start(), "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith(REALM + ", error=\"invalid_token\"");
    }

    @Test
    void callApiPageSendsTheSignedInUsersAccessTokenAndShowsTheApisAnswer() throws Exception {
        URI base = start();
        var visitor = new Visitor();
        visitor.signIn(base, "ada", "{\"name\":\"Ada\"}");

        HttpResponse<String> page = visitor.get(base + "/protected/call-api");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<span id=\"api-status\">200</span>", "&quot;sub&quot; : &quot;ada&quot;",
                "&quot;clientId&quot; : &quot;logto-java-example&quot;", "read:data",
                "<span id=\"no-token-status\">401</span>", "WWW-Authenticate: " + REALM.replace("\"", "&quot;"));
        assertThat(page.body()).doesNotContain("api-challenge");
    }

    @Test
    void callApiPageWhenSignedOutSendsTheVisitorToSignIn() throws Exception {
        HttpResponse<String> response = new Visitor().get(start() + "/protected/call-api");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).contains("/sign-in?returnTo=");
    }

    @Test
    void theLauncherSaysWhereTheApiIs() throws Exception {
        try (ExampleApp.Running running = example().start(
                io.logto.sdk.LogtoConfig.builder().endpoint(provider.endpoint()).appId("app").build(),
                URI.create("http://127.0.0.1:0"))) {
            assertThat(String.join("\n", running.notes())).contains("/api/profile", "/protected/call-api",
                    ExampleApi.DEFAULT_RESOURCE, ExampleApi.SCOPE);
        }
    }
}
