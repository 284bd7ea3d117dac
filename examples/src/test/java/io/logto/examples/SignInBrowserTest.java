package io.logto.examples;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The newcomer's path in a real browser, for every example app: open the home page, sign in
 * through the local provider's login form, come back signed in with the name shown, open the user
 * info page, sign out, come back signed out. A screenshot of each step goes to
 * {@code target/screenshots/<example>/}. Skipped, with the reason, where Chromium is not installed
 * (see {@link Browser}).
 */
@ExtendWith(Browser.Installed.class)
class SignInBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

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

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.logto.examples.ExampleApps#all")
    void signInSeeUserInfoAndSignOutInARealBrowser(String name, ExampleApp app) throws Exception {
        ExampleSettings settings = ExampleSettings.fromEnvironment(Map.of())
                .withBaseUrl(URI.create("http://127.0.0.1:0"));
        Path shots = SCREENSHOTS.resolve(name);
        WebDriver page = browser.driver();
        var wait = new WebDriverWait(page, Duration.ofSeconds(10));

        try (ExampleApp.Running running = app.start(settings.logtoConfig(provider.endpoint()), settings.baseUrl())) {
            String home = running.baseUrl() + "/";

            page.get(home);
            assertThat(page.findElement(By.id("sign-in")).getText()).isEqualTo("Sign in");
            assertThat(page.findElement(By.id("sign-in-naver")).getText()).isEqualTo("Continue with Naver");
            browser.screenshot(shots, "1-signed-out-home");

            page.findElement(By.id("sign-in")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
            assertThat(page.getCurrentUrl()).startsWith(provider.issuer() + "/authorize");
            page.findElement(By.name("username")).sendKeys("ada");
            page.findElement(By.name("claims")).sendKeys("{\"name\": \"Ada Lovelace\", \"email\": \"ada@example.com\"}");
            browser.screenshot(shots, "2-provider-login-form");

            page.findElement(By.cssSelector("input[type=submit]")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user-name")));
            assertThat(page.getCurrentUrl()).isEqualTo(home);
            assertThat(page.findElement(By.id("user-name")).getText()).isEqualTo("Ada Lovelace");
            assertThat(page.findElement(By.id("claims")).getText()).contains("sub ada", "email ada@example.com");
            browser.screenshot(shots, "3-signed-in-home");

            page.get(running.baseUrl() + "/protected/userinfo");
            assertThat(page.getTitle()).isEqualTo("User info");
            assertThat(page.findElement(By.id("user-name")).getText()).isEqualTo("Ada Lovelace");
            assertThat(page.findElement(By.id("claims")).getText()).contains("sub ada");
            browser.screenshot(shots, "4-userinfo");

            page.findElement(By.id("sign-out")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
            assertThat(page.getCurrentUrl()).isEqualTo(home);
            assertThat(page.findElements(By.id("user-name"))).isEmpty();
            browser.screenshot(shots, "5-signed-out-home");

            page.get(running.baseUrl() + "/protected");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
            assertThat(page.getCurrentUrl()).as("a protected page sends a signed-out user to sign in")
                    .startsWith(provider.issuer() + "/authorize");
        }
    }
}
