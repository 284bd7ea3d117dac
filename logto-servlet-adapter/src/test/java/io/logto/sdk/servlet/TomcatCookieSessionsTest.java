package io.logto.sdk.servlet;

import io.logto.sdk.storage.CookieKeys;
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
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Encrypted-cookie sessions in the other container: Tomcat 11 sets and replaces the cookies as Jetty does. */
class TomcatCookieSessionsTest {
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
            BASE_URL.set("http://127.0.0.1:" + connector.getLocalPort());
            var config = LogtoServletConfig.builder(TestApp.logtoConfig(provider), BASE_URL.get())
                    .cookieSessions(CookieKeys.parse("k1:" + Base64.getEncoder().encodeToString(new byte[32])))
                    .build();
            LogtoWeb web = LogtoWeb.create(config);
            web.install(servletContext, "/protected/*");
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

    @Test
    void signInPageAndSignOutOnTomcatWithTheSessionInCookiesOnly() {
        var browser = new Browser();

        HttpResponse<String> page = browser.signIn(BASE_URL.get() + "/protected/orders", "tom", "Tom");

        assertThat(page.body()).isEqualTo("protected /protected/orders sub=tom name=Tom");
        assertThat(browser.cookie("logto-0")).isPresent();
        assertThat(browser.sessionId()).as("no HttpSession").isEmpty();
        assertThat(browser.signOut(BASE_URL.get()).statusCode()).isEqualTo(303);
        assertThat(browser.get(BASE_URL.get() + "/").body()).isEqualTo("home anonymous");
        assertThat(browser.get(BASE_URL.get() + "/protected/orders").statusCode()).isEqualTo(302);
    }
}
