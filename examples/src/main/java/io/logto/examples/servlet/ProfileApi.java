package io.logto.examples.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.resourceserver.VerifiedAccessToken;
import io.logto.sdk.servlet.LogtoBearerFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;

/**
 * {@code GET /api/profile}: the example's API. {@link LogtoBearerFilter} has already checked the
 * request's access token (signature, {@code typ}, issuer, audience = the API resource, expiry, scope
 * {@code read:data}); this servlet only reads the accepted token's claims from the request and
 * answers with them as JSON. Thread-safe.
 */
final class ProfileApi extends HttpServlet {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        VerifiedAccessToken token = LogtoBearerFilter.accessToken(request)
                .orElseThrow(() -> new IllegalStateException("not behind LogtoBearerFilter"));
        var body = new LinkedHashMap<String, Object>();
        body.put("sub", token.subject());
        body.put("user", token.userId().orElse(null));
        body.put("clientId", token.clientId());
        body.put("audience", token.audience());
        body.put("scopes", token.scopes());
        body.put("organizationId", token.organizationId().orElse(null));
        body.put("expiresAt", token.expiresAt().toString());
        byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
