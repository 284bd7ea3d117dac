package io.logto.examples.guide;

import io.logto.examples.LocalOidcProvider;
import io.logto.examples.Visitor;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guide's servlet-adapter code ({@link AdapterStartup}, {@link HelloServlet}) on embedded Jetty
 * against the local provider, configured through context parameters as a web.xml would.
 */
class GuideAdapterTest {
    private static LocalOidcProvider provider;
    private static Server jetty;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        provider = LocalOidcProvider.start();
        jetty = new Server();
        var connector = new ServerConnector(jetty, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        connector.open();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());

        var context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setInitParameter("logto.endpoint", provider.endpoint());
        context.setInitParameter("logto.appId", LocalOidcProvider.APP_ID);
        context.setInitParameter("logto.appSecret", LocalOidcProvider.APP_SECRET);
        context.setInitParameter("logto.baseUrl", base.toString());
        context.addEventListener(new AdapterStartup());
        context.addServlet(new ServletHolder(new HelloServlet()), "/protected/hello");
        context.addServlet(new ServletHolder(new HelloServlet()), "/api/hello");
        jetty.setHandler(context);
        jetty.start();
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
        provider.close();
    }

    @Test
    void protectedPageSendsToSignInAndBackThenGreetsTheUser() throws Exception {
        var visitor = new Visitor();
        HttpResponse<String> signedOut = visitor.get(base + "/protected/hello");
        assertThat(signedOut.statusCode()).isEqualTo(302);
        String signIn = signedOut.headers().firstValue("Location").orElseThrow();
        assertThat(signIn).isEqualTo(base + "/sign-in?returnTo="
                + URLEncoder.encode("/protected/hello", StandardCharsets.UTF_8));

        String authorizationUrl = visitor.get(signIn).headers().firstValue("Location").orElseThrow();
        HttpResponse<String> callback = visitor.get(visitor.logIn(authorizationUrl, "ada", "{\"name\":\"Ada\"}"));
        assertThat(callback.headers().firstValue("Location")).contains(base + "/protected/hello");
        String page = visitor.get(base + "/protected/hello").body();
        assertThat(page).startsWith("<p>Hello, Ada (with an access token)</p>")
                .contains("<form method=\"post\" action=\"" + base + "/sign-out\">");
        assertThat(visitor.get(base + "/api/hello").statusCode()).isEqualTo(200);

        HttpResponse<String> signOut = visitor.post(base + "/sign-out", "logto_csrf=" + Visitor.csrfToken(page),
                "Origin", base.toString(), "Sec-Fetch-Site", "same-origin");
        assertThat(signOut.statusCode()).isEqualTo(303);
        assertThat(visitor.get(base + "/api/hello").statusCode()).isEqualTo(401);
    }

    @Test
    void apiAnswers401WhenSignedOut() throws Exception {
        HttpResponse<String> response = new Visitor().get(base + "/api/hello");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"unauthorized\"}");
    }

    @Test
    void naverLinkOfTheAdapterAsksForDirectSignIn() throws Exception {
        HttpResponse<String> response = new Visitor().get(base + "/sign-in?directSignIn=social:naver");
        assertThat(response.headers().firstValue("Location").orElseThrow()).contains("direct_sign_in=social%3Anaver");
    }
}
