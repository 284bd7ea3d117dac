package io.logto.examples.jdkserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.logto.examples.pages.Pages;
import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoException;
import io.logto.sdk.SignInOptions;
import io.logto.sdk.SignInOptions.DirectSignIn;
import io.logto.sdk.UserInfoResponse;
import io.logto.sdk.OidcCore;
import io.logto.sdk.storage.SessionStorage;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The example's routes, mirroring Logto's Python (Flask) sample: {@code /}, {@code /sign-in},
 * {@code /callback}, {@code /sign-out} and the {@code /protected} pages. Each request gets its own
 * {@link LogtoClient}, bound to that browser's session; all of them share one {@link OidcCore}.
 * Thread-safe.
 */
final class ExampleRoutes implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(ExampleRoutes.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OidcCore core;
    private final CookieSessionStore sessions;
    private final String baseUrl;
    private final Map<String, Route> routes = Map.of(
            "/", this::home,
            "/sign-in", this::signIn,
            "/callback", this::callback,
            "/sign-out", this::signOut,
            "/protected", this::protectedPage,
            "/protected/userinfo", this::userInfo,
            "/protected/no-redirect", this::noRedirect,
            "/protected/organizations", this::organizations);

    ExampleRoutes(OidcCore core, CookieSessionStore sessions, URI baseUrl) {
        this.core = core;
        this.sessions = sessions;
        this.baseUrl = baseUrl.toString();
    }

    /** What a route gets: the exchange, the browser's session and a client bound to it. */
    private record Call(HttpExchange exchange, CookieSessionStore.RequestSession session, LogtoClient client) {
    }

    @FunctionalInterface
    private interface Route {
        void handle(Call call) throws IOException;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            Route route = routes.get(exchange.getRequestURI().getPath());
            if (route == null) {
                send(exchange, 404, Pages.error("Not found", "There is no page here."));
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, Pages.error("Method not allowed", "Only GET is served here."));
            } else {
                var session = sessions.open(exchange);
                route.handle(new Call(exchange, session, new LogtoClient(core, new SessionStorage(session))));
            }
        } catch (LogtoException e) {
            LOG.log(System.Logger.Level.WARNING, "Logto request failed: {0} {1}", e.code(), e.getMessage());
            send(exchange, 502, Pages.error("Logto request failed", e.code() + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Request failed", e);
            send(exchange, 500, Pages.error("Something went wrong", "The request failed; see the server log."));
        } finally {
            exchange.close();
        }
    }

    // ---- the routes ---------------------------------------------------------------------------

    private void home(Call call) throws IOException {
        if (signedIn(call)) {
            send(call.exchange(), 200, Pages.signedInHome(call.client().getIdTokenClaims()));
        } else {
            send(call.exchange(), 200, Pages.signedOutHome());
        }
    }

    private void signIn(Call call) throws IOException {
        var options = SignInOptions.builder(baseUrl + "/callback")
                .interactionMode(SignInOptions.InteractionMode.SIGN_IN);
        // "Continue with Naver" links to /sign-in?directSignIn=social:naver (the servlet adapter's
        // spelling, so both examples share one page); Logto gets direct_sign_in=social:naver and
        // skips its own page.
        queryParameter(call.exchange(), "directSignIn").flatMap(DirectSignIn::parse).ifPresent(options::directSignIn);
        redirect(call.exchange(), await(call.client().signIn(options.build())));
    }

    private void callback(Call call) throws IOException {
        // Rebuild the URL from the configured base URL, not from the Host header a client controls.
        String query = call.exchange().getRequestURI().getRawQuery();
        String callbackUrl = baseUrl + "/callback" + (query == null ? "" : "?" + query);
        try {
            await(call.client().handleSignInCallback(callbackUrl));
        } catch (LogtoException e) {
            String detail = e.error().map(error -> e.code() + " (" + error + e.errorDescription().map(d -> ": " + d)
                    .orElse("") + ")").orElse(e.code() + ": " + e.getMessage());
            send(call.exchange(), 400, Pages.error("Sign-in failed", detail));
            return;
        }
        call.session().rotateId();
        redirect(call.exchange(), "/");
    }

    private void signOut(Call call) throws IOException {
        String endSessionUrl = await(call.client().signOut(baseUrl + "/"));
        call.session().invalidate();
        redirect(call.exchange(), endSessionUrl);
    }

    private void protectedPage(Call call) throws IOException {
        if (requireSignIn(call)) {
            send(call.exchange(), 200, Pages.protectedPage(call.client().getIdTokenClaims()));
        }
    }

    private void userInfo(Call call) throws IOException {
        if (requireSignIn(call)) {
            UserInfoResponse userInfo = await(call.client().fetchUserInfo());
            send(call.exchange(), 200, Pages.userInfo(call.client().getIdTokenClaims(), userInfo));
        }
    }

    private void noRedirect(Call call) throws IOException {
        if (!signedIn(call)) {
            sendJson(call.exchange(), 401, Map.of("error", "unauthorized", "message", "sign in first"));
            return;
        }
        IdTokenClaims claims = call.client().getIdTokenClaims();
        var body = new LinkedHashMap<String, Object>();
        body.put("sub", claims.sub());
        body.put("name", Pages.displayName(claims));
        sendJson(call.exchange(), 200, body);
    }

    private void organizations(Call call) throws IOException {
        if (!requireSignIn(call)) {
            return;
        }
        if (!core.config().hasOrganizationScope()) {
            send(call.exchange(), 200, Pages.organizationsNotConfigured());
            return;
        }
        IdTokenClaims claims = call.client().getIdTokenClaims();
        var organizations = new ArrayList<Pages.Organization>();
        for (String id : claims.organizations()) {
            try {
                organizations.add(new Pages.Organization(id,
                        Optional.of(await(call.client().getOrganizationTokenClaims(id))), Optional.empty()));
            } catch (LogtoException e) {
                organizations.add(new Pages.Organization(id, Optional.empty(),
                        Optional.of("No organization token: " + e.code() + ": " + e.getMessage())));
            }
        }
        send(call.exchange(), 200, Pages.organizations(claims, organizations));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static boolean signedIn(Call call) {
        return await(call.client().isAuthenticated());
    }

    /** True when signed in; otherwise sends the browser to sign in and returns false. */
    private static boolean requireSignIn(Call call) throws IOException {
        if (signedIn(call)) {
            return true;
        }
        redirect(call.exchange(), Pages.SIGN_IN);
        return false;
    }

    /**
     * Waits for an SDK future. This server's handlers are blocking, so waiting here is the simple,
     * honest choice; an asynchronous framework would compose the future instead.
     */
    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LogtoException logto) {
                throw logto;
            }
            throw e;
        }
    }

    private static Optional<String> queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                values.add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    private static void send(HttpExchange exchange, int status, String html) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        write(exchange, status, html.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendJson(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        write(exchange, status, JSON.writeValueAsBytes(body));
    }

    private static void write(HttpExchange exchange, int status, byte[] body) throws IOException {
        // Pages show tokens' claims: never cache them.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
