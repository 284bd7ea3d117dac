package io.logto.examples.pages;

import io.logto.sdk.IdTokenClaims;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PagesTest {

    private static IdTokenClaims claims(Map<String, Object> more) {
        var map = new LinkedHashMap<String, Object>(Map.of("iss", "http://127.0.0.1/oidc", "sub", "u1",
                "aud", "app", "exp", 2_000_000_000L, "iat", 1_000_000_000L));
        map.putAll(more);
        return IdTokenClaims.fromMap(map);
    }

    @Test
    void escapeWhenTextHasMarkupThenNeutralizesIt() {
        assertThat(Html.escape("<a href=\"x\" title='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void signedInHomeWhenClaimsHoldMarkupThenShowsThemEscaped() {
        String page = Pages.signedInHome(claims(Map.of("name", "<script>x</script>", "custom", "\"><b>")), "token");
        assertThat(page).contains("&lt;script&gt;x&lt;/script&gt;", "&quot;&gt;&lt;b&gt;")
                .doesNotContain("<script>x", "\"><b>");
    }

    @Test
    void displayNameWhenNameIsMissingThenFallsBackToUsernameEmailThenSub() {
        assertThat(Pages.displayName(claims(Map.of("name", "Ada", "username", "ada")))).isEqualTo("Ada");
        assertThat(Pages.displayName(claims(Map.of("username", "ada", "email", "a@x")))).isEqualTo("ada");
        assertThat(Pages.displayName(claims(Map.of("email", "a@x")))).isEqualTo("a@x");
        assertThat(Pages.displayName(claims(Map.of()))).isEqualTo("u1");
    }

    @Test
    void claimRowsWhenValuesAreAbsentOrEmptyThenLeavesThemOut() {
        List<ClaimRows.Row> rows = ClaimRows.of(claims(Map.of("name", "Ada", "extra_claim", 7)));
        assertThat(rows).extracting(ClaimRows.Row::name)
                .containsExactly("iss", "sub", "aud", "exp", "iat", "name", "extra_claim");
        assertThat(rows).contains(new ClaimRows.Row("extra_claim", "7"));
    }

    @Test
    void signOutIsAFormThatPostsTheAntiForgeryToken() {
        String page = Pages.signedInHome(claims(Map.of()), "t0k\"en");

        assertThat(page).contains("<form class=\"actions\" method=\"post\" action=\"/sign-out\">"
                + "<input type=\"hidden\" name=\"logto_csrf\" value=\"t0k&quot;en\">"
                + "<button id=\"sign-out\" type=\"submit\">Sign out</button></form>")
                .doesNotContain("href=\"/sign-out\"");
    }

    @Test
    void signedOutHomeOffersSignInAndDirectSignInWithNaver() {
        assertThat(Pages.signedOutHome()).contains("href=\"/sign-in\"",
                "href=\"/sign-in?directSignIn=social:naver\"", "Continue with Naver");
    }

    @Test
    void claimRowsShowTimesAsIsoInstantsWhetherSecondsOrMilliseconds() {
        List<ClaimRows.Row> rows = ClaimRows.of(claims(Map.of("auth_time", 1_764_654_000L,
                "updated_at", 1_764_654_000_123L, "extra_claim", 1_764_654_000L)));

        assertThat(rows).contains(new ClaimRows.Row("auth_time", "2025-12-02T05:40:00Z"),
                new ClaimRows.Row("updated_at", "2025-12-02T05:40:00Z"),
                new ClaimRows.Row("extra_claim", "1764654000"));
        assertThat(rows).filteredOn(row -> row.name().equals("exp")).singleElement()
                .satisfies(row -> assertThat(row.value()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"));
    }

    @Test
    void notFoundOffersTheWayHomeNotSigningIn() {
        assertThat(Pages.notFound()).contains("href=\"/\">Home</a>").doesNotContain("Sign in again")
                .doesNotContain("href=\"/sign-in\"");
    }
}
