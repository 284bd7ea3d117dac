package io.logto.examples.m2m;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.examples.ExampleAnswers;
import io.logto.examples.LocalOidcProvider;
import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import io.logto.sdk.m2m.ClientCredentialsRequest;
import io.logto.sdk.m2m.ClientCredentialsTokenProvider;
import io.logto.sdk.m2m.IssuedToken;
import io.logto.sdk.m2m.ManagementApi;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The machine-to-machine example: a backend that calls Logto's Management API as itself (no user,
 * no browser) and lists the tenant's users. {@code mvn -q -pl examples -am process-classes -Drun=m2m}.
 *
 * <p>With {@code LOGTO_ENDPOINT}, {@code LOGTO_APP_ID} and {@code LOGTO_APP_SECRET} of a
 * machine-to-machine app (Console → Applications → Machine-to-machine, with a role that has
 * "Logto Management API access"), it talks to your Logto: the token is for
 * {@code https://<tenant-id>.logto.app/api} on Logto Cloud ({@code <tenant-id>} taken from a
 * {@code *.logto.app} endpoint), for {@code https://default.logto.app/api} on a self-hosted Logto,
 * or for {@code LOGTO_MANAGEMENT_API_RESOURCE} when set (a custom domain). Without
 * {@code LOGTO_ENDPOINT} it runs offline against the local development provider and a
 * {@link ManagementApiStandIn clearly labelled local stand-in} for {@code /api/users}.
 *
 * <p>The whole of the SDK's part:
 * <pre>{@code
 * var tokens = ClientCredentialsTokenProvider.create(config);              // once per app
 * IssuedToken token = tokens.token(ClientCredentialsRequest.forResource(resource, ManagementApi.SCOPE)).join();
 * HttpRequest.newBuilder(URI.create(endpoint + "/api/users")).header("Authorization", token.authorizationHeader());
 * }</pre>
 */
public final class M2mExample {
    private static final ObjectMapper JSON = new ObjectMapper();

    private M2mExample() {
    }

    /** Runs the example as configured by the environment; exits with a non-zero status on failure. */
    public static void main(String[] args) {
        int status = run(System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Gets a Management API token, lists the users, prints them to {@code out}.
     *
     * @return the exit status: 0, 1 when Logto refused or failed, 2 for a configuration error
     */
    static int run(Map<String, String> env, PrintStream out, PrintStream err) {
        Optional<String> endpoint = value(env, "LOGTO_ENDPOINT");
        if (endpoint.isPresent() && (value(env, "LOGTO_APP_ID").isEmpty() || value(env, "LOGTO_APP_SECRET").isEmpty())) {
            err.println("LOGTO_APP_ID and LOGTO_APP_SECRET of a machine-to-machine app are required with LOGTO_ENDPOINT.");
            return 2;
        }
        if (endpoint.isPresent()) {
            String resource = value(env, "LOGTO_MANAGEMENT_API_RESOURCE").orElseGet(() -> managementApiResource(endpoint.get()));
            out.println("Logto at " + endpoint.get() + ", Management API resource " + resource);
            LogtoConfig.Builder config = LogtoConfig.builder().endpoint(endpoint.get()).appId(env.get("LOGTO_APP_ID"))
                    .appSecret(env.get("LOGTO_APP_SECRET"));
            if ("true".equalsIgnoreCase(value(env, "LOGTO_DANGEROUSLY_ALLOW_INSECURE_HTTP").orElse("false"))) {
                config.dangerouslyAllowInsecureHttp(); // a Logto container on a private network, over http
            }
            LogtoConfig m2m;
            try {
                m2m = config.build();
            } catch (LogtoException e) {
                err.println("Cannot start the example: " + e.getMessage());
                return 2;
            }
            return listUsers(m2m, resource, URI.create(m2m.endpoint() + "/api"), out, err);
        }
        try (var provider = LocalOidcProvider.start();
             var standIn = ManagementApiStandIn.start(provider.endpoint())) {
            out.println("Offline: LOGTO_ENDPOINT is not set, so the token comes from the local development provider");
            out.println("and the users from a LOCAL STAND-IN for Logto's Management API at " + standIn.apiBase()
                    + " (made-up users).");
            out.println("Set LOGTO_ENDPOINT, LOGTO_APP_ID and LOGTO_APP_SECRET (a machine-to-machine app) to list yours.");
            return listUsers(LogtoConfig.builder().endpoint(provider.endpoint()).appId("logto-java-m2m-example")
                            .appSecret(LocalOidcProvider.APP_SECRET).build(),
                    ManagementApi.SELF_HOSTED_RESOURCE, standIn.apiBase(), out, err);
        }
    }

    private static int listUsers(LogtoConfig config, String resource, URI apiBase, PrintStream out, PrintStream err) {
        var tokens = ClientCredentialsTokenProvider.create(config);
        var request = ClientCredentialsRequest.forResource(resource, ManagementApi.SCOPE);
        try {
            IssuedToken token = ExampleAnswers.await(tokens.token(request));
            out.println("Got " + token + ".");
            HttpResponse<String> users = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(apiBase + "/users?page_size=20")).timeout(Duration.ofSeconds(10))
                            .header("Authorization", token.authorizationHeader()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (users.statusCode() != 200) {
                err.println("GET " + apiBase + "/users answered HTTP " + users.statusCode() + ": " + users.body());
                return 1;
            }
            printUsers(JSON.readTree(users.body()), out);
            boolean reused = ExampleAnswers.await(tokens.token(request)) == token;
            out.println("Asking again " + (reused ? "reused the cached token" : "fetched a new token")
                    + " (cached until a minute before it expires).");
            return 0;
        } catch (LogtoException logto) {
            ExampleAnswers.log("Machine-to-machine token refused", logto); // WARNING for the app's credentials
            err.println("Logto refused: " + logto.code() + ": " + logto.getMessage()
                    + (logto.code() == LogtoException.Code.CLIENT_AUTHENTICATION_FAILED
                    ? "\nCheck LOGTO_APP_ID and LOGTO_APP_SECRET: they must be a machine-to-machine app's." : ""));
            return 1;
        } catch (IOException e) {
            err.println("GET " + apiBase + "/users failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static void printUsers(JsonNode users, PrintStream out) {
        out.println(users.size() + " user(s):");
        for (JsonNode user : users) {
            out.println("  " + user.path("id").asText() + "  " + user.path("username").asText("-") + "  "
                    + user.path("primaryEmail").asText("-") + "  " + user.path("name").asText("-"));
        }
    }

    /**
     * The Management API's resource indicator for an endpoint: {@code https://<tenant-id>.logto.app/api}
     * for a Logto Cloud endpoint {@code https://<tenant-id>.logto.app}, else a self-hosted Logto's
     * (a Cloud tenant on a custom domain must set {@code LOGTO_MANAGEMENT_API_RESOURCE}).
     */
    static String managementApiResource(String endpoint) {
        String host = URI.create(endpoint.strip()).getHost();
        if (host != null && host.endsWith(".logto.app") && host.indexOf('.') == host.length() - ".logto.app".length()) {
            return ManagementApi.resource(host.substring(0, host.indexOf('.')));
        }
        return ManagementApi.SELF_HOSTED_RESOURCE;
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
