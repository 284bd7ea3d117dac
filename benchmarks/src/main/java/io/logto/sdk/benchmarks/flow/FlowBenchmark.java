package io.logto.sdk.benchmarks.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoConfig;
import io.logto.sdk.OidcCore;
import io.logto.sdk.storage.MemoryStorage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sign-in path against Logto's engine on loopback, flow by flow: {@code signIn}, a login through
 * the engine's interaction endpoints (not timed: that is the browser's part), then
 * {@code handleSignInCallback}; and a refresh, {@code getAccessToken(resource)} on an expired token.
 * For each timed call it reads the engine's own time for its token request from the engine's
 * {@code REQUEST_LOG} output, so that the SDK's share (SDK time − provider time) can be told apart.
 *
 * <p>With {@code --python CMD}, it runs the Python SDK's timing script ({@code python_sdk_flow.py})
 * between its own batches, so that both SDKs see the same engine and the same machine load, and
 * prints the two side by side. Run it through {@code benchmarks/flow-bench.sh}, which installs and
 * starts the engine.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.logto.sdk.benchmarks.flow.FlowBenchmark \
 *     --endpoint http://127.0.0.1:3211 --log engine.log [--warmup 10] [--flows 60] [--rounds 3]
 *     [--per-flow true] [--python "python3 …"]
 * </pre>
 */
public final class FlowBenchmark {
    static final String REDIRECT_URI = "http://127.0.0.1:8080/callback";
    static final String RESOURCE = "https://api.example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One flow's times in milliseconds. */
    record Flow(double signIn, double callback, double callbackProvider, double refresh, double refreshProvider) {
        double callbackClient() {
            return callback - callbackProvider;
        }

        double refreshClient() {
            return refresh - refreshProvider;
        }
    }

    private FlowBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String endpoint = required(options, "endpoint");
        Path log = Path.of(required(options, "log"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
        int flows = Integer.parseInt(options.getOrDefault("flows", "60"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        String python = options.get("python");

        var tail = new EngineLog(log);
        var login = new Login();
        LogtoConfig config = LogtoConfig.builder().endpoint(endpoint).appId("web-app").appSecret("web-app-secret")
                .scopes(List.of("email")).resources(List.of(RESOURCE)).build();
        long creating = System.nanoTime();
        OidcCore core = OidcCore.create(config);
        long coreReady = System.nanoTime();
        // One client and session for the whole run, as the Python side does (its client caches discovery).
        LogtoClient client = new LogtoClient(core, new MemoryStorage());

        // The first flow of a fresh JVM: class loading, discovery and JWKS fetches, nothing compiled yet.
        Flow first = flow(client, login, tail);
        System.out.printf(Locale.ROOT, "first sign-in in this JVM: signIn %.1f ms + callback %.1f ms (incl. discovery,"
                        + " JWKS, class loading); OidcCore.create %.1f ms; JVM start to first completed sign-in, less the"
                        + " login: %.0f ms%n", first.signIn, first.callback, (coreReady - creating) / 1e6,
                (double) (ManagementFactory.getRuntimeMXBean().getUptime() - login.lastMillis));

        for (int i = 1; i < warmup; i++) {
            flow(client, login, tail);
        }
        List<Flow> java = new ArrayList<>();
        List<Flow> py = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            int n = flows / rounds + (round < flows % rounds ? 1 : 0);
            for (int i = 0; i < n; i++) {
                java.add(flow(client, login, tail));
            }
            if (python != null) {
                py.addAll(runPython(python, endpoint, log, n));
            }
        }
        if (Boolean.parseBoolean(options.getOrDefault("per-flow", "false"))) {
            printEach("logto-java", java);
            printEach("Python SDK", py);
        }
        print(java, py);
        System.exit(0);
    }

    /** One timed flow of the Java SDK. */
    static Flow flow(LogtoClient client, Login login, EngineLog tail) throws Exception {
        long t0 = System.nanoTime();
        String url = client.signIn(REDIRECT_URI).join();
        long t1 = System.nanoTime();
        String callback = login.signIn(url);
        tail.skip();
        long t2 = System.nanoTime();
        client.handleSignInCallback(callback).join();
        long t3 = System.nanoTime();
        double callbackProvider = tail.nextTokenRequest();
        client.getAccessToken(RESOURCE).join(); // the first token for the resource
        tail.skip();
        long t4 = System.nanoTime();
        // The engine's resource tokens live ACCESS_TOKEN_TTL=30 s, less the SDK's 60 s margin: expired at once.
        String token = client.getAccessToken(RESOURCE).join().orElseThrow();
        long t5 = System.nanoTime();
        double refreshProvider = tail.nextTokenRequest();
        if (token.isEmpty()) {
            throw new IllegalStateException("no access token");
        }
        return new Flow((t1 - t0) / 1e6, (t3 - t2) / 1e6, callbackProvider, (t5 - t4) / 1e6, refreshProvider);
    }

    static List<Flow> runPython(String command, String endpoint, Path log, int flows) throws Exception {
        var argv = new ArrayList<>(Arrays.asList(command.trim().split("\\s+")));
        argv.addAll(List.of(endpoint, log.toString(), Integer.toString(flows)));
        Process process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Flow> result = new ArrayList<>();
        try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                JsonNode n = JSON.readTree(line);
                result.add(new Flow(n.get("signIn").asDouble(), n.get("callback").asDouble(),
                        n.get("callbackProvider").asDouble(), n.get("refresh").asDouble(),
                        n.get("refreshProvider").asDouble()));
            }
        }
        if (process.waitFor() != 0 || result.size() != flows) {
            throw new IllegalStateException("the Python timing script failed (" + result.size() + " flows)");
        }
        return result;
    }

    /** Every timed flow: SDK time, provider time and their difference, for the callback and the refresh (ms). */
    static void printEach(String sdk, List<Flow> flows) {
        for (int i = 0; i < flows.size(); i++) {
            Flow f = flows.get(i);
            System.out.printf(Locale.ROOT, "%s flow %3d: signIn %.3f | callback %.3f - provider %.3f = %.3f"
                            + " | refresh %.3f - provider %.3f = %.3f%n", sdk, i + 1, f.signIn, f.callback,
                    f.callbackProvider, f.callbackClient(), f.refresh, f.refreshProvider, f.refreshClient());
        }
    }

    static void print(List<Flow> java, List<Flow> py) {
        boolean both = !py.isEmpty();
        System.out.printf(Locale.ROOT, "%nmedians over %d flows%s (ms)%n", java.size(),
                both ? " each, Java and Python batches alternating" : "");
        System.out.printf(Locale.ROOT, "%-44s %12s%s%n", "", "logto-java", both ? String.format("%14s %10s", "Python SDK", "Java/Py") : "");
        row("signIn (no network)", java, py, Flow::signIn);
        row("handleSignInCallback", java, py, Flow::callback);
        row("  provider's own time (POST /oidc/token)", java, py, Flow::callbackProvider);
        row("  client side (callback - provider)", java, py, Flow::callbackClient);
        row("refresh: getAccessToken(resource), expired", java, py, Flow::refresh);
        row("  provider's own time (POST /oidc/token)", java, py, Flow::refreshProvider);
        row("  client side (refresh - provider)", java, py, Flow::refreshClient);
        double signInPlusCallback = median(java, f -> f.signIn + f.callbackClient());
        if (both) {
            double pySignIn = median(py, f -> f.signIn + f.callbackClient());
            System.out.printf(Locale.ROOT, "%-44s %12.3f %14.3f %10.2f%n", "client side of signIn + callback",
                    signInPlusCallback, pySignIn, signInPlusCallback / pySignIn);
        } else {
            System.out.printf(Locale.ROOT, "%-44s %12.3f%n", "client side of signIn + callback", signInPlusCallback);
        }
    }

    private static void row(String name, List<Flow> java, List<Flow> py, java.util.function.ToDoubleFunction<Flow> f) {
        double j = median(java, f);
        if (py.isEmpty()) {
            System.out.printf(Locale.ROOT, "%-44s %12.3f%n", name, j);
        } else {
            double p = median(py, f);
            System.out.printf(Locale.ROOT, "%-44s %12.3f %14.3f %10.2f%n", name, j, p, j / p);
        }
    }

    static double median(List<Flow> flows, java.util.function.ToDoubleFunction<Flow> f) {
        double[] values = flows.stream().mapToDouble(f).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static Map<String, String> options(String[] args) {
        var options = new LinkedHashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    /**
     * Signs alice in through the engine's interaction endpoints, as a browser would, and returns the
     * callback URL. Uses {@link HttpURLConnection} and a cookie jar, so that nothing of
     * {@code java.net.http} is loaded before the SDK needs it (the first-sign-in figure stays honest).
     */
    static final class Login {
        private final CookieManager cookies = new CookieManager();
        long lastMillis;

        Login() {
            // HttpURLConnection keeps cookies only through the JVM-wide handler: this program's own.
            CookieHandler.setDefault(cookies);
        }

        String signIn(String authorizationUrl) throws IOException {
            long started = System.nanoTime();
            cookies.getCookieStore().removeAll();
            String next = authorizationUrl;
            boolean loggedIn = false;
            for (int hop = 0; hop < 12; hop++) {
                if (next.startsWith(REDIRECT_URI)) {
                    lastMillis = (System.nanoTime() - started) / 1_000_000;
                    return next;
                }
                URI uri = URI.create(next);
                boolean login = !loggedIn && uri.getPath().startsWith("/interaction/");
                URL url = URI.create(login ? next + "/login" : next).toURL();
                HttpURLConnection connection = (HttpURLConnection) url.openConnection();
                connection.setInstanceFollowRedirects(false);
                connection.setConnectTimeout(5000);
                connection.setReadTimeout(10_000);
                if (login) {
                    byte[] form = ("username=alice&password=" + URLEncoder.encode("alice-password", StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.US_ASCII);
                    connection.setRequestMethod("POST");
                    connection.setDoOutput(true);
                    connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                    connection.setFixedLengthStreamingMode(form.length);
                    try (var out = connection.getOutputStream()) {
                        out.write(form);
                    }
                    loggedIn = true;
                }
                int status = connection.getResponseCode();
                try (var body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                    if (body != null) {
                        body.readAllBytes();
                    }
                }
                String location = connection.getHeaderField("Location");
                if (location == null) {
                    throw new IllegalStateException("login stopped at " + uri.getPath() + " with HTTP " + status);
                }
                next = uri.resolve(location).toString();
            }
            throw new IllegalStateException("no callback after 12 redirects");
        }
    }
}
