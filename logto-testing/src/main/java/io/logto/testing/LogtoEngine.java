package io.logto.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logto's OIDC engine on 127.0.0.1 for end-to-end tests: {@code logto-testing/engine/server.mjs}
 * (oidc-provider 9.11.3 configured like Logto) run by Node on a free port, with its clients
 * {@value #APP_ID} (the app under test) and {@value #OTHER_APP_ID} (another app of the tenant) and
 * its users alice and bob. Needs Node 20+ and {@code npm ci} run in the engine's folder; the folder
 * is the system property {@code logto.engine.dir}, else found above the working directory.
 *
 * <pre>{@code
 * try (var engine = LogtoEngine.builder().redirectUri(app + "/callback")
 *         .backChannelLogoutUri(app + "/backchannel-logout").ssrfProtectionDisabled(true).start()) {
 *     var atLogto = engine.browser();
 *     String callback = atLogto.signIn(authorizationUrl, "alice", "alice-password");
 *     atLogto.signOut(LogtoEngine.OTHER_APP_ID);        // ends alice's Logto session: logout tokens go out
 *     assertThat(engine.log()).anyMatch(line -> line.startsWith("backchannel.success"));
 * }
 * }</pre>
 */
public final class LogtoEngine implements AutoCloseable {
    /** The app under test. */
    public static final String APP_ID = "web-app";
    /** Its secret (client_secret_post). */
    public static final String APP_SECRET = "web-app-secret";
    /** Another app of the same tenant, e.g. the one the user signs out of. */
    public static final String OTHER_APP_ID = "other-app";

    private final Process process;
    private final int port;
    private final List<String> log = new ArrayList<>();

    private LogtoEngine(Builder b) throws IOException {
        Path directory = b.directory != null ? b.directory : findDirectory();
        if (!Files.isDirectory(directory.resolve("node_modules"))) {
            throw new IllegalStateException("Logto's engine is not installed: run `npm ci` in " + directory
                    + " (Node 20+), as .ci/run does");
        }
        port = freePort();
        var command = new ProcessBuilder("node", "server.mjs").directory(directory.toFile()).redirectErrorStream(true);
        command.environment().put("PORT", Integer.toString(port));
        command.environment().put("REDIRECT_URIS", String.join(",", b.redirectUris));
        command.environment().put("POST_LOGOUT_REDIRECT_URIS", String.join(",", b.postLogoutRedirectUris));
        if (b.backChannelLogoutUri != null) {
            command.environment().put("BACKCHANNEL_LOGOUT_URI", b.backChannelLogoutUri);
            command.environment().put("BACKCHANNEL_LOGOUT_SESSION_REQUIRED", b.sessionRequired ? "1" : "0");
        }
        if (b.ssrfProtectionDisabled) {
            command.environment().put("OIDC_PROVIDER_SSRF_PROTECTION_DISABLED", "1");
        }
        try {
            process = command.start();
        } catch (IOException e) {
            throw new IllegalStateException("Node could not be started (is `node` on the PATH?)", e);
        }
        Thread reader = new Thread(this::readOutput, "logto-engine-output");
        reader.setDaemon(true);
        reader.start();
        awaitLog("logto-engine on", Duration.ofSeconds(60));
    }

    /**
     * A builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The SDK's endpoint.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * The issuer.
     *
     * @return {@code {endpoint}/oidc}
     */
    public String issuer() {
        return endpoint() + "/oidc";
    }

    /**
     * What the engine printed so far, one entry per line (back-channel calls among them:
     * {@code backchannel.success <client> <sub> <the Logto session's sid>} or
     * {@code backchannel.error <client> <message>}).
     *
     * @return a copy of the lines
     */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /**
     * Waits until a line containing {@code fragment} is printed.
     *
     * @param fragment what to wait for
     * @param timeout  how long at most
     * @return the line
     * @throws IllegalStateException when none comes in time or the engine stops
     */
    public String awaitLog(String fragment, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (log) {
            while (true) {
                for (String line : log) {
                    if (line.contains(fragment)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new IllegalStateException("the engine did not print \"" + fragment + "\"; it printed: " + log);
                }
                try {
                    log.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * A browser's cookie jar at the engine: one user's Logto session.
     *
     * @return a new browser
     */
    public Browser browser() {
        return new Browser();
    }

    /** Stops the engine. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readOutput() {
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (log) {
                    log.add(line);
                    log.notifyAll();
                }
            }
        } catch (IOException e) {
            // The engine stopped.
        } finally {
            synchronized (log) {
                log.notifyAll();
            }
        }
    }

    private static Path findDirectory() {
        String configured = System.getProperty("logto.engine.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("logto-testing").resolve("engine");
            if (Files.isRegularFile(candidate.resolve("server.mjs"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("logto-testing/engine not found above " + Path.of("").toAbsolutePath()
                + "; set -Dlogto.engine.dir");
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Configures an engine. Not thread-safe. */
    public static final class Builder {
        private final List<String> redirectUris = new ArrayList<>();
        private final List<String> postLogoutRedirectUris = new ArrayList<>();
        private String backChannelLogoutUri;
        private boolean sessionRequired = true;
        private boolean ssrfProtectionDisabled;
        private Path directory;

        private Builder() {
        }

        /**
         * A redirect URI of both apps (at least one).
         *
         * @param uri the URI
         * @return this builder
         */
        public Builder redirectUri(String uri) {
            redirectUris.add(uri);
            return this;
        }

        /**
         * A post sign-out redirect URI of both apps.
         *
         * @param uri the URI
         * @return this builder
         */
        public Builder postLogoutRedirectUri(String uri) {
            postLogoutRedirectUris.add(uri);
            return this;
        }

        /**
         * Turns on back-channel logout: {@value #APP_ID}'s back-channel logout URI.
         *
         * @param uri the URI
         * @return this builder
         */
        public Builder backChannelLogoutUri(String uri) {
            this.backChannelLogoutUri = uri;
            return this;
        }

        /**
         * The Console's "Is session required?" (default {@code true}): logout and ID tokens carry
         * {@code sid}; {@code false}: logout tokens name the user only.
         *
         * @param required whether
         * @return this builder
         */
        public Builder sessionRequired(boolean required) {
            this.sessionRequired = required;
            return this;
        }

        /**
         * Lets the engine's outgoing calls reach loopback, as {@code OIDC_PROVIDER_SSRF_PROTECTION_DISABLED}
         * does for a self-hosted Logto (default {@code false}: they are refused, as by Logto Cloud).
         *
         * @param disabled whether
         * @return this builder
         */
        public Builder ssrfProtectionDisabled(boolean disabled) {
            this.ssrfProtectionDisabled = disabled;
            return this;
        }

        /**
         * The engine's folder (default: {@code logto.engine.dir}, else found above the working directory).
         *
         * @param directory the folder holding server.mjs and node_modules
         * @return this builder
         */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /**
         * Starts the engine and waits until it listens.
         *
         * @return the running engine
         */
        public LogtoEngine start() {
            if (redirectUris.isEmpty()) {
                throw new IllegalStateException("give at least one redirect URI");
            }
            if (postLogoutRedirectUris.isEmpty()) {
                postLogoutRedirectUris.add(URI.create(redirectUris.get(0)).resolve("/").toString());
            }
            try {
                return new LogtoEngine(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * One user's browser at the engine's origin: its cookies are the user's Logto session. Follows the
     * engine's redirects itself and stops at the first one that leaves the engine (the app's callback).
     */
    public final class Browser {
        private static final Pattern XSRF = Pattern.compile("name=\"xsrf\" value=\"([^\"]+)\"");

        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        private Browser() {
        }

        /**
         * Signs in on the authorization URL the app redirected to: Logto's sign-in page (the
         * interaction's login endpoint) with {@code username} and {@code password}; consent is
         * granted by itself.
         *
         * @return the callback URL Logto redirects back to the app with
         */
        public String signIn(String authorizationUrl, String username, String password) {
            String next = authorizationUrl;
            boolean loggedIn = false;
            for (int hop = 0; hop < 12; hop++) {
                if (!next.startsWith(endpoint())) {
                    return next;
                }
                URI uri = URI.create(next);
                HttpResponse<String> response;
                if (!loggedIn && uri.getPath().startsWith("/interaction/")) {
                    response = send(HttpRequest.newBuilder(URI.create(next + "/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("username=" + encode(username) + "&password="
                                    + encode(password))).build());
                    loggedIn = true;
                } else {
                    response = send(HttpRequest.newBuilder(uri).GET().build());
                }
                String location = response.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                        "sign-in stopped at " + uri.getPath() + " with HTTP " + response.statusCode() + ": "
                                + response.body()));
                next = uri.resolve(location).toString();
            }
            throw new IllegalStateException("no callback after 12 redirects");
        }

        /**
         * Signs out at Logto from {@code clientId} (RP-initiated logout), confirming on Logto's page
         * as its script does ({@code logout=yes}: every app of this Logto session is signed out).
         * Returns once Logto answered the confirmation, which it does after its back-channel calls.
         *
         * @param clientId the app the sign-out starts from
         * @return the confirmation's HTTP status (303 to the post sign-out page)
         */
        public int signOut(String clientId) {
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(issuer() + "/session/end?client_id="
                    + encode(clientId))).GET().build());
            Matcher xsrf = XSRF.matcher(page.body());
            if (!xsrf.find()) {
                throw new IllegalStateException("no sign-out form (HTTP " + page.statusCode() + "): " + page.body());
            }
            HttpResponse<String> confirmed = send(HttpRequest.newBuilder(URI.create(issuer() + "/session/end/confirm"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("xsrf=" + encode(xsrf.group(1)) + "&logout=yes")).build());
            return confirmed.statusCode();
        }

        private HttpResponse<String> send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
