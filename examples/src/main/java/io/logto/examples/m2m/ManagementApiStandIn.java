package io.logto.examples.m2m;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.logto.examples.ExampleAnswers;
import io.logto.sdk.LogtoException;
import io.logto.sdk.m2m.ManagementApi;
import io.logto.sdk.resourceserver.AccessRequirement;
import io.logto.sdk.resourceserver.AccessTokenValidator;
import io.logto.sdk.resourceserver.BearerError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * <strong>A local stand-in for Logto's Management API</strong>, so that the machine-to-machine example
 * runs offline: {@code GET /api/users} on 127.0.0.1 answers two made-up users, and only to a request
 * with an access token for a self-hosted Logto's Management API ({@code https://default.logto.app/api},
 * scope {@code all}), checked with the SDK's {@link AccessTokenValidator} like any API would. It is
 * not Logto: point {@code LOGTO_ENDPOINT} at a real Logto to list real users.
 */
final class ManagementApiStandIn implements AutoCloseable {
    /** What {@code GET /api/users} answers: the shape of Logto's user objects, cut down. */
    static final String USERS = """
            [{"id":"stand-in-1","username":"ada","primaryEmail":"ada@example.com","name":"Ada Lovelace"},
             {"id":"stand-in-2","username":"grace","primaryEmail":"grace@example.com","name":"Grace Hopper"}]
            """;

    private final HttpServer server;
    private final AccessTokenValidator validator;

    private ManagementApiStandIn(HttpServer server, AccessTokenValidator validator) {
        this.server = server;
        this.validator = validator;
    }

    /** Starts the stand-in on a free loopback port; tokens must come from the provider at {@code endpoint}. */
    static ManagementApiStandIn start(String endpoint) {
        var validator = AccessTokenValidator.builder(endpoint).apiResource(ManagementApi.SELF_HOSTED_RESOURCE).build();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            var standIn = new ManagementApiStandIn(server, validator);
            server.createContext("/api/users", standIn::users);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException("the Management API stand-in could not start", e);
        }
    }

    /** Where its API is served, as {@code {endpoint}/api} is for Logto. */
    URI apiBase() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
    }

    private void users(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            answer(exchange, 401, "{\"error\":\"unauthorized\"}", "Bearer");
            return;
        }
        try {
            ExampleAnswers.await(validator.validate(authorization.substring(7).strip(),
                    AccessRequirement.api(ManagementApi.SCOPE)));
        } catch (LogtoException refused) {
            int status = BearerError.of(refused).map(BearerError::httpStatus).orElse(503);
            answer(exchange, status, "{\"error\":\"refused\"}", "Bearer error=\"invalid_token\"");
            return;
        }
        answer(exchange, 200, USERS, null);
    }

    private static void answer(HttpExchange exchange, int status, String json, String challenge) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Stand-In", "logto-java example; not Logto");
        if (challenge != null) {
            exchange.getResponseHeaders().set("WWW-Authenticate", challenge);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
