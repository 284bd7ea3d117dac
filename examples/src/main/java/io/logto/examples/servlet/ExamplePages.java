package io.logto.examples.servlet;

import io.logto.examples.ExampleAnswers;
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

/**
 * The example's own pages, mapped to {@code /} (so every path the adapter's endpoints do not take).
 * Nothing here checks who is signed in on {@code /protected/*}: {@link LogtoAuthFilter} has done it
 * before the request arrives, and hands over the user's ID token claims (and, on
 * {@code /protected/userinfo}, the user info) as request attributes. Thread-safe.
 */
final class ExamplePages extends HttpServlet {

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
                default -> html(response, 404, Pages.notFound());
            }
        } catch (LogtoException e) {
            // The code goes to the log; the visitor reads a sentence.
            ExampleAnswers.log("Logto request failed", e);
            html(response, 502, Pages.error("Logto request failed", ExampleAnswers.explain(e)));
        }
    }

    private void home(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Public page, outside the filter: ask the session (no network call) who is signed in.
        LogtoClient logto = web.client(request);
        if (ExampleAnswers.await(logto.isAuthenticated())) {
            // The sign-out button posts the session's anti-forgery token (the adapter's sign-out takes nothing else).
            html(response, 200, Pages.signedInHome(logto.getIdTokenClaims(), SignOutForm.token(request)));
        } else {
            html(response, 200, Pages.signedOutHome());
        }
    }

    /** Behind {@code Protection.UNAUTHORIZED}: visitors who are not signed in got a 401 from the filter. */
    private static void noRedirect(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(response, 200, "application/json", ExampleAnswers.userJson(user(request)));
    }

    private void organizations(HttpServletRequest request, HttpServletResponse response) throws IOException {
        user(request); // behind the filter
        html(response, 200, ExampleAnswers.organizationsPage(web.client(request),
                web.core().config().hasOrganizationScope()));
    }

    /** The signed-in user, as the filter found them. */
    private static IdTokenClaims user(HttpServletRequest request) {
        return LogtoAuthFilter.idTokenClaims(request)
                .orElseThrow(() -> new IllegalStateException("not behind LogtoAuthFilter: " + request.getRequestURI()));
    }

    private static void html(HttpServletResponse response, int status, String page) throws IOException {
        write(response, status, "text/html;charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpServletResponse response, int status, String type, byte[] body) throws IOException {
        ExampleAnswers.HEADERS.forEach(response::setHeader);
        response.setStatus(status);
        response.setContentType(type);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
