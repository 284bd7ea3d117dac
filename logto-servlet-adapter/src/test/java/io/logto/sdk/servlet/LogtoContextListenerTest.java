package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** An app configured only by context parameters, as from web.xml, with the listener declared. */
class LogtoContextListenerTest {

    @Test
    void listenerWithContextParametersThenEndpointsAndProtectionAreInstalled() throws Exception {
        try (var provider = new LoopbackOidcProvider()) {
            var server = new Server();
            var connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            connector.open();
            String baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
            var context = new ServletContextHandler(ServletContextHandler.SESSIONS);
            context.setInitParameter("logto.endpoint", provider.endpoint());
            context.setInitParameter("logto.appId", LoopbackOidcProvider.APP_ID);
            context.setInitParameter("logto.appSecret", LoopbackOidcProvider.APP_SECRET);
            context.setInitParameter("logto.baseUrl", baseUrl);
            context.setInitParameter("logto.signInPath", "/login");
            context.setInitParameter(LogtoContextListener.PROTECT, "/members/*");
            context.setInitParameter(LogtoContextListener.PROTECT_WITH_STATUS, "/api/*, /members/api/*");
            context.addEventListener(new LogtoContextListener());
            server.setHandler(context);
            server.start();
            try {
                var browser = new Browser();

                HttpResponse<String> page = browser.get(baseUrl + "/members/home");
                HttpResponse<String> api = browser.get(baseUrl + "/members/api/orders");
                HttpResponse<String> signIn = browser.get(baseUrl + "/login");

                assertThat(Browser.location(page)).isEqualTo(baseUrl + "/login?returnTo=%2Fmembers%2Fhome");
                assertThat(api.statusCode()).isEqualTo(401);
                assertThat(Browser.location(signIn)).startsWith(provider.endpoint() + "/oidc/authorize?");
                assertThat(LogtoWeb.from(context.getServletContext()).config().signInPath()).isEqualTo("/login");
            } finally {
                server.stop();
            }
        }
    }
}
