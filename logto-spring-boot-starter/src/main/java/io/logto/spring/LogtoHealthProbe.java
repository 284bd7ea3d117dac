package io.logto.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether Logto answers: its discovery document and its key set (JWKS) can be fetched now. Unlike
 * the SDK's own calls it never uses a cache — a health check must ask. The health indicator of each
 * Spring Boot major ({@code LogtoHealthIndicator}) reports what it finds.
 *
 * <p>Thread-safe: one instance, one HTTP client, for every check.
 */
public final class LogtoHealthProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI discovery;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * A probe of the tenant at {@code endpoint}.
     *
     * @param endpoint the Logto endpoint ({@code logto.endpoint})
     * @param timeout  how long each request may take
     */
    public LogtoHealthProbe(String endpoint, Duration timeout) {
        String base = endpoint.strip().replaceAll("/+$", "");
        this.discovery = URI.create(base + "/oidc/.well-known/openid-configuration");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * What a check found.
     *
     * @param up      whether both documents were fetched and usable
     * @param details what to show: the URLs, the number of keys, or what failed
     */
    public record Result(boolean up, Map<String, Object> details) {
    }

    /**
     * Fetches the discovery document, then the key set it names.
     *
     * @return the result; never throws for a network failure
     */
    public Result check() {
        var details = new LinkedHashMap<String, Object>();
        details.put("discovery", discovery.toString());
        try {
            JsonNode document = get(discovery);
            if (!document.path("issuer").isTextual() || !document.path("jwks_uri").isTextual()) {
                details.put("error", "the discovery document has no issuer or jwks_uri");
                return new Result(false, details);
            }
            URI jwks = URI.create(document.get("jwks_uri").asText());
            details.put("jwks", jwks.toString());
            JsonNode keys = get(jwks).path("keys");
            if (!keys.isArray() || keys.isEmpty()) {
                details.put("error", "the key set has no keys");
                return new Result(false, details);
            }
            details.put("keys", keys.size());
            return new Result(true, details);
        } catch (IOException | IllegalArgumentException e) {
            details.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return new Result(false, details);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            details.put("error", "interrupted");
            return new Result(false, details);
        }
    }

    private JsonNode get(URI uri) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public String toString() {
        return "LogtoHealthProbe{" + discovery + "}";
    }
}
