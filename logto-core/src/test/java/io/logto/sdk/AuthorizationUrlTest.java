package io.logto.sdk;

import io.logto.sdk.oidc.AuthorizationSecrets;
import io.logto.sdk.oidc.OidcProviderConfig;
import io.logto.testing.SignIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AuthorizationUrl} alone: the authorization request of one sign-in, no network. */
class AuthorizationUrlTest {
    private static final String REDIRECT_URI = "https://app.example.com/callback";
    private static final AuthorizationSecrets SECRETS =
            new AuthorizationSecrets("state-1", "nonce-1", "verifier-1", "challenge-1");
    private static final LogtoConfig CONFIG = LogtoConfig.builder()
            .endpoint("https://tenant.logto.app").appId("app-1").build();

    private static OidcProviderConfig provider(String authorizationEndpoint, List<String> codeChallengeMethods) {
        return new OidcProviderConfig("https://tenant.logto.app/oidc", URI.create(authorizationEndpoint),
                URI.create("https://tenant.logto.app/oidc/token"), Optional.empty(),
                URI.create("https://tenant.logto.app/oidc/jwks"), Optional.empty(), Optional.empty(),
                List.of("ES384"), codeChallengeMethods, true);
    }

    private static final OidcProviderConfig PROVIDER = provider("https://tenant.logto.app/oidc/auth", List.of("S256"));

    private static Map<String, List<String>> params(URI url) {
        return SignIn.query(url.getRawQuery());
    }

    @Test
    void buildWhenDefaultOptionsThenEveryOidcParameterOnceInOrder() {
        URI url = URI.create(AuthorizationUrl.build(CONFIG, PROVIDER, SignInOptions.of(REDIRECT_URI), SECRETS));

        assertThat(url.toString()).startsWith("https://tenant.logto.app/oidc/auth?");
        assertThat(params(url)).containsExactly(
                Map.entry("client_id", List.of("app-1")),
                Map.entry("redirect_uri", List.of(REDIRECT_URI)),
                Map.entry("response_type", List.of("code")),
                Map.entry("scope", List.of("openid offline_access profile")),
                Map.entry("prompt", List.of("consent")),
                Map.entry("code_challenge", List.of("challenge-1")),
                Map.entry("code_challenge_method", List.of("S256")),
                Map.entry("state", List.of("state-1")),
                Map.entry("nonce", List.of("nonce-1")));
        assertThat(url.toString()).doesNotContain("verifier-1");
    }

    @Test
    void buildWhenSpacesInValuesThenEncodedAsPercent20() {
        URI url = URI.create(AuthorizationUrl.build(CONFIG, PROVIDER, SignInOptions.of(REDIRECT_URI), SECRETS));

        assertThat(url.getRawQuery()).contains("scope=openid%20offline_access%20profile").doesNotContain("+");
    }

    @Test
    void buildWhenOrganizationsScopeThenTheOrganizationsResourceIsAddedOnce() {
        var config = CONFIG.toBuilder().scopes(List.of(LogtoScopes.ORGANIZATIONS))
                .resources(List.of("https://api.example.com", LogtoScopes.ORGANIZATIONS_RESOURCE)).build();

        URI url = URI.create(AuthorizationUrl.build(config, PROVIDER, SignInOptions.of(REDIRECT_URI), SECRETS));

        assertThat(params(url).get("resource")).containsExactly("https://api.example.com",
                LogtoScopes.ORGANIZATIONS_RESOURCE);
    }

    @Test
    void buildWhenLogtoOptionsThenEachHasItsParameter() {
        var options = SignInOptions.builder(REDIRECT_URI)
                .interactionMode(SignInOptions.InteractionMode.SIGN_UP)
                .firstScreen(SignInOptions.FirstScreen.REGISTER)
                .identifiers(List.of(SignInOptions.Identifier.EMAIL, SignInOptions.Identifier.PHONE))
                .loginHint("ada@example.com")
                .directSignIn(SignInOptions.DirectSignIn.social("google"))
                .build();

        Map<String, List<String>> params = params(URI.create(AuthorizationUrl.build(CONFIG, PROVIDER, options, SECRETS)));

        assertThat(params.get("interaction_mode")).containsExactly("signUp");
        assertThat(params.get("first_screen")).containsExactly("identifier:register");
        assertThat(params.get("identifier")).containsExactly("email phone");
        assertThat(params.get("login_hint")).containsExactly("ada@example.com");
        assertThat(params.get("direct_sign_in")).containsExactly("social:google");
    }

    @Test
    void buildWhenExtraParamsThenAppendedLastInNameOrder() {
        var options = SignInOptions.builder(REDIRECT_URI).extraParam("ui_locales", "de").extraParam("a_b", "1").build();

        URI url = URI.create(AuthorizationUrl.build(CONFIG, PROVIDER, options, SECRETS));

        assertThat(url.getRawQuery()).endsWith("&a_b=1&ui_locales=de");
    }

    @ParameterizedTest
    @ValueSource(strings = {"state", "nonce", "code_challenge", "redirect_uri", "login_hint"})
    void buildWhenExtraParamIsOneTheSdkSetsThenInvalidArgument(String name) {
        var options = SignInOptions.builder(REDIRECT_URI).extraParam(name, "evil").build();

        assertThatThrownBy(() -> AuthorizationUrl.build(CONFIG, PROVIDER, options, SECRETS))
                .isInstanceOfSatisfying(LogtoException.class,
                        e -> assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_ARGUMENT));
    }

    @Test
    void buildWhenProviderListsMethodsWithoutS256ThenDiscoveryFailed() {
        var plainOnly = provider("https://tenant.logto.app/oidc/auth", List.of("plain"));

        assertThatThrownBy(() -> AuthorizationUrl.build(CONFIG, plainOnly, SignInOptions.of(REDIRECT_URI), SECRETS))
                .isInstanceOfSatisfying(LogtoException.class,
                        e -> assertThat(e.code()).isEqualTo(LogtoException.Code.DISCOVERY_FAILED));
    }

    @Test
    void buildWhenProviderListsNoMethodsThenS256IsStillSent() {
        var silent = provider("https://tenant.logto.app/oidc/auth", List.of());

        URI url = URI.create(AuthorizationUrl.build(CONFIG, silent, SignInOptions.of(REDIRECT_URI), SECRETS));

        assertThat(params(url).get("code_challenge_method")).containsExactly("S256");
    }

    @Test
    void buildWhenEndpointHasAQueryThenItIsKeptAndAFragmentDropped() {
        var withQuery = provider("https://tenant.logto.app/oidc/auth?tenant=t1#frag", List.of("S256"));

        URI url = URI.create(AuthorizationUrl.build(CONFIG, withQuery, SignInOptions.of(REDIRECT_URI), SECRETS));

        assertThat(url.toString()).startsWith("https://tenant.logto.app/oidc/auth?tenant=t1&client_id=app-1&")
                .doesNotContain("#");
    }
}
