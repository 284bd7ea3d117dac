package io.logto.examples.guide;

import io.logto.examples.LocalOidcProvider;
import io.logto.examples.Visitor;
import io.logto.sdk.LogtoConfig;
import io.logto.sdk.OidcCore;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code of docs/guide.md, run on embedded Jetty against the local provider: if the guide's
 * sign-in, callback, home page or sign-out stopped working, this fails.
 */
class GuideCodeTest {
    private static LocalOidcProvider provider;
    private static Server jetty;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        provider = LocalOidcProvider.start();
        jetty = new Server();
        var connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        var context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        jetty.setHandler(context);
        jetty.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());

        LogtoConfig config = LogtoConfig.builder()
                .endpoint(provider.endpoint())
                .appId(LocalOidcProvider.APP_ID)
                .appSecret(LocalOidcProvider.APP_SECRET)
                .build();
        context.addServlet(new ServletHolder(new AuthServlet(OidcCore.create(config), base.toString())), "/");
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
        provider.close();
    }

    @Test
    void guideRoutesSignInShowTheUserAndSignOut() throws Exception {
        var visitor = new Visitor();
        assertThat(visitor.get(base + "/").body()).contains("href=\"/sign-in\"");

        HttpResponse<String> callback = visitor.signIn(base, "ada", "{\"name\":\"Ada <3\"}");
        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(visitor.get(base + "/").body()).contains("Hello, Ada &lt;3!");

        String home = visitor.get(base + "/").body();
        var token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(home);
        assertThat(token.find()).as(home).isTrue();
        HttpResponse<String> signOut = visitor.post(base + "/sign-out", "csrf=" + token.group(1));
        assertThat(signOut.statusCode()).isEqualTo(303);
        assertThat(signOut.headers().firstValue("Location").orElseThrow()).startsWith(provider.issuer());
        assertThat(visitor.get(base + "/").body()).contains("href=\"/sign-in\"");
    }

    @Test
    void guideSignOutWhenForgedThenStillSignedIn() throws Exception {
        var victim = new Visitor();
        victim.signIn(base, "eve", "{\"name\":\"Eve\"}");

        HttpResponse<String> link = victim.get(base + "/sign-out");
        HttpResponse<String> form = victim.post(base + "/sign-out", "", "Sec-Fetch-Site", "cross-site");
        HttpResponse<String> guessed = victim.post(base + "/sign-out", "csrf=guess");

        assertThat(link.statusCode()).isEqualTo(404);
        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(guessed.statusCode()).isEqualTo(403);
        assertThat(victim.get(base + "/").body()).contains("Hello, Eve!");
    }

    @Test
    void guideSignInWhenForgedByAnotherSiteThenTheUsersOwnStillCompletes() throws Exception {
        var victim = new Visitor();
        String own = victim.get(base + "/sign-in", "Sec-Fetch-Site", "same-origin").headers()
                .firstValue("Location").orElseThrow();
        HttpResponse<String> forged = null;
        for (int i = 0; i < 10; i++) {
            forged = victim.get(base + "/sign-in", "Sec-Fetch-Site", "cross-site");
        }

        HttpResponse<String> callback = victim.get(victim.logIn(own, "fay", "{\"name\":\"Fay\"}"));

        assertThat(forged.headers().firstValue("Location")).as("refused: back to our home page").hasValue("/");
        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(victim.get(base + "/").body()).contains("Hello, Fay!");
    }

    @Test
    void guideNaverLinkAsksForDirectSignIn() throws Exception {
        HttpResponse<String> response = new Visitor().get(base + "/sign-in?with=naver");
        assertThat(response.headers().firstValue("Location").orElseThrow()).contains("direct_sign_in=social%3Anaver");
    }

    @Test
    void guideCallbackWithoutSignInFails() throws Exception {
        assertThat(new Visitor().get(base + "/callback?code=x&state=y").statusCode()).isEqualTo(400);
    }
}
