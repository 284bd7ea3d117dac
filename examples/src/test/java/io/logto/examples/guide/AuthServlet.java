package io.logto.examples.guide;

import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoException;
import io.logto.sdk.SignInOptions;
import io.logto.sdk.OidcCore;
import io.logto.sdk.storage.SessionStorage;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletionException;

/**
 * The guide's routes on plain Jakarta Servlet with {@code logto-core}: {@code /sign-in},
 * {@code /callback}, {@code POST /sign-out} (with the session's anti-forgery token) and the home
 * page. Map it to {@code "/"}.
 * (Shown in docs/guide.md; compiled and run against a real provider by {@link GuideCodeTest}.)
 */
public final class AuthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final SecureRandom RANDOM = new SecureRandom();

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
            case "/" -> home(request, response);
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Signing out changes state: only by POST, only from a page of ours (see csrfToken).
        if (request.getServletPath().equals("/sign-out") && fromOurPage(request)) {
            signOut(request, response);
        } else {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
        }
    }

    private void signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var options = SignInOptions.builder(baseUrl + "/callback")
                // Who started it: the browser says whether it was one of our pages or another site.
                .initiator(SignInOptions.Initiator.fromSecFetchSite(request.getHeader("Sec-Fetch-Site")));
        if ("naver".equals(request.getParameter("with"))) {
            // Direct sign-in: go straight to Naver, skipping Logto's sign-in page.
            options.directSignIn(SignInOptions.DirectSignIn.social("naver"));
        }
        String authorizationUrl;
        try {
            authorizationUrl = logto(request).signIn(options.build()).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LogtoException error
                    && error.code() == LogtoException.Code.TOO_MANY_PENDING_SIGN_INS) {
                response.sendRedirect("/"); // another site's link while sign-ins are pending: use our Sign in link
                return;
            }
            throw e;
        }
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
        request.getSession().removeAttribute("csrf"); // and a new anti-forgery token
        response.sendRedirect("/");
    }

    private void signOut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String endSessionUrl = logto(request).signOut(baseUrl + "/").join();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER); // after a POST, the browser follows with a GET
        response.setHeader("Location", endSessionUrl);
    }

    /** The session's anti-forgery token: our pages put it in their forms; another site cannot read it. */
    private static String csrfToken(HttpServletRequest request) {
        HttpSession session = request.getSession();
        String token = (String) session.getAttribute("csrf");
        if (token == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute("csrf", token);
        }
        return token;
    }

    /** A POST sent by one of our pages: it carries the session's token, and the browser does not call it cross-site. */
    private static boolean fromOurPage(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String expected = session == null ? null : (String) session.getAttribute("csrf");
        String sent = request.getParameter("csrf");
        return expected != null && sent != null && !"cross-site".equals(request.getHeader("Sec-Fetch-Site"))
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    private void home(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LogtoClient logto = logto(request);
        response.setContentType("text/html; charset=utf-8");
        if (logto.isAuthenticated().join()) {
            IdTokenClaims claims = logto.getIdTokenClaims();
            String name = claims.name().orElse(claims.sub());
            response.getWriter().printf("<p>Hello, %s!</p><form method=\"post\" action=\"/sign-out\">"
                    + "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><button>Sign out</button></form>",
                    escape(name), csrfToken(request));
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
