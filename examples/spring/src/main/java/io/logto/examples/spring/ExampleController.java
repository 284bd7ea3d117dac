package io.logto.examples.spring;

import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.servlet.SignOutForm;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The example's pages and API. The starter serves {@code /sign-in}, {@code /callback} and
 * {@code /sign-out}; {@code logto.web.protected-paths=/protected} sends visitors of the protected
 * page to sign in; {@code logto.api.paths=/api/*} needs a Logto access token with {@code read:data}.
 */
@RestController
public class ExampleController {
    private final String api;

    /**
     * Created by Spring.
     *
     * @param api the API resource indicator ({@code logto.api.resource})
     */
    public ExampleController(@Value("${logto.api.resource}") String api) {
        this.api = api;
    }

    /**
     * Home: who is signed in, and the links of the Flask sample.
     *
     * @param user    the signed-in user, if any
     * @param request the request (for the sign-out form's tokens)
     * @param csrf    Spring Security's anti-forgery token
     * @return HTML
     */
    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    public String home(Optional<IdTokenClaims> user, HttpServletRequest request, CsrfToken csrf) {
        if (user.isEmpty()) {
            return page("<p>You are not signed in.</p>"
                    + "<p><a id=\"sign-in\" href=\"/sign-in\">Sign in</a></p>"
                    + "<p><a id=\"sign-in-naver\" href=\"/sign-in?directSignIn=social:naver\">Continue with Naver</a></p>");
        }
        return page("<p>Signed in as <b id=\"user-name\">" + HtmlUtils.htmlEscape(user.get().name().orElse(user.get().sub()))
                + "</b>.</p><p><a id=\"protected\" href=\"/protected\">Protected page</a></p>"
                + signOutForm(request, csrf));
    }

    /**
     * The protected page: the ID token's claims, the user's authorities, and an access token for the API.
     *
     * @param user    the signed-in user (the starter sends others to sign in)
     * @param logto   the request's client
     * @param request the request
     * @param csrf    Spring Security's anti-forgery token
     * @return HTML
     */
    @GetMapping(value = "/protected", produces = MediaType.TEXT_HTML_VALUE)
    public String protectedPage(IdTokenClaims user, LogtoClient logto, HttpServletRequest request, CsrfToken csrf) {
        var rows = new StringBuilder();
        rows.append(row("sub", user.sub()));
        user.name().ifPresent(v -> rows.append(row("name", v)));
        user.email().ifPresent(v -> rows.append(row("email", v)));
        rows.append(row("roles", String.join(", ", user.roles())));
        String tryTheApi = logto.getAccessToken(api).join()
                .map(token -> "<p>Call the API with your access token:</p><pre id=\"api-call\">curl -H 'Authorization: Bearer "
                        + HtmlUtils.htmlEscape(token) + "' " + HtmlUtils.htmlEscape(request.getRequestURL()
                        .toString().replace("/protected", "/api/profile")) + "</pre>")
                .orElse("<p>No access token for the API (no refresh token).</p>");
        return page("<h2>Protected page</h2><table id=\"claims\">" + rows + "</table>" + tryTheApi
                + "<p><a href=\"/\">Home</a></p>" + signOutForm(request, csrf));
    }

    /**
     * The API: the claims of the caller's access token (the starter's resource server checked it).
     *
     * @param token the accepted token
     * @return JSON
     */
    @GetMapping("/api/profile")
    public Map<String, Object> profile(JwtAuthenticationToken token) {
        var body = new LinkedHashMap<String, Object>();
        body.put("sub", token.getName());
        body.put("clientId", token.getToken().getClaimAsString("client_id"));
        body.put("audience", token.getToken().getAudience());
        body.put("authorities", token.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
        body.put("expiresAt", String.valueOf(token.getToken().getExpiresAt()));
        return body;
    }

    /** Sign-out is a POST with both anti-forgery tokens: the adapter's and Spring Security's. */
    private static String signOutForm(HttpServletRequest request, CsrfToken csrf) {
        return "<form method=\"post\" action=\"/sign-out\">" + SignOutForm.hiddenField(request)
                + "<input type=\"hidden\" name=\"" + csrf.getParameterName() + "\" value=\""
                + HtmlUtils.htmlEscape(csrf.getToken()) + "\"><button id=\"sign-out\">Sign out</button></form>";
    }

    private static String row(String name, String value) {
        return "<tr><th>" + HtmlUtils.htmlEscape(name) + "</th><td>" + HtmlUtils.htmlEscape(value) + "</td></tr>";
    }

    private static String page(String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Logto + Spring Boot</title></head>"
                + "<body><h1>Logto + Spring Boot</h1>" + body + "</body></html>";
    }
}
