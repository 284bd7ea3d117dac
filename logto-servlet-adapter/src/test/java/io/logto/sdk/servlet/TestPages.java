package io.logto.sdk.servlet;

import io.logto.sdk.IdTokenClaims;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The pages of the test application, mirroring the Python Flask sample: {@code /} (public, says who
 * is signed in), {@code /protected…} (behind the filter), {@code /protected/userinfo},
 * {@code /protected/no-redirect}, {@code /protected/token} (a fingerprint of the current access
 * token, never the token), {@code /account} (the sign-out button, as an app renders it) and
 * {@code /sign-in-failed} (the configured error page). Plain text, so tests can read it.
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
        } else if (path.equals("/account")) {
            body = SignOutForm.button(request, "Sign out");
        } else if (path.equals("/sign-in-failed")) {
            body = "sign-in failed code=" + request.getParameter("code") + " error=" + request.getParameter("error");
        } else if (path.equals("/protected/userinfo")) {
            body = "userinfo sub=" + LogtoAuthFilter.userInfo(request).orElseThrow().sub();
        } else if (path.equals("/protected/token")) {
            String token = web.client(request).getAccessToken().join().orElse("");
            body = "token=" + fingerprint(token);
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
