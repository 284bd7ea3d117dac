package io.logto.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small OIDC provider on 127.0.0.1 that treats refresh tokens the way Logto's engine
 * (oidc-provider 9) does for a client whose tokens rotate on every refresh: each refresh consumes
 * the token sent and issues a new one, and <b>a consumed token presented again revokes the whole
 * grant</b> (every refresh token of it dies; {@code 400 invalid_grant}, the answer for any token of a
 * revoked grant). mock-oauth2-server never refuses a refresh token, so it cannot show what a second
 * refresh with the same token costs; this one counts it ({@link #reuses()}).
 *
 * <p>Logto's URL layout: issuer {@code {endpoint}/oidc}, discovery, JWKS (the ES384 test key),
 * authorization ({@code /oidc/auth}: a login form with a {@code username} field, posted back with
 * the same query, like mock-oauth2-server's), token (authorization code with PKCE S256, refresh),
 * revocation (revokes the grant), userinfo ({@code /oidc/me}) and end-session. Any client id is
 * accepted. ID tokens carry {@code sub} = the username, {@code name} and {@code email} from the
 * posted {@code claims} JSON, and the nonce; tokens are timed by the given clock. Each step is
 * atomic (the real provider has a small window in which two refreshes with one token both pass;
 * this one has none, so every double refresh shows). Thread-safe.
 */
public final class RotatingOidcProvider implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final Clock clock;
    private final Object lock = new Object();
    private final Map<String, Code> codes = new HashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new HashMap<>();
    private final Map<String, Grant> grants = new HashMap<>();
    private final Map<String, String> accessTokens = new HashMap<>();
    private final List<String> issued = new java.util.ArrayList<>();
    private long counter;
    private int refreshes;
    private int reuses;
    private int refused;

    private record Code(String sub, Map<String, Object> claims, String clientId, String redirectUri, String nonce,
                        String challenge) {
    }

    private record RefreshToken(String grant, boolean consumed) {
    }

    private static final class Grant {
        final String sub;
        final String clientId;
        final Map<String, Object> claims;
        boolean revoked;

        Grant(String sub, String clientId, Map<String, Object> claims) {
            this.sub = sub;
            this.clientId = clientId;
            this.claims = claims;
        }
    }

    /**
     * Starts the provider on 127.0.0.1 on a free port.
     *
     * @param clock the time of the tokens
     */
    public RotatingOidcProvider(Clock clock) {
        this.clock = clock;
        // The JDK server delays small responses ~40 ms without TCP_NODELAY.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/oidc/", this::handle);
        server.start();
    }

    /**
     * The SDK's endpoint.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
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
     * Refresh grants answered with new tokens.
     *
     * @return the count
     */
    public int refreshes() {
        synchronized (lock) {
            return refreshes;
        }
    }

    /**
     * Consumed refresh tokens presented again; each revoked its grant.
     *
     * @return the count
     */
    public int reuses() {
        synchronized (lock) {
            return reuses;
        }
    }

    /**
     * Refresh grants refused (reuse, revoked grant, unknown token).
     *
     * @return the count
     */
    public int refusedRefreshes() {
        synchronized (lock) {
            return refused;
        }
    }

    /**
     * Grants revoked, by reuse detection or the revocation endpoint.
     *
     * @return the count
     */
    public int revokedGrants() {
        synchronized (lock) {
            return (int) grants.values().stream().filter(g -> g.revoked).count();
        }
    }

    /**
     * Grants of {@code sub} still alive.
     *
     * @param sub the user
     * @return the count
     */
    public int liveGrantsOf(String sub) {
        synchronized (lock) {
            return (int) grants.values().stream().filter(g -> !g.revoked && g.sub.equals(sub)).count();
        }
    }

    /**
     * Every token issued so far (access, refresh and ID tokens), to check that none shows anywhere.
     *
     * @return the tokens, oldest first
     */
    public List<String> issuedTokens() {
        synchronized (lock) {
            return List.copyOf(issued);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/oidc/.well-known/openid-configuration" -> json(exchange, 200, discovery());
                case "/oidc/jwks" -> send(exchange, 200, "application/json", TestKeys.jwks(TestKeys.ES384));
                case "/oidc/auth" -> authorize(exchange, method);
                case "/oidc/token" -> token(exchange, form(body(exchange)));
                case "/oidc/token/revocation" -> revoke(exchange, form(body(exchange)));
                case "/oidc/me" -> userInfo(exchange);
                case "/oidc/session/end" -> endSession(exchange);
                default -> send(exchange, 404, "text/plain", "not found");
            }
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain", e.toString());
        }
    }

    private Map<String, Object> discovery() {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("issuer", issuer());
        doc.put("authorization_endpoint", issuer() + "/auth");
        doc.put("token_endpoint", issuer() + "/token");
        doc.put("userinfo_endpoint", issuer() + "/me");
        doc.put("jwks_uri", issuer() + "/jwks");
        doc.put("end_session_endpoint", issuer() + "/session/end");
        doc.put("revocation_endpoint", issuer() + "/token/revocation");
        doc.put("response_types_supported", List.of("code"));
        doc.put("id_token_signing_alg_values_supported", List.of("ES384"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        doc.put("authorization_response_iss_parameter_supported", true);
        return doc;
    }

    private void authorize(HttpExchange exchange, String method) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        if (method.equals("GET")) {
            send(exchange, 200, "text/html", "<form method=\"post\"><input name=\"username\">"
                    + "<input name=\"claims\"><button>Sign in</button></form>");
            return;
        }
        Map<String, String> login = form(body(exchange));
        String code = newToken("code");
        Map<String, Object> claims = parseClaims(login.getOrDefault("claims", "{}"));
        synchronized (lock) {
            codes.put(code, new Code(login.get("username"), claims, query.get("client_id"), query.get("redirect_uri"),
                    query.get("nonce"), query.get("code_challenge")));
        }
        String location = query.get("redirect_uri") + "?code=" + enc(code) + "&state=" + enc(query.get("state"))
                + "&iss=" + enc(issuer());
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
        String grantType = form.getOrDefault("grant_type", "");
        if (grantType.equals("authorization_code")) {
            Code code;
            synchronized (lock) {
                code = codes.remove(form.getOrDefault("code", ""));
            }
            if (code == null || !code.redirectUri().equals(form.get("redirect_uri"))
                    || !s256(form.getOrDefault("code_verifier", "")).equals(code.challenge())) {
                invalidGrant(exchange);
                return;
            }
            String grantId = newToken("grant");
            String refreshToken = newToken("refresh");
            var grant = new Grant(code.sub(), code.clientId(), code.claims());
            synchronized (lock) {
                grants.put(grantId, grant);
                refreshTokens.put(refreshToken, new RefreshToken(grantId, false));
            }
            json(exchange, 200, tokens(grant, refreshToken, code.nonce()));
            return;
        }
        if (grantType.equals("refresh_token")) {
            refresh(exchange, form.getOrDefault("refresh_token", ""));
            return;
        }
        json(exchange, 400, Map.of("error", "unsupported_grant_type"));
    }

    /** oidc-provider's refresh grant: reuse of a consumed token revokes the grant; otherwise rotate. */
    private void refresh(HttpExchange exchange, String sent) throws IOException {
        Grant grant;
        String next = newToken("refresh");
        synchronized (lock) {
            RefreshToken token = refreshTokens.get(sent);
            grant = token == null ? null : grants.get(token.grant());
            if (grant == null || grant.revoked) {
                refused++;
                grant = null;
            } else if (token.consumed()) {
                reuses++;
                refused++;
                grant.revoked = true;
                grant = null;
            } else {
                refreshTokens.put(sent, new RefreshToken(token.grant(), true));
                refreshTokens.put(next, new RefreshToken(token.grant(), false));
                refreshes++;
            }
        }
        if (grant == null) {
            invalidGrant(exchange);
            return;
        }
        json(exchange, 200, tokens(grant, next, null));
    }

    private Map<String, Object> tokens(Grant grant, String refreshToken, String nonce) {
        String accessToken = newToken("access");
        synchronized (lock) {
            accessTokens.put(accessToken, grant.sub);
        }
        var idToken = new TokenFactory(issuer(), grant.clientId, clock).idToken().claim("sub", grant.sub);
        grant.claims.forEach(idToken::claim);
        if (nonce != null) {
            idToken.claim("nonce", nonce);
        }
        String signedIdToken = idToken.signedWith(TestKeys.ES384);
        synchronized (lock) {
            issued.add(accessToken);
            issued.add(refreshToken);
            issued.add(signedIdToken);
        }
        var response = new LinkedHashMap<String, Object>();
        response.put("access_token", accessToken);
        response.put("token_type", "Bearer");
        response.put("expires_in", 3600);
        response.put("scope", "openid offline_access profile email");
        response.put("refresh_token", refreshToken);
        response.put("id_token", signedIdToken);
        return response;
    }

    private void revoke(HttpExchange exchange, Map<String, String> form) throws IOException {
        synchronized (lock) {
            RefreshToken token = refreshTokens.get(form.getOrDefault("token", ""));
            if (token != null && grants.containsKey(token.grant())) {
                grants.get(token.grant()).revoked = true;
            }
        }
        exchange.sendResponseHeaders(200, -1);
    }

    private void userInfo(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String sub;
        synchronized (lock) {
            sub = authorization == null ? null : accessTokens.get(authorization.replaceFirst("^Bearer ", ""));
        }
        if (sub == null) {
            json(exchange, 401, Map.of("error", "invalid_token"));
            return;
        }
        json(exchange, 200, Map.of("sub", sub));
    }

    private void endSession(HttpExchange exchange) throws IOException {
        String target = form(exchange.getRequestURI().getRawQuery()).get("post_logout_redirect_uri");
        if (target == null) {
            send(exchange, 200, "text/plain", "signed out");
            return;
        }
        exchange.getResponseHeaders().set("Location", target);
        exchange.sendResponseHeaders(302, -1);
    }

    private static void invalidGrant(HttpExchange exchange) throws IOException {
        json(exchange, 400, Map.of("error", "invalid_grant", "error_description", "grant request is invalid"));
    }

    private String newToken(String kind) {
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        synchronized (lock) {
            counter++;
            return kind + "-" + counter + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }
    }

    private static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> parseClaims(String json) {
        try {
            return new LinkedHashMap<>(JsonUtil.parseJson(json));
        } catch (JoseException e) {
            return new LinkedHashMap<>();
        }
    }

    private static String body(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> form(String raw) {
        var form = new HashMap<String, String>();
        if (raw == null) {
            return form;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void json(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        send(exchange, status, "application/json", JsonUtil.toJson(body));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** Stops the provider. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** For debugging: the URI of this provider. */
    @Override
    public String toString() {
        return "RotatingOidcProvider{" + URI.create(endpoint()) + "}";
    }
}
