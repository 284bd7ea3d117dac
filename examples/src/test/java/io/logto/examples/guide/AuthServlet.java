package io.logto.examples.guide;

import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.SignInOptions;
import io.logto.sdk.OidcCore;
import io.logto.sdk.storage.SessionStorage;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.concurrent.CompletionException;

/**
 * The guide's routes on plain Jakarta Servlet with {@code logto-core}: {@code /sign-in},
 * {@code /callback}, {@code /sign-out} and the home page. Map it to {@code "/"}.
 * (Shown in docs/guide.md; compiled and run against a real provider by {@link GuideCodeTest}.)
 */
public final class AuthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient OidcCore core;
    private final String baseUrl;

    /**
     * @param core    built once at start-up: {@code OidcCore.create(config)}
     * @param baseUrl where users reach the app, e.g. {@code http://localhost:8080}
     */
    public AuthServlet(OidcCore core, String baseUrl) {
        this.core = core;
        this.baseUrl = baseUrl;
    }

    /** A client for this request, bound to this user's HTTP session. Cheap: no network call. */
    private LogtoClient logto(HttpServletRequest request) {
        return new LogtoClient(core, new SessionStorage(new HttpSessionAttributes(request)));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getServletPath()) {
            case "/sign-in" -> signIn(request, response);
            case "/callback" -> callback(request, response);
            case "/sign-out" -> signOut(request, response);
            case "/" -> home(request, response);
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private void signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var options = SignInOptions.builder(baseUrl + "/callback");
        if ("naver".equals(request.getParameter("with"))) {
            // Direct sign-in: go straight to Naver, skipping Logto's sign-in page.
            options.directSignIn(SignInOptions.DirectSignIn.social("naver"));
        }
        String authorizationUrl = logto(request).signIn(options.build()).join();
        response.sendRedirect(authorizationUrl);
    }

    private void callback(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The full URL Logto redirected to, rebuilt from your configured base URL.
        String query = request.getQueryString();
        String callbackUrl = baseUrl + "/callback" + (query == null ? "" : "?" + query);
        try {
            logto(request).handleSignInCallback(callbackUrl).join();
        } catch (CompletionException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Sign-in failed");
            return;
        }
        request.changeSessionId(); // a new session id once signed in (session fixation)
        response.sendRedirect("/");
    }

    private void signOut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String endSessionUrl = logto(request).signOut(baseUrl + "/").join();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        response.sendRedirect(endSessionUrl);
    }

    private void home(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LogtoClient logto = logto(request);
        response.setContentType("text/html; charset=utf-8");
        if (logto.isAuthenticated().join()) {
            IdTokenClaims claims = logto.getIdTokenClaims();
            String name = claims.name().orElse(claims.sub());
            response.getWriter().printf("<p>Hello, %s! <a href=\"/sign-out\">Sign out</a></p>", escape(name));
        } else {
            response.getWriter().print("<p><a href=\"/sign-in\">Sign in</a> · "
                    + "<a href=\"/sign-in?with=naver\">Continue with Naver</a></p>");
        }
    }

    /** Claims come from users: escape them (a template engine does this for you). */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
