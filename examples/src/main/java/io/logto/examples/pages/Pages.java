package io.logto.examples.pages;

import io.logto.sdk.AccessTokenClaims;
import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoScopes;
import io.logto.sdk.UserInfoResponse;

import java.util.List;
import java.util.Optional;

/**
 * The pages every example serves, as HTML strings, so that all examples look and behave alike
 * whatever their web framework; the browser test finds elements by the ids used here
 * ({@code sign-in}, {@code sign-in-naver}, {@code sign-out}, {@code user-name}, {@code claims}).
 * Every value from a token or a provider is escaped. Stateless and thread-safe.
 */
public final class Pages {
    /** Starts a sign-in. */
    public static final String SIGN_IN = "/sign-in";
    /**
     * Starts a sign-in that goes straight to Naver (Logto's direct sign-in, {@code social:naver}).
     * The parameter is spelled as the servlet adapter's sign-in endpoint reads it; the app then
     * sends Logto {@code direct_sign_in=social:naver}.
     */
    public static final String SIGN_IN_WITH_NAVER = "/sign-in?directSignIn=social:naver";
    /**
     * Signs out: takes a {@code POST} with the session's anti-forgery token in {@value #CSRF_FIELD}
     * (a {@code GET} only shows a confirmation page), so that another site cannot sign the user out.
     */
    public static final String SIGN_OUT = "/sign-out";
    /** The form field of the anti-forgery token (the servlet adapter's {@code SignOutForm.PARAMETER}). */
    public static final String CSRF_FIELD = "logto_csrf";

    private Pages() {
    }

    /** The home page of a visitor who is not signed in. */
    public static String signedOutHome() {
        return Html.page("Logto Java example", """
                <p>You are not signed in.</p>
                <p class="actions"><a id="sign-in" href="%s">Sign in</a>\
                <a id="sign-in-naver" href="%s">Continue with Naver</a></p>
                <p class="note">"Continue with Naver" uses Logto's direct sign-in (<code>social:naver</code>) to skip
                Logto's sign-in page; it needs the Naver connector enabled in your Logto Console.</p>
                """.formatted(SIGN_IN, Html.escape(SIGN_IN_WITH_NAVER)));
    }

    /**
     * The home page of a signed-in user: who they are, the claims of their ID token, and a sign-out
     * button that posts {@code csrfToken} (the session's anti-forgery token).
     */
    public static String signedInHome(IdTokenClaims claims, String csrfToken) {
        return Html.page("Logto Java example", """
                <p>Signed in as <strong id="user-name">%s</strong>.</p>
                %s
                <h2>ID token claims</h2>
                %s
                """.formatted(Html.escape(displayName(claims)), signOutForm(csrfToken), table(ClaimRows.of(claims))));
    }

    /** The protected page, with a sign-out button that posts {@code csrfToken}. */
    public static String protectedPage(IdTokenClaims claims, String csrfToken) {
        return Html.page("Protected", """
                <p>Only signed-in users see this page. Hello, <strong id="user-name">%s</strong>.</p>
                %s
                """.formatted(Html.escape(displayName(claims)), signOutForm(csrfToken)));
    }

    /** The user's claims fetched from the userinfo endpoint, with a sign-out button that posts {@code csrfToken}. */
    public static String userInfo(IdTokenClaims claims, UserInfoResponse userInfo, String csrfToken) {
        return Html.page("User info", """
                <p>Fetched from Logto's userinfo endpoint for <strong id="user-name">%s</strong>.</p>
                %s
                %s
                """.formatted(Html.escape(displayName(claims)), signOutForm(csrfToken), table(ClaimRows.of(userInfo))));
    }

    /** What {@code GET /sign-out} shows: an old link or a forged request changes nothing until the user confirms. */
    public static String signOutConfirmation(String csrfToken) {
        return Html.page("Sign out", """
                <p>Do you want to sign out?</p>
                %s
                """.formatted(signOutForm(csrfToken)));
    }

    /**
     * What {@code /sign-in} shows when another site (or an unknown one) opened it while the session
     * already has the most pending sign-ins: a button that posts the same sign-in, with the
     * session's anti-forgery token, so that it starts as the app's own.
     *
     * @param directSignIn the {@code directSignIn} parameter to send again, if any
     */
    public static String continueSignIn(String csrfToken, Optional<String> directSignIn) {
        String hidden = directSignIn.map(d -> "<input type=\"hidden\" name=\"directSignIn\" value=\""
                + Html.escape(d) + "\">").orElse("");
        return Html.page("Continue signing in", "<p>Several sign-ins are already under way in this browser. "
                + "Continue with this one?</p>\n"
                + "<form class=\"actions\" method=\"post\" action=\"" + SIGN_IN + "\">"
                + "<input type=\"hidden\" name=\"" + CSRF_FIELD + "\" value=\"" + Html.escape(csrfToken) + "\">"
                + hidden + "<button id=\"continue-sign-in\" type=\"submit\">Continue</button></form>\n");
    }

    /** The sign-out button: a POST form carrying the session's anti-forgery token. */
    public static String signOutForm(String csrfToken) {
        return "<form class=\"actions\" method=\"post\" action=\"" + SIGN_OUT + "\">"
                + "<input type=\"hidden\" name=\"" + CSRF_FIELD + "\" value=\"" + Html.escape(csrfToken) + "\">"
                + "<button id=\"sign-out\" type=\"submit\">Sign out</button></form>";
    }

    /** The organizations page when the app does not ask for the organizations scope. */
    public static String organizationsNotConfigured() {
        return Html.page("Organizations", """
                <p class="error" id="organizations-not-configured">Organization tokens need the scope
                <code>%s</code>, which this app does not ask for.</p>
                <p>Add it to <code>LOGTO_SCOPES</code> (or to <code>LogtoConfig.builder().scopes(...)</code>),
                then sign out and sign in again.</p>
                """.formatted(Html.escape(LogtoScopes.ORGANIZATIONS)));
    }

    /** One organization of the user and its organization token's claims, or why they could not be had. */
    public record Organization(String id, Optional<AccessTokenClaims> tokenClaims, Optional<String> error) {
    }

    /** The organizations page: one section per organization of the user. */
    public static String organizations(IdTokenClaims claims, List<Organization> organizations) {
        if (organizations.isEmpty()) {
            return Html.page("Organizations", """
                    <p id="no-organizations"><strong>%s</strong> is not a member of any organization.</p>
                    """.formatted(Html.escape(displayName(claims))));
        }
        var body = new StringBuilder();
        for (Organization organization : organizations) {
            body.append("<h2>Organization <code>").append(Html.escape(organization.id())).append("</code></h2>\n");
            organization.tokenClaims().ifPresent(c -> body.append(table(ClaimRows.of(c))));
            organization.error().ifPresent(e ->
                    body.append("<p class=\"error\">").append(Html.escape(e)).append("</p>\n"));
        }
        return Html.page("Organizations", body.toString());
    }

    /** The page of a path the app does not serve: a way home, nothing about signing in. */
    public static String notFound() {
        return notice("Not found", "There is no page here.");
    }

    /** A page that says something and offers only the way home; both texts are escaped. */
    public static String notice(String title, String detail) {
        return Html.page(title, """
                <p class="error" id="error">%s</p>
                <p class="actions"><a href="/">Home</a></p>
                """.formatted(Html.escape(detail)));
    }

    /** An error page of a failed sign-in or Logto request, with a way to sign in again; both texts are escaped. */
    public static String error(String title, String detail) {
        return Html.page(title, """
                <p class="error" id="error">%s</p>
                <p class="actions"><a href="/">Home</a><a href="%s">Sign in again</a></p>
                """.formatted(Html.escape(detail), SIGN_IN));
    }

    /** The name to greet the user with: name, else username, else email, else the user id. */
    public static String displayName(IdTokenClaims claims) {
        return claims.name().or(claims::username).or(claims::email).orElse(claims.sub());
    }

    private static String table(List<ClaimRows.Row> rows) {
        var html = new StringBuilder("<table id=\"claims\">\n<tr><th>Claim</th><th>Value</th></tr>\n");
        for (ClaimRows.Row row : rows) {
            html.append("<tr><td>").append(Html.escape(row.name())).append("</td><td>")
                    .append(Html.escape(row.value())).append("</td></tr>\n");
        }
        return html.append("</table>\n").toString();
    }
}
