package io.logto.sdk.testing;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Refresh grants as oidc-provider 9 (Logto's engine) answers them for a client whose tokens rotate
 * on every refresh ({@code ROTATE_REFRESH_TOKEN=always}): the refresh token sent is consumed and a
 * new one issued; a consumed token presented again is taken for theft and <b>revokes the whole
 * grant</b> (every token of it dies), answered {@code 400 invalid_grant}, as is any token of a
 * revoked grant. A WireMock transformer for {@link FakeLogto}'s token endpoint (stubs opt in with
 * {@link #NAME}); thread-safe, and atomic per request (the real provider has a small window in which
 * two requests both pass; this one has none, which makes a double refresh always visible).
 */
public final class RotatingRefreshTokens implements ResponseDefinitionTransformerV2 {
    /** The transformer's name, for {@code withTransformers}. */
    public static final String NAME = "logto-rotating-refresh";

    private record Token(String grant, boolean consumed) {
    }

    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<String, Long> delays = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Boolean> revokedGrants = new HashMap<>();
    private int issued;
    private int refreshes;
    private int reuses;

    /** Forgets every grant. */
    public synchronized void reset() {
        tokens.clear();
        revokedGrants.clear();
        issued = 0;
        refreshes = 0;
        reuses = 0;
    }

    /** Starts a grant whose current refresh token is {@code refreshToken}. */
    public synchronized void startGrant(String grant, String refreshToken) {
        tokens.put(refreshToken, new Token(grant, false));
        revokedGrants.put(grant, false);
    }

    /** Answers refreshes of {@code refreshToken} only after {@code millis} (a slow provider for one session). */
    public void delay(String refreshToken, long millis) {
        delays.put(refreshToken, millis);
    }

    /** Revokes {@code grant} (as sign-out elsewhere or an administrator would). */
    public synchronized void revoke(String grant) {
        revokedGrants.put(grant, true);
    }

    /** Whether {@code grant} was revoked (a consumed token came back). */
    public synchronized boolean isRevoked(String grant) {
        return revokedGrants.getOrDefault(grant, true);
    }

    /** Refresh grants answered with tokens. */
    public synchronized int refreshes() {
        return refreshes;
    }

    /** Consumed tokens presented again (each revoked its grant). */
    public synchronized int reuses() {
        return reuses;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Map<String, String> form = form(event.getRequest().getBodyAsString());
        Long delay = form.get("refresh_token") == null ? null : delays.get(form.get("refresh_token"));
        if (delay != null) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return answer(form);
    }

    private synchronized ResponseDefinition answer(Map<String, String> form) {
        String sent = form.get("refresh_token");
        Token token = sent == null ? null : tokens.get(sent);
        if (token == null || revokedGrants.getOrDefault(token.grant(), true)) {
            return invalidGrant();
        }
        if (token.consumed()) {
            reuses++;
            revokedGrants.put(token.grant(), true);
            return invalidGrant();
        }
        tokens.put(sent, new Token(token.grant(), true));
        issued++;
        refreshes++;
        String next = "rotated-" + issued;
        tokens.put(next, new Token(token.grant(), false));
        String target = form.getOrDefault("resource", form.getOrDefault("organization_id", ""));
        String body = "{\"access_token\":\"access-" + issued + "-" + target.hashCode() + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":3600,\"scope\":\"read\",\"refresh_token\":\"" + next + "\"}";
        return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body).build();
    }

    private static ResponseDefinition invalidGrant() {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"grant request is invalid\"}").build();
    }

    private static Map<String, String> form(String body) {
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
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
