package io.logto.examples.spring;

import io.logto.examples.Browser;
import io.logto.examples.ExampleApp;
import io.logto.examples.LocalOidcProvider;
import io.logto.sdk.LogtoConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring Boot example in a real browser, as logto-examples' SignInBrowserTest drives the
 * others (and with its {@link Browser}): the home page, sign in through the local provider's login
 * form, back signed in, the protected page, the API {@code /api/profile} called from the page with
 * the access token it shows (refused without it, though the session cookie goes along), sign out, signed out.
 * A screenshot of each step goes to {@code target/screenshots/spring/}. Skipped where Chromium is not
 * installed, unless {@code LOGTO_BROWSER_TEST=required} (CI), which makes that a failure.
 */
@ExtendWith(Browser.Installed.class)
class SpringSignInBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots", "spring");

    private static LocalOidcProvider provider;
    private static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.start();
        provider = LocalOidcProvider.start();
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void signInSeeTheProtectedPageCallTheApiAndSignOutInARealBrowser() throws Exception {
        LogtoConfig config = LogtoConfig.builder().endpoint(provider.endpoint()).appId(LocalOidcProvider.APP_ID)
                .appSecret(LocalOidcProvider.APP_SECRET).build();
        WebDriver page = browser.driver();
        var wait = new WebDriverWait(page, Duration.ofSeconds(15));

        try (ExampleApp.Running app = SpringExample.start(config, URI.create("http://127.0.0.1:0"))) {
            String home = app.baseUrl() + "/";

            page.get(home);
            assertThat(page.findElement(By.id("sign-in")).getText()).isEqualTo("Sign in");
            assertThat(page.findElement(By.id("sign-in-naver")).getText()).isEqualTo("Continue with Naver");
            browser.screenshot(SHOTS, "1-signed-out-home");

            page.findElement(By.id("sign-in")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
            assertThat(page.getCurrentUrl()).startsWith(provider.issuer() + "/authorize");
            page.findElement(By.name("username")).sendKeys("ada");
            page.findElement(By.name("claims")).sendKeys("{\"name\": \"Ada Lovelace\", \"email\": \"ada@example.com\"}");
            browser.screenshot(SHOTS, "2-provider-login-form");

            page.findElement(By.cssSelector("input[type=submit]")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user-name")));
            assertThat(page.getCurrentUrl()).isEqualTo(home);
            assertThat(page.findElement(By.id("user-name")).getText()).isEqualTo("Ada Lovelace");
            browser.screenshot(SHOTS, "3-signed-in-home");

            page.findElement(By.id("protected")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("claims")));
            assertThat(page.getCurrentUrl()).isEqualTo(app.baseUrl() + "/protected");
            assertThat(page.findElement(By.id("claims")).getText()).contains("sub ada", "email ada@example.com");
            String token = token(page.findElement(By.id("api-call")).getText());
            browser.screenshot(SHOTS, "4-protected-page");

            // The page's own origin calls the API, as its script would: the session cookie goes along
            // but a signed-in session is not an access token for the API (403); the token is what counts.
            assertThat(fetch(page, "/api/profile", null)).startsWith("403 ");
            String api = fetch(page, "/api/profile", token);
            assertThat(api).startsWith("200 ").contains("\"sub\":\"ada\"").contains("SCOPE_read:data");

            page.findElement(By.id("sign-out")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
            assertThat(page.getCurrentUrl()).isEqualTo(home);
            assertThat(page.findElements(By.id("user-name"))).isEmpty();
            browser.screenshot(SHOTS, "5-signed-out-home");

            page.get(app.baseUrl() + "/protected");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
            assertThat(page.getCurrentUrl()).as("a protected page sends a signed-out user to sign in")
                    .startsWith(provider.issuer() + "/authorize");
        }
    }

    /** The access token in the page's {@code curl} line. */
    private static String token(String curl) {
        Matcher m = Pattern.compile("Bearer ([A-Za-z0-9_.-]+)").matcher(curl);
        assertThat(m.find()).as(curl).isTrue();
        return m.group(1);
    }

    /** {@code fetch(path)} in the page, with the bearer token if one is given: "status body". */
    private static String fetch(WebDriver page, String path, String token) {
        Object answer = ((JavascriptExecutor) page).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const headers = arguments[1] ? {'Authorization': 'Bearer ' + arguments[1]} : {};"
                        + "fetch(arguments[0], {headers}).then(r => r.text().then(t => done(r.status + ' ' + t)))"
                        + ".catch(e => done('failed ' + e));",
                path, token);
        return String.valueOf(answer);
    }
}
