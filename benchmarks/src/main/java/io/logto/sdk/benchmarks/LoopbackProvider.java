package io.logto.sdk.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal Logto on 127.0.0.1 (ephemeral port), in this JVM: discovery, JWKS and a token endpoint.
 * The authorization step is skipped: a benchmark passes the sign-in's nonce as the authorization
 * code, and the token endpoint signs an ID token with that nonce. Refreshes answer a JWT access token
 * for the requested resource. Counts requests per path so that benchmarks can check they do not
 * talk to the network when they should not.
 */
public final class LoopbackProvider implements AutoCloseable {
    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle plus the
        // client's delayed ACK add ~40 ms to every response (measured: 18 vs 88 sign-ins/s on one
        // thread). Real Logto (Node.js) sets TCP_NODELAY, so the benchmarks must too.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final LogtoShapedTokens tokens;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String endpoint;
    private final Map<String, AtomicInteger> counts = new java.util.concurrent.ConcurrentHashMap<>();

    /** Starts the server. */
    public LoopbackProvider(LogtoShapedTokens tokens) throws IOException {
        this.tokens = tokens;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "loopback-provider");
            t.setDaemon(true);
            return t;
        });
        this.endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/oidc/.well-known/openid-configuration", e -> answer(e, 200, discoveryJson()));
        server.createContext("/oidc/jwks", e -> answer(e, 200, tokens.jwksJson()));
        server.createContext("/oidc/token", this::token);
        server.setExecutor(executor);
        server.start();
    }

    /** The Logto endpoint to configure, e.g. {@code http://127.0.0.1:41234}. */
    public String endpoint() {
        return endpoint;
    }

    /** The issuer, {@code {endpoint}/oidc}. */
    public String issuer() {
        return endpoint + "/oidc";
    }

    /** Requests served so far on {@code path} (e.g. {@code /oidc/token}). */
    public int count(String path) {
        AtomicInteger n = counts.get(path);
        return n == null ? 0 : n.get();
    }

    private String discoveryJson() {
        String oidc = issuer();
        return "{\"issuer\":\"" + oidc + "\",\"authorization_endpoint\":\"" + oidc + "/auth\","
                + "\"token_endpoint\":\"" + oidc + "/token\",\"userinfo_endpoint\":\"" + oidc + "/me\","
                + "\"jwks_uri\":\"" + oidc + "/jwks\",\"end_session_endpoint\":\"" + oidc + "/session/end\","
                + "\"revocation_endpoint\":\"" + oidc + "/token/revocation\","
                + "\"id_token_signing_alg_values_supported\":[\"ES384\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"],"
                + "\"authorization_response_iss_parameter_supported\":true}";
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String body;
        if ("authorization_code".equals(form.get("grant_type"))) {
            body = "{\"access_token\":\"" + tokens.opaqueToken() + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                    + "\"scope\":\"openid offline_access profile\",\"refresh_token\":\"" + tokens.opaqueToken() + "\","
                    + "\"id_token\":\"" + tokens.idToken(issuer(), form.get("code")) + "\"}";
        } else if ("refresh_token".equals(form.get("grant_type"))) {
            String resource = form.getOrDefault("resource", "");
            String access = resource.isEmpty() ? tokens.opaqueToken() : tokens.accessToken(issuer(), resource);
            body = "{\"access_token\":\"" + access + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                    + "\"scope\":\"read:data write:data\"}";
        } else {
            answer(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        answer(exchange, 200, body);
    }

    private void answer(HttpExchange exchange, int status, String json) throws IOException {
        counts.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new AtomicInteger()).incrementAndGet();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> parseForm(String body) {
        var form = new HashMap<String, String>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
