package io.logto.examples.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.examples.pages.Pages;
import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoException;
import io.logto.sdk.servlet.LogtoAuthFilter;
import io.logto.sdk.servlet.LogtoWeb;
import io.logto.sdk.servlet.SignOutForm;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The example's own pages, mapped to {@code /} (so every path the adapter's endpoints do not take).
 * Nothing here checks who is signed in on {@code /protected/*}: {@link LogtoAuthFilter} has done it
 * before the request arrives, and hands over the user's ID token claims (and, on
 * {@code /protected/userinfo}, the user info) as request attributes. Thread-safe.
 */
final class ExamplePages extends HttpServlet {
    private static final System.Logger LOG = System.getLogger(ExamplePages.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient LogtoWeb web;

    ExamplePages(LogtoWeb web) {
        this.web = web;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String pathInfo = request.getPathInfo();
        String path = request.getServletPath() + (pathInfo == null ? "" : pathInfo);
        try {
            switch (path) {
                case "/" -> home(request, response);
                case "/protected" -> html(response, 200, Pages.protectedPage(user(request), SignOutForm.token(request)));
                case "/protected/userinfo" -> html(response, 200, Pages.userInfo(user(request),
                        LogtoAuthFilter.userInfo(request).orElseThrow(), SignOutForm.token(request)));
                case "/protected/no-redirect" -> noRedirect(request, response);
                case "/protected/organizations" -> organizations(request, response);
                default -> html(response, 404, Pages.error("Not found", "There is no page here."));
            }
        } catch (LogtoException e) {
            LOG.log(System.Logger.Level.WARNING, "Logto request failed: {0} {1}", e.code(), e.getMessage());
            html(response, 502, Pages.error("Logto request failed", e.code() + ": " + e.getMessage()));
        }
    }

    private void home(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Public page, outside the filter: ask the session (no network call) who is signed in.
        LogtoClient logto = web.client(request);
        if (await(logto.isAuthenticated())) {
            // The sign-out button posts the session's anti-forgery token (the adapter's sign-out takes nothing else).
            html(response, 200, Pages.signedInHome(logto.getIdTokenClaims(), SignOutForm.token(request)));
        } else {
            html(response, 200, Pages.signedOutHome());
        }
    }

    /** Behind {@code Protection.UNAUTHORIZED}: visitors who are not signed in got a 401 from the filter. */
    private static void noRedirect(HttpServletRequest request, HttpServletResponse response) throws IOException {
        IdTokenClaims claims = user(request);
        var body = new LinkedHashMap<String, Object>();
        body.put("sub", claims.sub());
        body.put("name", Pages.displayName(claims));
        json(response, body);
    }

    private void organizations(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!web.core().config().hasOrganizationScope()) {
            html(response, 200, Pages.organizationsNotConfigured());
            return;
        }
        IdTokenClaims claims = user(request);
        LogtoClient logto = web.client(request);
        var organizations = new ArrayList<Pages.Organization>();
        for (String id : claims.organizations()) {
            try {
                organizations.add(new Pages.Organization(id,
                        Optional.of(await(logto.getOrganizationTokenClaims(id))), Optional.empty()));
            } catch (LogtoException e) {
                organizations.add(new Pages.Organization(id, Optional.empty(),
                        Optional.of("No organization token: " + e.code() + ": " + e.getMessage())));
            }
        }
        html(response, 200, Pages.organizations(claims, organizations));
    }

    /** The signed-in user, as the filter found them. */
    private static IdTokenClaims user(HttpServletRequest request) {
        return LogtoAuthFilter.idTokenClaims(request)
                .orElseThrow(() -> new IllegalStateException("not behind LogtoAuthFilter: " + request.getRequestURI()));
    }

    /** Waits for an SDK future (servlets block); a failure comes out as the {@link LogtoException} it is. */
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

    private static void html(HttpServletResponse response, int status, String page) throws IOException {
        write(response, status, "text/html;charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    private static void json(HttpServletResponse response, Map<String, ?> body) throws IOException {
        write(response, 200, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void write(HttpServletResponse response, int status, String type, byte[] body) throws IOException {
        // Pages show tokens' claims: never cache them. Never framed: their buttons cannot be clicked for the user.
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        response.setStatus(status);
        response.setContentType(type);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
