package io.logto.sdk.servlet;

import io.logto.sdk.IdTokenClaims;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;

/**
 * The pages of the test application, mirroring the Python Flask sample: {@code /} (public, says who
 * is signed in), {@code /protected…} (behind the filter), {@code /protected/userinfo},
 * {@code /protected/no-redirect}, {@code /protected/token} (a fingerprint of the current access
 * token, never the token), {@code /late-token} (the same, asked for after the answer has started),
 * {@code /account} (the sign-out button, as an app renders it), {@code /account-with-own-cookie}
 * (the same, between two cookies of the app's own), {@code /sign-in-failed} (the configured error
 * page) and {@code /raw/session} (the HttpSession's Logto keys, read as app code may, without asking
 * Logto). Plain text, so tests can read it.
 */
final class TestPages extends HttpServlet {
    private final transient LogtoWeb web;

    TestPages(LogtoWeb web) {
        this.web = web;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String body;
        if (path.equals("/")) {
            var client = web.client(request);
            body = client.isAuthenticated().join()
                    ? "home signed-in sub=" + client.getIdTokenClaims().sub() : "home anonymous";
        } else if (path.equals("/raw/session")) {
            // Reads the session as app code may, without asking Logto: which Logto keys are there.
            HttpSession session = request.getSession(false);
            body = "logto keys=" + (session == null ? "[]" : Collections.list(session.getAttributeNames()).stream()
                    .filter(name -> name.startsWith("logto.") && !name.startsWith("logto.servlet.")).sorted().toList());
        } else if (path.equals("/account")) {
            body = SignOutForm.button(request, "Sign out");
        } else if (path.equals("/account-with-own-cookie")) {
            // The app's own cookie, set before and after the adapter writes the session.
            response.addCookie(new jakarta.servlet.http.Cookie("app-before", "1"));
            body = SignOutForm.button(request, "Sign out");
            response.addCookie(new jakarta.servlet.http.Cookie("app-after", "2"));
        } else if (path.equals("/sign-in-failed")) {
            body = "sign-in failed code=" + request.getParameter("code") + " error=" + request.getParameter("error");
        } else if (path.equals("/protected/userinfo")) {
            body = "userinfo sub=" + LogtoAuthFilter.userInfo(request).orElseThrow().sub();
        } else if (path.equals("/protected/token")) {
            String token = web.client(request).getAccessToken().join().orElse("");
            body = "token=" + fingerprint(token);
        } else if (path.equals("/late-token")) {
            // A page that starts its answer before asking for a token (outside the filter, which refreshes first).
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().print("started ");
            response.flushBuffer();
            try {
                response.getWriter().print("token=" + fingerprint(web.client(request).getAccessToken().join().orElse("")));
            } catch (java.util.concurrent.CompletionException e) {
                response.getWriter().print("failed " + ((io.logto.sdk.LogtoException) e.getCause()).code());
            }
            return;
        } else if (path.startsWith("/protected")) {
            IdTokenClaims claims = LogtoAuthFilter.idTokenClaims(request).orElseThrow();
            body = "protected " + path + " sub=" + claims.sub() + " name=" + claims.name().orElse("")
                    + (request.getQueryString() == null ? "" : " query=" + request.getQueryString());
        } else {
            response.sendError(404);
            return;
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print(body);
    }

    static String fingerprint(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
