package io.logto.examples.guide;

import io.logto.examples.Visitor;
import io.logto.testing.LoopbackOidcProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app of a guide, as a reader builds it: its code blocks marked {@code // File: …} are
 * extracted from the Markdown, compiled, and the app's {@code main} is run in its own JVM against
 * the loopback OIDC provider; then a scripted browser signs in, sees the signed-in page and signs out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GuideAppTest {
    private static final String MAIN = "com.example.App";

    private LoopbackOidcProvider provider;
    private GuideApp app;
    private Path folder;
    private GuideApp.Running running;
    private URI base;

    /** The guide, relative to the examples module. */
    abstract Path guide();

    @BeforeAll
    void compileAndStart() throws Exception {
        provider = new LoopbackOidcProvider();
        app = GuideApp.of(guide());
        folder = Path.of("target", "guide-app", guide().getFileName().toString().replace(".md", ""));
        assertThat(app.compile(folder)).as("javac on the guide's files").isEmpty();
        int port = freePort();
        base = URI.create("http://127.0.0.1:" + port);
        running = GuideApp.run(folder, MAIN, settings(provider.endpoint(), port)).awaitOutput("Listening on");
    }

    @AfterAll
    void stop() throws Exception {
        if (running != null) {
            running.close();
        }
        provider.close();
    }

    private Map<String, String> settings(String endpoint, int port) {
        var settings = new HashMap<String, String>();
        settings.put("LOGTO_ENDPOINT", endpoint);
        settings.put("LOGTO_APP_ID", LoopbackOidcProvider.APP_ID);
        settings.put("LOGTO_APP_SECRET", LoopbackOidcProvider.APP_SECRET);
        settings.put("LOGTO_BASE_URL", "http://127.0.0.1:" + port);
        settings.put("PORT", Integer.toString(port));
        return settings;
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theGuideShowsEveryFileOfTheApp() {
        assertThat(app.files()).containsKeys("pom.xml", "src/main/java/com/example/App.java",
                "src/main/java/com/example/HttpSessionAttributes.java", "src/main/java/com/example/AuthServlet.java");
        assertThat(Files.exists(folder.resolve("classes/com/example/App.class"))).isTrue();
    }

    @Test
    void thePomParsesAndNamesArtifactsOfThisBuild() throws Exception {
        var root = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("..", "pom.xml").toFile());
        String version = GuideApp.text(root.getDocumentElement(), "version");
        var modules = new java.util.HashSet<String>();
        var moduleNodes = root.getElementsByTagName("module");
        for (int i = 0; i < moduleNodes.getLength(); i++) {
            var modulePom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(Path.of("..", moduleNodes.item(i).getTextContent().strip(), "pom.xml").toFile());
            // The module's own artifactId: the first one that is a direct child of <project>.
            for (var child = modulePom.getDocumentElement().getFirstChild(); child != null; child = child.getNextSibling()) {
                if ("artifactId".equals(child.getNodeName())) {
                    modules.add(child.getTextContent().strip());
                }
            }
        }
        String rootText = Files.readString(Path.of("..", "pom.xml"));

        var dependencies = GuideApp.dependencies(app.pom());

        assertThat(dependencies).anyMatch(d -> d.startsWith("io.logto:logto-core:"))
                .anyMatch(d -> d.startsWith("org.eclipse.jetty.ee10:jetty-ee10-servlet:"));
        assertThat(dependencies).allSatisfy(dependency -> {
            String[] parts = dependency.split(":");
            if (parts[0].equals("io.logto")) {
                assertThat(modules).as("modules of this build").contains(parts[1]);
                assertThat(parts[2]).isEqualTo(version);
            } else {
                assertThat(rootText).as("the version this build uses").contains(">" + parts[2] + "<");
            }
        });
    }

    @Test
    void signInShowTheUserAndSignOut() throws Exception {
        var visitor = new Visitor();
        HttpResponse<String> home = visitor.get(base + "/");
        assertThat(home.body()).contains("href=\"/sign-in\"");

        HttpResponse<String> callback = visitor.signIn(base, "ada", "{\"name\":\"Ada <3\"}");
        assertThat(callback.statusCode()).isEqualTo(302);
        HttpResponse<String> signedIn = visitor.get(base + "/");
        assertThat(signedIn.body()).contains("Hello, Ada &lt;3!");
        assertThat(signedIn.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(visitor.cookie(base, "JSESSIONID")).isNotNull();

        var token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(signedIn.body());
        assertThat(token.find()).as(signedIn.body()).isTrue();
        HttpResponse<String> signOut = visitor.post(base + "/sign-out", "csrf=" + token.group(1));
        assertThat(signOut.statusCode()).isEqualTo(303);
        assertThat(signOut.headers().firstValue("Location").orElseThrow()).startsWith(provider.issuer());
        assertThat(visitor.get(base + "/").body()).contains("href=\"/sign-in\"");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndLax() throws Exception {
        var visitor = new Visitor();
        HttpResponse<String> signIn = visitor.get(base + "/sign-in");
        assertThat(signIn.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("JSESSIONID=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax"));
    }

    @Test
    void signOutWhenForgedThenStillSignedIn() throws Exception {
        var victim = new Visitor();
        victim.signIn(base, "eve", "{\"name\":\"Eve\"}");

        HttpResponse<String> link = victim.get(base + "/sign-out");
        HttpResponse<String> form = victim.post(base + "/sign-out", "", "Sec-Fetch-Site", "cross-site");
        HttpResponse<String> guessed = victim.post(base + "/sign-out", "csrf=guess");

        assertThat(link.statusCode()).isEqualTo(404);
        assertThat(link.body()).contains("href=\"/\"");
        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(guessed.statusCode()).isEqualTo(403);
        assertThat(victim.get(base + "/").body()).contains("Hello, Eve!");
    }

    @Test
    void signInWhenForgedByAnotherSiteThenTheUsersOwnStillCompletes() throws Exception {
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
    void naverLinkAsksForDirectSignIn() throws Exception {
        HttpResponse<String> response = new Visitor().get(base + "/sign-in?with=naver");
        assertThat(response.headers().firstValue("Location").orElseThrow()).contains("direct_sign_in=social%3Anaver");
    }

    @Test
    void callbackWithoutSignInFailsWithAPageAndALogLine() throws Exception {
        HttpResponse<String> response = new Visitor().get(base + "/callback?code=x&state=y");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("href=\"/sign-in\"").doesNotContain("Exception");
        running.awaitOutput("SIGN_IN_SESSION_NOT_FOUND");
        assertThat(running.output()).contains("WARNING");
    }

    @Test
    void signInWhenLogtoIsUnreachableThenAPageNotAStackTrace() throws Exception {
        int port = freePort();
        int nobody = freePort();
        try (var unreachable = GuideApp.run(folder, MAIN, settings("http://127.0.0.1:" + nobody, port))
                .awaitOutput("Listening on")) {
            HttpResponse<String> response = new Visitor().get("http://127.0.0.1:" + port + "/sign-in");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("try again later").doesNotContain("Exception");
            unreachable.awaitOutput("DISCOVERY_FAILED");
        }
    }

    @Test
    void withoutTheAppSecretTheAppSaysWhichVariableIsMissing() throws Exception {
        var settings = settings(provider.endpoint(), freePort());
        settings.remove("LOGTO_APP_SECRET");
        try (var missing = GuideApp.run(folder, MAIN, settings)) {
            assertThat(missing.awaitExit()).isNotZero();
            assertThat(missing.output()).contains("LOGTO_APP_SECRET").doesNotContain("Listening on");
        }
    }
}
