package io.logto.examples.guide;

import io.logto.examples.LocalOidcProvider;
import io.logto.sdk.LogtoConfig;
import io.logto.sdk.m2m.ClientCredentialsRequest;
import io.logto.sdk.m2m.ClientCredentialsTokenProvider;
import io.logto.sdk.resourceserver.AccessTokenValidator;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guide's "Protect your API" code ({@link ApiSnippets}) on embedded Jetty, called with real
 * machine-to-machine tokens of the local provider.
 */
class GuideApiTest {
    private static LocalOidcProvider provider;
    private static Server jetty;
    private static URI base;
    private static AccessTokenValidator validator;
    private static ClientCredentialsTokenProvider tokens;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        provider = LocalOidcProvider.start();
        validator = AccessTokenValidator.builder(provider.endpoint()).apiResource("https://api.example.com").build();
        tokens = ClientCredentialsTokenProvider.create(LogtoConfig.builder().endpoint(provider.endpoint())
                .appId("guide-m2m-app").appSecret("guide-secret").build());
        jetty = new Server();
        var connector = new ServerConnector(jetty, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        var context = new ServletContextHandler();
        context.addServletContainerInitializer((classes, servletContext) ->
                ApiSnippets.protectTheApi(servletContext, validator));
        context.addServlet(new ServletHolder(new ApiSnippets.DataServlet()), "/");
        jetty.setHandler(context);
        jetty.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
        provider.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiAnswersATokenWithThePermissionAndChallengesTheRest() throws Exception {
        String token = tokens.token(ClientCredentialsRequest.forResource("https://api.example.com", "read:data"))
                .join().accessToken();

        assertThat(get("/api/data", token).body()).startsWith("Hello guide-m2m-app, you may [read:data]");
        assertThat(get("/api/data", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/data", "forged.token.value").statusCode()).isEqualTo(401);
        assertThat(ApiSnippets.anyFramework(validator, token)).isEqualTo(200);
        assertThat(ApiSnippets.anyFramework(validator, "forged.token.value")).isEqualTo(401);
    }

    @Test
    void organizationPathsNeedAnOrganizationTokenWithThePermission() throws Exception {
        // The local provider grants no organization permission: the token is valid but not enough.
        String organizationToken = tokens.token(ClientCredentialsRequest.forOrganization("org-1")).join().accessToken();

        HttpResponse<String> response = get("/orgs/org-1/members", organizationToken);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"", "scope=\"read:members\"");
    }
}
