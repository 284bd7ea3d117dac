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
    /** Signs out. */
    public static final String SIGN_OUT = "/sign-out";

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

    /** The home page of a signed-in user: who they are and the claims of their ID token. */
    public static String signedInHome(IdTokenClaims claims) {
        return Html.page("Logto Java example", """
                <p>Signed in as <strong id="user-name">%s</strong>.</p>
                <p class="actions"><a id="sign-out" href="%s">Sign out</a></p>
                <h2>ID token claims</h2>
                %s
                """.formatted(Html.escape(displayName(claims)), SIGN_OUT, table(ClaimRows.of(claims))));
    }

    /** The protected page. */
    public static String protectedPage(IdTokenClaims claims) {
        return Html.page("Protected", """
                <p>Only signed-in users see this page. Hello, <strong id="user-name">%s</strong>.</p>
                <p class="actions"><a id="sign-out" href="%s">Sign out</a></p>
                """.formatted(Html.escape(displayName(claims)), SIGN_OUT));
    }

    /** The user's claims fetched from the userinfo endpoint. */
    public static String userInfo(IdTokenClaims claims, UserInfoResponse userInfo) {
        return Html.page("User info", """
                <p>Fetched from Logto's userinfo endpoint for <strong id="user-name">%s</strong>.</p>
                <p class="actions"><a id="sign-out" href="%s">Sign out</a></p>
                %s
                """.formatted(Html.escape(displayName(claims)), SIGN_OUT, table(ClaimRows.of(userInfo))));
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

    /** An error page; both texts are escaped. */
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
