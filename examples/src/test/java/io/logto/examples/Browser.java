package io.logto.examples;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A real headless Chromium driven by Selenium through ChromeDriver. Pointing Selenium at the
 * installed driver and browser keeps it from downloading either. Where they are: the environment
 * variables {@code LOGTO_CHROMIUM} and {@code LOGTO_CHROMEDRIVER} (or the system properties
 * {@code logto.chromium} and {@code logto.chromedriver}), by default Debian's {@code chromium} and
 * {@code chromium-driver} packages, {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}.
 *
 * <p>When either is missing, a test class extended with {@link Installed} is skipped with a reason
 * that names what is missing, unless {@code LOGTO_BROWSER_TEST=required} (set by CI), which makes
 * it a failure.
 *
 * <p>Public for the Spring example's browser test (module logto-examples-spring compiles this file
 * into its own tests).
 */
public final class Browser implements AutoCloseable {
    // Selenium warns that it has no DevTools bindings for Debian's Chromium version; we use none.
    private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_LOG.setLevel(Level.SEVERE);
    }

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    static Path chromium() {
        return Path.of(setting("LOGTO_CHROMIUM", "logto.chromium").orElse("/usr/bin/chromium"));
    }

    static Path chromedriver() {
        return Path.of(setting("LOGTO_CHROMEDRIVER", "logto.chromedriver").orElse("/usr/bin/chromedriver"));
    }

    static boolean required() {
        return setting("LOGTO_BROWSER_TEST", "logto.browser.test").filter("required"::equals).isPresent();
    }

    /** A system property wins over the environment variable; blank counts as unset. */
    private static Optional<String> setting(String environmentVariable, String systemProperty) {
        return Optional.ofNullable(System.getProperty(systemProperty))
                .or(() -> Optional.ofNullable(System.getenv(environmentVariable)))
                .map(String::strip)
                .filter(value -> !value.isEmpty());
    }

    /** What is missing, each with the setting that points at it; empty when both are there. */
    static List<String> missing() {
        var missing = new ArrayList<String>();
        if (!Files.isExecutable(chromium())) {
            missing.add("Chromium (no executable " + chromium() + "; set LOGTO_CHROMIUM to its path)");
        }
        if (!Files.isExecutable(chromedriver())) {
            missing.add("ChromeDriver (no executable " + chromedriver() + "; set LOGTO_CHROMEDRIVER to its path)");
        }
        return missing;
    }

    private static String missingMessage(List<String> missing) {
        return "browser test needs " + String.join(" and ", missing)
                + ". On Debian or Ubuntu: apt-get install chromium chromium-driver";
    }

    /**
     * Skips the test class, naming what is missing, when the browser or its driver is not
     * installed, unless the browser test is required: then the class runs and {@link #start()}
     * fails with the same message.
     */
    public static final class Installed implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            List<String> missing = missing();
            if (missing.isEmpty()) {
                return ConditionEvaluationResult.enabled("Chromium and ChromeDriver found");
            }
            if (required()) {
                return ConditionEvaluationResult.enabled("LOGTO_BROWSER_TEST=required: fails in start()");
            }
            String reason = missingMessage(missing) + " (LOGTO_BROWSER_TEST=required makes this a failure)";
            // Surefire's summary counts the skip but prints no reason: say it where it is seen.
            System.err.println(context.getDisplayName() + " skipped: " + reason);
            return ConditionEvaluationResult.disabled(reason);
        }
    }

    /** Starts the browser; fails, naming what is missing, when it is not installed. */
    public static Browser start() {
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            throw new IllegalStateException((required() ? "LOGTO_BROWSER_TEST=required, but the " : "The ")
                    + missingMessage(missing));
        }
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver().toString()))
                .usingAnyFreePort()
                .build();
        var options = new ChromeOptions();
        options.setBinary(chromium().toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1200,900");
        var driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(15));
        return new Browser(service, driver);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Saves a PNG of the current page as {@code dir/name.png}. */
    public void screenshot(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
