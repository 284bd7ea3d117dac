package io.logto.sdk;

import io.logto.sdk.testing.Failures;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SignInOptionsTest {
    @Test
    void ofWhenOnlyRedirectThenEverythingElseEmpty() {
        var o = SignInOptions.of("https://a/cb");

        assertThat(o.interactionMode()).isEmpty();
        assertThat(o.firstScreen()).isEmpty();
        assertThat(o.identifiers()).isEmpty();
        assertThat(o.loginHint()).isEmpty();
        assertThat(o.directSignIn()).isEmpty();
        assertThat(o.extraParams()).isEmpty();
    }

    @Test
    void constructorWhenRedirectMissingThenInvalidArgument() {
        assertThat(Failures.ofCall(() -> SignInOptions.of(" ")).code()).isEqualTo(LogtoException.Code.INVALID_ARGUMENT);
        assertThat(Failures.ofCall(() -> SignInOptions.of(null)).code()).isEqualTo(LogtoException.Code.INVALID_ARGUMENT);
    }

    @Test
    void constructorWhenNullsPassedThenEmpty() {
        var o = new SignInOptions("https://a/cb", null, null, null, null, null, null);

        assertThat(o.extraParams()).isEmpty();
        assertThat(o.identifiers()).isEmpty();
    }

    @Test
    void builderWhenCollectionsChangedAfterwardsThenOptionsUnaffected() {
        var params = new HashMap<String, String>(Map.of("a", "1"));
        var o = SignInOptions.builder("https://a/cb").extraParams(params).loginHint(" ").build();
        params.put("b", "2");

        assertThat(o.extraParams()).containsOnlyKeys("a");
        assertThat(o.loginHint()).isEmpty();
    }

    @Test
    void initiatorWhenNotSetThenApp() {
        assertThat(SignInOptions.of("https://a/cb").initiator()).isEqualTo(SignInOptions.Initiator.APP);
        assertThat(new SignInOptions("https://a/cb", null, null, null, null, null, null).initiator())
                .isEqualTo(SignInOptions.Initiator.APP);
        assertThat(SignInOptions.builder("https://a/cb").initiator(SignInOptions.Initiator.UNVERIFIED).build()
                .initiator()).isEqualTo(SignInOptions.Initiator.UNVERIFIED);
    }

    @Test
    void initiatorFromSecFetchSiteWhenOwnPageOrUserThenAppOtherwiseUnverified() {
        assertThat(SignInOptions.Initiator.fromSecFetchSite("same-origin")).isEqualTo(SignInOptions.Initiator.APP);
        assertThat(SignInOptions.Initiator.fromSecFetchSite("none")).isEqualTo(SignInOptions.Initiator.APP);
        assertThat(SignInOptions.Initiator.fromSecFetchSite(" Same-Origin ")).isEqualTo(SignInOptions.Initiator.APP);
        for (String other : new String[] {"cross-site", "same-site", "", "same-origin, cross-site", null}) {
            assertThat(SignInOptions.Initiator.fromSecFetchSite(other)).as(String.valueOf(other))
                    .isEqualTo(SignInOptions.Initiator.UNVERIFIED);
        }
    }

    @Test
    void directSignInWhenTargetInvalidThenInvalidArgument() {
        assertThat(Failures.ofCall(() -> SignInOptions.DirectSignIn.social("a:b")).code())
                .isEqualTo(LogtoException.Code.INVALID_ARGUMENT);
        assertThat(Failures.ofCall(() -> SignInOptions.DirectSignIn.sso(" ")).code())
                .isEqualTo(LogtoException.Code.INVALID_ARGUMENT);
    }

    @Test
    void parseWhenValuesGivenThenEnumsOrEmpty() {
        assertThat(SignInOptions.DirectSignIn.parse("social:naver")).contains(SignInOptions.DirectSignIn.social("naver"));
        assertThat(SignInOptions.DirectSignIn.parse("SSO:abc").map(SignInOptions.DirectSignIn::value)).contains("sso:abc");
        for (String bad : new String[] {null, "naver", ":x", "social:", "email:x", "social:a:b"}) {
            assertThat(SignInOptions.DirectSignIn.parse(bad)).as(String.valueOf(bad)).isEmpty();
        }
        assertThat(SignInOptions.InteractionMode.parse("signup")).contains(SignInOptions.InteractionMode.SIGN_UP);
        assertThat(SignInOptions.InteractionMode.parse("x")).isEmpty();
        assertThat(SignInOptions.FirstScreen.parse("reset_password")).contains(SignInOptions.FirstScreen.RESET_PASSWORD);
        assertThat(SignInOptions.FirstScreen.parse(null)).isEmpty();
        assertThat(List.of(SignInOptions.Identifier.values())).extracting(SignInOptions.Identifier::value)
                .containsExactly("username", "email", "phone");
    }
}
