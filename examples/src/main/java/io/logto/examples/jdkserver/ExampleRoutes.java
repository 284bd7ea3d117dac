package io.logto.examples.jdkserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.logto.examples.ExampleAnswers;
import io.logto.examples.pages.Pages;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoException;
import io.logto.sdk.SignInOptions;
import io.logto.sdk.SignInOptions.DirectSignIn;
import io.logto.sdk.UserInfoResponse;
import io.logto.sdk.OidcCore;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The example's routes, mirroring Logto's Python (Flask) sample: {@code /}, {@code /sign-in},
 * {@code /callback}, {@code /sign-out} and the {@code /protected} pages. Each request gets its own
 * {@link LogtoClient}, bound to that browser's session; all of them share one {@link OidcCore}.
 *
 * <p>Signing out changes state, so another site must not be able to do it: only a {@code POST}
 * with the session's anti-forgery token (which the pages' sign-out button carries) signs out, and
 * not when the browser says the request came from another site. A {@code GET /sign-out} shows a
 * confirmation page. Thread-safe.
 */
final class ExampleRoutes implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(ExampleRoutes.class.getName());
    /** The largest form body read (a sign-out form is a few dozen bytes). */
    private static final int MAX_FORM_BYTES = 8 * 1024;

    private final OidcCore core;
    private final Function<HttpExchange, BrowserSession> sessions;
    private final String baseUrl;
    /** {@code scheme://host:port} of the base URL, as browsers send it in {@code Origin}. */
    private final String origin;
    private final Map<String, Route> routes = Map.of(
            "/", this::home,
            "/sign-in", this::signIn,
            "/callback", this::callback,
            "/sign-out", this::signOutConfirmation,
            "/protected", this::protectedPage,
            "/protected/userinfo", this::userInfo,
            "/protected/no-redirect", this::noRedirect,
            "/protected/organizations", this::organizations);
    private final Map<String, Route> postRoutes = Map.of(
            "/sign-in", this::signInConfirmed,
            "/sign-out", this::signOut);

    /**
     * The routes, with each request's session opened by {@code sessions}: a {@link CookieSessionStore}'s
     * {@code open} (sessions on this server) or an {@link EncryptedCookieSession} (in the browser).
     */
    ExampleRoutes(OidcCore core, Function<HttpExchange, BrowserSession> sessions, URI baseUrl) {
        this.core = core;
        this.sessions = sessions;
        this.baseUrl = baseUrl.toString();
        this.origin = baseUrl.getScheme() + "://" + baseUrl.getRawAuthority();
    }

    /** What a route gets: the exchange, the browser's session and a client bound to it. */
    private record Call(HttpExchange exchange, BrowserSession session, LogtoClient client) {
    }

    @FunctionalInterface
    private interface Route {
        void handle(Call call) throws IOException;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            boolean post = exchange.getRequestMethod().equals("POST");
            Route route = post ? postRoutes.get(path) : routes.get(path);
            if (route == null && !routes.containsKey(path) && !postRoutes.containsKey(path)) {
                send(exchange, 404, Pages.notFound());
            } else if (route == null || !(post || exchange.getRequestMethod().equals("GET"))) {
                exchange.getResponseHeaders().set("Allow", postRoutes.containsKey(path) ? "GET, POST" : "GET");
                send(exchange, 405, Pages.notice("Method not allowed", "This method is not served here."));
            } else {
                BrowserSession session = sessions.apply(exchange);
                route.handle(new Call(exchange, session, new LogtoClient(core, session.storage())));
            }
        } catch (LogtoException e) {
            ExampleAnswers.log("Logto request failed", e);
            if (e.code() == LogtoException.Code.REFRESH_TOKEN_INVALID || e.code() == LogtoException.Code.NOT_AUTHENTICATED
                    || e.code() == LogtoException.Code.CLIENT_AUTHENTICATION_FAILED) {
                // The session has ended (Logto refused the refresh for good, or it expired): sign in again.
                redirect(exchange, Pages.SIGN_IN);
                return;
            }
            send(exchange, 502, Pages.error("Logto request failed", ExampleAnswers.explain(e)));
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
            send(call.exchange(), 200, Pages.signedInHome(call.client().getIdTokenClaims(), call.session().csrfToken()));
        } else {
            send(call.exchange(), 200, Pages.signedOutHome());
        }
    }

    /**
     * {@code GET /sign-in}. Any site can send the browser here, as often as it likes; the browser's
     * {@code Sec-Fetch-Site} says whether a page of ours did. A sign-in another site may have
     * started never pushes out one the user has under way: when the session is full it is refused,
     * and the user continues with a button of ours instead.
     */
    private void signIn(Call call) throws IOException {
        Optional<String> directSignIn = queryParameter(call.exchange(), "directSignIn");
        startSignIn(call, directSignIn, SignInOptions.Initiator.fromSecFetchSite(
                call.exchange().getRequestHeaders().getFirst("Sec-Fetch-Site")));
    }

    /** {@code POST /sign-in}: the "Continue" button; with the session's token it is our own sign-in. */
    private void signInConfirmed(Call call) throws IOException {
        Map<String, String> form = form(call.exchange());
        boolean ours = notCrossSite(call) && call.session().isCsrfToken(form.get(Pages.CSRF_FIELD));
        startSignIn(call, Optional.ofNullable(form.get("directSignIn")),
                ours ? SignInOptions.Initiator.APP : SignInOptions.Initiator.UNVERIFIED);
    }

    private void startSignIn(Call call, Optional<String> directSignIn, SignInOptions.Initiator initiator)
            throws IOException {
        var options = SignInOptions.builder(baseUrl + "/callback")
                .interactionMode(SignInOptions.InteractionMode.SIGN_IN)
                .initiator(initiator);
        // "Continue with Naver" links to /sign-in?directSignIn=social:naver (the servlet adapter's
        // spelling, so both examples share one page); Logto gets direct_sign_in=social:naver and
        // skips its own page.
        directSignIn.flatMap(DirectSignIn::parse).ifPresent(options::directSignIn);
        String authorizationUrl;
        try {
            authorizationUrl = await(call.client().signIn(options.build()));
        } catch (LogtoException e) {
            if (e.code() != LogtoException.Code.TOO_MANY_PENDING_SIGN_INS) {
                throw e;
            }
            send(call.exchange(), 429, Pages.continueSignIn(call.session().csrfToken(), directSignIn));
            return;
        }
        redirect(call.exchange(), authorizationUrl);
    }

    private void callback(Call call) throws IOException {
        // Rebuild the URL from the configured base URL, not from the Host header a client controls.
        String query = call.exchange().getRequestURI().getRawQuery();
        String callbackUrl = baseUrl + "/callback" + (query == null ? "" : "?" + query);
        try {
            await(call.client().handleSignInCallback(callbackUrl));
        } catch (LogtoException e) {
            // The code and Logto's error go to the log; the visitor reads a sentence.
            ExampleAnswers.log("Sign-in callback rejected", e);
            send(call.exchange(), 400, Pages.error("Sign-in failed", ExampleAnswers.explain(e)));
            return;
        }
        call.session().markSignedIn();
        redirect(call.exchange(), "/");
    }

    /** {@code GET /sign-out} (an old link, or another site's): a page whose button posts the token. */
    private void signOutConfirmation(Call call) throws IOException {
        if (hasTokens(call)) {
            send(call.exchange(), 200, Pages.signOutConfirmation(call.session().csrfToken()));
        } else {
            seeOther(call.exchange(), "/");
        }
    }

    /** {@code POST /sign-out}: signs out only when the request carries this session's token and is not cross-site. */
    private void signOut(Call call) throws IOException {
        if (!fromOurPage(call)) {
            if (hasTokens(call)) {
                send(call.exchange(), 403, Pages.signOutConfirmation(call.session().csrfToken()));
            } else {
                seeOther(call.exchange(), "/");
            }
            return;
        }
        String endSessionUrl = await(call.client().signOut(baseUrl + "/"));
        call.session().invalidate();
        seeOther(call.exchange(), endSessionUrl);
    }

    private void protectedPage(Call call) throws IOException {
        if (requireSignIn(call)) {
            send(call.exchange(), 200, Pages.protectedPage(call.client().getIdTokenClaims(), call.session().csrfToken()));
        }
    }

    private void userInfo(Call call) throws IOException {
        if (requireSignIn(call)) {
            UserInfoResponse userInfo = await(call.client().fetchUserInfo());
            send(call.exchange(), 200, Pages.userInfo(call.client().getIdTokenClaims(), userInfo,
                    call.session().csrfToken()));
        }
    }

    private void noRedirect(Call call) throws IOException {
        if (!signedIn(call)) {
            // As the servlet adapter's filter answers it (Protection.UNAUTHORIZED): both examples alike.
            call.exchange().getResponseHeaders().set("WWW-Authenticate",
                    ExampleAnswers.wwwAuthenticate(baseUrl + Pages.SIGN_IN));
            sendJson(call.exchange(), 401, ExampleAnswers.UNAUTHORIZED_JSON.getBytes(StandardCharsets.UTF_8));
            return;
        }
        sendJson(call.exchange(), 200, ExampleAnswers.userJson(call.client().getIdTokenClaims()));
    }

    private void organizations(Call call) throws IOException {
        if (requireSignIn(call)) {
            send(call.exchange(), 200, ExampleAnswers.organizationsPage(call.client(), core.config().hasOrganizationScope()));
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static boolean signedIn(Call call) {
        return await(call.client().isAuthenticated());
    }

    /** Whether the session holds Logto tokens, signed in or not any more (then sign-out still revokes them). */
    private static boolean hasTokens(Call call) {
        return call.client().getIdToken().isPresent() || call.client().getRefreshToken().isPresent();
    }

    /**
     * Whether a POST was sent by a page of this app: the session's anti-forgery token in the form,
     * no {@code Sec-Fetch-Site: cross-site}, and no {@code Origin} but ours.
     */
    private boolean fromOurPage(Call call) throws IOException {
        return notCrossSite(call) && call.session().isCsrfToken(form(call.exchange()).get(Pages.CSRF_FIELD));
    }

    /** Neither {@code Sec-Fetch-Site: cross-site} nor another {@code Origin} than ours. */
    private boolean notCrossSite(Call call) {
        var headers = call.exchange().getRequestHeaders();
        if ("cross-site".equalsIgnoreCase(headers.getFirst("Sec-Fetch-Site"))) {
            return false;
        }
        String origin = headers.getFirst("Origin");
        // "null" is sent for privacy reasons: then the token decides.
        return origin == null || origin.equals("null") || origin.equalsIgnoreCase(this.origin);
    }

    /** True when signed in; otherwise sends the browser to sign in and returns false. */
    private static boolean requireSignIn(Call call) throws IOException {
        if (signedIn(call)) {
            return true;
        }
        redirect(call.exchange(), Pages.SIGN_IN);
        return false;
    }

    private static <T> T await(CompletableFuture<T> future) {
        return ExampleAnswers.await(future);
    }

    private static Optional<String> queryParameter(HttpExchange exchange, String name) {
        return Optional.ofNullable(singleValues(exchange.getRequestURI().getRawQuery()).get(name));
    }

    /**
     * The parameters of an {@code application/x-www-form-urlencoded} body of at most
     * {@link #MAX_FORM_BYTES} (empty when larger).
     */
    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_FORM_BYTES + 1);
        return body.length > MAX_FORM_BYTES ? Map.of() : singleValues(new String(body, StandardCharsets.UTF_8));
    }

    /**
     * The parameters of a raw query or form body, each by its one value: a repeated parameter is
     * left out (which one would count is ambiguous), and a malformed body reads as empty.
     */
    private static Map<String, String> singleValues(String raw) {
        var values = new LinkedHashMap<String, List<String>>();
        if (raw != null && !raw.isEmpty()) {
            try {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    values.computeIfAbsent(name, k -> new ArrayList<>())
                            .add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException malformed) {
                return Map.of();
            }
        }
        var single = new LinkedHashMap<String, String>();
        values.forEach((name, list) -> {
            if (list.size() == 1) {
                single.put(name, list.get(0));
            }
        });
        return single;
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    /** {@code 303}: after a POST the browser follows with a GET. */
    private static void seeOther(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(303, -1);
    }

    private static void send(HttpExchange exchange, int status, String html) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        write(exchange, status, html.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendJson(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        write(exchange, status, body);
    }

    private static void write(HttpExchange exchange, int status, byte[] body) throws IOException {
        ExampleAnswers.HEADERS.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
