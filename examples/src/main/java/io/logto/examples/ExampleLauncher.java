package io.logto.examples;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an example from the command line: reads {@link ExampleSettings} from the environment,
 * starts the {@link LocalOidcProvider} when no Logto endpoint is set, starts the app, says which
 * provider it uses and which URL to open, and serves until the process is stopped (Ctrl+C).
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     ExampleLauncher.run("JDK HTTP server", JdkServerExample::start);
 * }
 * }</pre>
 */
public final class ExampleLauncher {
    private ExampleLauncher() {
    }

    /** Runs {@code app} until the process ends; exits with status 2 on a configuration error. */
    public static void run(String title, ExampleApp app) {
        try {
            serve(title, app, System.getenv(), System.out);
        } catch (BindException e) {
            System.err.println("Cannot start the example: its port is taken (" + e.getMessage() + "). "
                    + "Stop the other program or choose another port, e.g. LOGTO_BASE_URL=http://localhost:8081");
            System.exit(2);
        } catch (IllegalArgumentException | LogtoException | IOException e) {
            System.err.println("Cannot start the example: " + e.getMessage());
            System.exit(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void serve(String title, ExampleApp app, Map<String, String> env, PrintStream out)
            throws IOException, InterruptedException {
        ExampleSettings settings = ExampleSettings.fromEnvironment(env);
        // A cold start takes seconds per step (class loading, keys, Jetty): say what is happening.
        if (settings.usesLocalProvider()) {
            progress(out, "Starting the local development OIDC provider (LOGTO_ENDPOINT is not set)...");
        }
        LocalOidcProvider provider = settings.usesLocalProvider()
                ? LocalOidcProvider.start(0, ExampleApi.fromEnvironment(env).resource()) : null;
        ExampleApp.Running running;
        try {
            LogtoConfig config = settings.logtoConfig(settings.endpoint().orElseGet(() -> provider.endpoint()));
            progress(out, "Starting the example (" + title + ") on " + settings.baseUrl() + "...");
            running = app.start(config, settings.baseUrl());
        } catch (IOException | RuntimeException e) {
            if (provider != null) {
                provider.close();
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            if (provider != null) {
                provider.close();
            }
            stopped.countDown();
        }, "example-shutdown"));
        out.print(banner(title, settings, provider, running));
        out.flush();
        stopped.await();
    }

    private static void progress(PrintStream out, String line) {
        out.println(line);
        out.flush();
    }

    static String banner(String title, ExampleSettings settings, LocalOidcProvider provider,
                         ExampleApp.Running running) {
        var text = new StringBuilder();
        text.append("\nlogto-java example: ").append(title).append('\n');
        if (provider != null) {
            text.append("Provider: local development OIDC provider (mock-oauth2-server) at ")
                    .append(provider.endpoint()).append('\n')
                    .append("          LOGTO_ENDPOINT is not set, so no Logto account is needed: any user name\n")
                    .append("          signs in, and claims typed as JSON (e.g. {\"name\": \"Ada Lovelace\"}) go into\n")
                    .append("          the ID token. Set LOGTO_ENDPOINT, LOGTO_APP_ID and LOGTO_APP_SECRET to use Logto.\n");
        } else {
            text.append("Provider: Logto at ").append(settings.endpoint().orElseThrow())
                    .append(" (app ").append(settings.appId()).append(")\n")
                    .append("          Redirect URI to register in the Console: ")
                    .append(running.baseUrl()).append("/callback\n")
                    .append("          Post sign-out redirect URI:              ")
                    .append(running.baseUrl()).append("/\n");
        }
        running.notes().forEach(note -> text.append(note).append('\n'));
        text.append("Open ").append(running.baseUrl()).append("/ in your browser. Stop with Ctrl+C.\n");
        return text.toString();
    }
}
