package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The same adapter in another container: an embedded Tomcat 11 on 127.0.0.1. */
class TomcatFlowTest {
    @TempDir
    static Path baseDir;

    private static LoopbackOidcProvider provider;
    private static Tomcat tomcat;
    private static final AtomicReference<String> BASE_URL = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        provider = new LoopbackOidcProvider();
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        var connector = new Connector();
        connector.setProperty("address", "127.0.0.1");
        connector.setPort(0);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        context.addServletContainerInitializer((classes, servletContext) -> {
            // The connector is bound before contexts start, so the ephemeral port is known here.
            BASE_URL.set("http://127.0.0.1:" + connector.getLocalPort());
            var config = LogtoServletConfig.builder(TestApp.logtoConfig(provider), BASE_URL.get()).build();
            LogtoWeb web = LogtoWeb.create(config);
            web.install(servletContext, LogtoAuthFilter.builder(web)
                    .protect("/protected/*")
                    .protect("/protected/no-redirect", LogtoAuthFilter.Protection.UNAUTHORIZED)
                    .build());
            servletContext.addServlet("pages", new TestPages(web)).addMapping("/");
        }, null);
        tomcat.start();
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        provider.close();
    }

    private static String url(String path) {
        return BASE_URL.get() + path;
    }

    @Test
    void signInOnTomcatThenBackOnRequestedPageWithRotatedSessionId() {
        var browser = new Browser();
        HttpResponse<String> toSignIn = browser.get(url("/protected/orders?tab=1"));
        HttpResponse<String> toProvider = browser.get(Browser.location(toSignIn));
        String sessionBeforeCallback = browser.sessionId().orElseThrow();
        String callback = browser.loginAtProvider(Browser.location(toProvider), "tom", "Tom");

        HttpResponse<String> page = browser.follow(callback);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("protected /protected/orders sub=tom name=Tom query=tab=1");
        assertThat(browser.sessionId()).hasValueSatisfying(id -> assertThat(id).isNotEqualTo(sessionBeforeCallback));
    }

    @Test
    void signOutOnTomcatThenSignedOut() {
        var browser = new Browser();
        browser.signIn(url("/protected"), "tina", "Tina");

        HttpResponse<String> signOut = browser.signOut(BASE_URL.get());

        assertThat(signOut.statusCode()).isEqualTo(303);

        assertThat(browser.get(url("/")).body()).isEqualTo("home anonymous");
    }

    @Test
    void noRedirectRouteOnTomcatWhenSignedOutThen401Json() {
        HttpResponse<String> response = new Browser().get(url("/protected/no-redirect"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(LogtoAuthFilter.UNAUTHORIZED_BODY);
    }

    @Test
    void callbackWithoutSignInOnTomcatThen400() {
        HttpResponse<String> response = new Browser().get(url("/callback?code=x&state=y"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("sign_in_session_not_found");
    }
}
