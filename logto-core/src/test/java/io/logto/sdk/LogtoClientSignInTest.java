package io.logto.sdk;

import io.logto.sdk.oidc.AuthorizationSecrets;
import io.logto.sdk.session.UserSession;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.sdk.testing.RecordingStorage;
import io.logto.testing.SignIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LogtoClient#signIn}: the authorization URL and the stored sign-in attempt. */
class LogtoClientSignInTest {
    /** One fake tenant for the class, reset before each test. */
    private static FakeLogto shared;

    @BeforeAll
    static void startProvider() {
        shared = new FakeLogto();
    }

    @AfterAll
    static void stopProvider() {
        shared.close();
    }

    private FakeLogto logto;
    private RecordingStorage storage;

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        storage = new RecordingStorage();
    }


    private SignIn signIn(LogtoConfig config, SignInOptions options) {
        var client = new LogtoClient(logto.core(config), storage);
        return SignIn.of(client.signIn(options).join(), options.redirectUri(), logto.issuer());
    }

    private SignIn signIn(SignInOptions options) {
        return signIn(logto.config(), options);
    }

    @Test
    void signInWhenDefaultOptionsThenUrlHasLogtoParameters() {
        SignIn s = signIn(SignInOptions.of(FakeLogto.REDIRECT_URI));

        assertThat(s.url().toString()).startsWith(logto.endpoint() + FakeLogto.AUTH_PATH + "?");
        assertThat(s.param("client_id")).isEqualTo(FakeLogto.APP_ID);
        assertThat(s.param("redirect_uri")).isEqualTo(FakeLogto.REDIRECT_URI);
        assertThat(s.param("response_type")).isEqualTo("code");
        assertThat(s.param("scope")).isEqualTo("openid offline_access profile");
        assertThat(s.param("prompt")).isEqualTo("consent");
        assertThat(s.params()).doesNotContainKeys("resource", "interaction_mode", "first_screen", "identifier",
                "login_hint", "direct_sign_in", "client_secret");
    }

    @Test
    void signInWhenCalledThenNonceStateAndS256ChallengeArePresentAndStored() {
        SignIn s = signIn(SignInOptions.of(FakeLogto.REDIRECT_URI));

        assertThat(s.param("code_challenge_method")).isEqualTo("S256");
        assertThat(s.state()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(s.nonce()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(s.state());
        String stored = storage.get(UserSession.SIGN_IN_SESSION);
        assertThat(stored).contains(s.state()).contains(s.nonce());
        // The challenge is the S256 of the stored verifier, and the verifier itself never leaves.
        var attempt = new UserSession(storage).signInAttempts(logto.clock().epochSeconds()).get(0);
        assertThat(s.param("code_challenge")).isEqualTo(AuthorizationSecrets.codeChallenge(attempt.codeVerifier()));
        assertThat(s.url().toString()).doesNotContain(attempt.codeVerifier());
    }

    @Test
    void startSignInWhenCalledThenReturnsTheUrlsStateAndNoSecret() {
        var client = new LogtoClient(logto.core(), storage);

        SignInRedirect redirect = client.startSignIn(SignInOptions.of(FakeLogto.REDIRECT_URI)).join();

        SignIn s = SignIn.of(redirect.url(), FakeLogto.REDIRECT_URI, logto.issuer());
        assertThat(redirect.state()).isEqualTo(s.state());
        var attempt = new UserSession(storage).signInAttempts(logto.clock().epochSeconds()).get(0);
        assertThat(attempt.state()).isEqualTo(redirect.state());
        assertThat(redirect.toString()).doesNotContain(attempt.codeVerifier());
    }

    @Test
    void startSignInWhenRedirectUriIsInvalidThenFailsLikeSignIn() {
        var client = new LogtoClient(logto.core(), storage);

        assertThat(Failures.of(client.startSignIn(SignInOptions.of("not a uri"))).code())
                .isEqualTo(LogtoException.Code.INVALID_ARGUMENT);
    }

    @Test
    void signInWhenCalledTwiceThenEveryValueIsFresh() {
        SignIn first = signIn(SignInOptions.of(FakeLogto.REDIRECT_URI));
        SignIn second = signIn(SignInOptions.of(FakeLogto.REDIRECT_URI));

        assertThat(second.state()).isNotEqualTo(first.state());
        assertThat(second.nonce()).isNotEqualTo(first.nonce());
        assertThat(second.param("code_challenge")).isNotEqualTo(first.param("code_challenge"));
        assertThat(new UserSession(storage).signInAttempts(logto.clock().epochSeconds())).hasSize(2);
    }

    @Test
    void signInWhenResourcesConfiguredThenEachIsSent() {
        var config = logto.configBuilder().resources(List.of("https://api.example.com", "https://two.example.com"))
                .build();
        SignIn s = signIn(config, SignInOptions.of(FakeLogto.REDIRECT_URI));

        assertThat(s.params().get("resource")).containsExactly("https://api.example.com", "https://two.example.com");
    }

    @Test
    void signInWhenScopesConfiguredThenDefaultsComeFirstWithoutDuplicates() {
        var config = logto.configBuilder().scopes(List.of("email", "openid", "phone", "email")).build();
        SignIn s = signIn(config, SignInOptions.of(FakeLogto.REDIRECT_URI));

        assertThat(s.param("scope")).isEqualTo("openid offline_access profile email phone");
    }

    @Test
    void signInWhenOrganizationScopeThenOrganizationsResourceIsAdded() {
        var config = logto.configBuilder().scopes(List.of(LogtoScopes.ORGANIZATIONS))
                .resources(List.of("https://api.example.com")).build();
        SignIn s = signIn(config, SignInOptions.of(FakeLogto.REDIRECT_URI));

        assertThat(s.param("scope")).contains(LogtoScopes.ORGANIZATIONS);
        assertThat(s.params().get("resource"))
                .containsExactly("https://api.example.com", "urn:logto:resource:organizations");
    }

    @Test
    void signInWhenPromptLoginThenPromptIsLogin() {
        SignIn s = signIn(logto.configBuilder().prompt("login").build(), SignInOptions.of(FakeLogto.REDIRECT_URI));

        assertThat(s.param("prompt")).isEqualTo("login");
    }

    @Test
    void signInWhenAllOptionsThenEveryParameterIsSent() {
        SignIn s = signIn(SignInOptions.builder(FakeLogto.REDIRECT_URI)
                .interactionMode(SignInOptions.InteractionMode.SIGN_UP)
                .firstScreen(SignInOptions.FirstScreen.REGISTER)
                .identifiers(List.of(SignInOptions.Identifier.EMAIL, SignInOptions.Identifier.PHONE))
                .loginHint("ada@example.com")
                .directSignIn(SignInOptions.DirectSignIn.social("naver"))
                .extraParam("ui_locales", "ko de")
                .build());

        assertThat(s.param("interaction_mode")).isEqualTo("signUp");
        assertThat(s.param("first_screen")).isEqualTo("identifier:register");
        assertThat(s.param("identifier")).isEqualTo("email phone");
        assertThat(s.param("login_hint")).isEqualTo("ada@example.com");
        assertThat(s.param("direct_sign_in")).isEqualTo("social:naver");
        assertThat(s.param("ui_locales")).isEqualTo("ko de");
    }

    @Test
    void signInWhenFirstScreenIsSingleSignOnThenItIsSent() {
        SignIn s = signIn(SignInOptions.builder(FakeLogto.REDIRECT_URI)
                .firstScreen(SignInOptions.FirstScreen.SINGLE_SIGN_ON).build());

        assertThat(s.param("first_screen")).isEqualTo("single_sign_on");
    }

    @Test
    void signInWhenDirectSignInSsoThenSsoConnectorIsSent() {
        SignIn s = signIn(SignInOptions.builder(FakeLogto.REDIRECT_URI)
                .directSignIn(SignInOptions.DirectSignIn.sso("connector-123")).build());

        assertThat(s.param("direct_sign_in")).isEqualTo("sso:connector-123");
    }

    @Test
    void signInWhenExtraParamsHaveSpecialCharactersThenTheyAreEncoded() {
        SignIn s = signIn(SignInOptions.builder(FakeLogto.REDIRECT_URI)
                .extraParams(Map.of("custom", "a&b=c d#e", "organization_id", "org-1")).build());

        assertThat(s.param("custom")).isEqualTo("a&b=c d#e");
        assertThat(s.param("organization_id")).isEqualTo("org-1");
        assertThat(s.url().getRawFragment()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"client_id", "redirect_uri", "state", "nonce", "code_challenge", "code_challenge_method",
            "scope", "resource", "prompt", "response_type", "direct_sign_in"})
    void signInWhenExtraParamIsReservedThenRejectedAndNothingStored(String name) {
        var client = new LogtoClient(logto.core(), storage);
        var options = SignInOptions.builder(FakeLogto.REDIRECT_URI).extraParam(name, "evil").build();

        LogtoException e = Failures.of(client.signIn(options));

        assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_ARGUMENT);
        assertThat(storage.snapshot()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/callback", "ftp://host/callback", "javascript:alert(1)", "http://", "not a uri",
            "https:///callback", "https:callback"})
    void signInWhenRedirectUriIsNotAbsoluteHttpThenRejectedWithoutNetwork(String redirectUri) {
        var client = new LogtoClient(logto.core(), storage);

        LogtoException e = Failures.of(client.signIn(redirectUri));

        assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_ARGUMENT);
        assertThat(logto.count("GET", FakeLogto.DISCOVERY_PATH)).isZero();
        assertThat(storage.snapshot()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://app.example/callback", "wss://app.example/callback", "file://host/callback"})
    void signInWhenRedirectUriHasAnotherSchemeThenTheMessageAsksForAnAbsoluteHttpUri(String redirectUri) {
        // Not the https-only message: the developer is told what kind of URI is wanted.
        LogtoException e = Failures.of(new LogtoClient(logto.core(), storage).signIn(redirectUri));

        assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("redirectUri must be an absolute http(s) URI");
        assertThat(storage.snapshot()).isEmpty();
    }

    @Test
    void signInWhenProviderLacksS256ThenRejected() {
        var doc = logto.discoveryDocument();
        doc.put("code_challenge_methods_supported", List.of("plain"));
        logto.stubDiscovery(doc);
        var client = new LogtoClient(logto.core(), storage);

        LogtoException e = Failures.of(client.signIn(FakeLogto.REDIRECT_URI));

        assertThat(e.code()).isEqualTo(LogtoException.Code.DISCOVERY_FAILED);
        assertThat(storage.snapshot()).isEmpty();
    }

    @Test
    void signInWhenManyTabsThenOnlyTheNewestFiveStayPending() {
        var client = new LogtoClient(logto.core(), storage);
        for (int i = 0; i < UserSession.MAX_PENDING_SIGN_INS + 3; i++) {
            client.signIn(FakeLogto.REDIRECT_URI).join();
        }

        assertThat(new UserSession(storage).signInAttempts(logto.clock().epochSeconds()))
                .hasSize(UserSession.MAX_PENDING_SIGN_INS);
    }

    @Test
    void signInWhenUnverifiedAndSessionFullThenTypedFailureAndPendingSignInsUntouched() {
        var client = new LogtoClient(logto.core(), storage);
        SignIn own = SignIn.of(client.signIn(FakeLogto.REDIRECT_URI).join(), FakeLogto.REDIRECT_URI, logto.issuer());
        var forged = SignInOptions.builder(FakeLogto.REDIRECT_URI).initiator(SignInOptions.Initiator.UNVERIFIED).build();
        for (int i = 0; i < UserSession.MAX_PENDING_SIGN_INS - 1; i++) {
            client.signIn(forged).join();
        }
        String before = storage.get(UserSession.SIGN_IN_SESSION);

        LogtoException e = Failures.of(client.signIn(forged));

        assertThat(e.code()).isEqualTo(LogtoException.Code.TOO_MANY_PENDING_SIGN_INS);
        assertThat(storage.get(UserSession.SIGN_IN_SESSION)).isEqualTo(before).contains(own.state());
    }

    @Test
    void pendingSignInStatesWhenAnAppSignInMakesRoomThenTheUnverifiedOneIsGoneAndTheUsersOwnStays() {
        var client = new LogtoClient(logto.core(), storage);
        var forged = SignInOptions.builder(FakeLogto.REDIRECT_URI).initiator(SignInOptions.Initiator.UNVERIFIED).build();
        String own = client.startSignIn(SignInOptions.of(FakeLogto.REDIRECT_URI)).join().state();
        String firstForged = client.startSignIn(forged).join().state();
        for (int i = 0; i < UserSession.MAX_PENDING_SIGN_INS - 2; i++) {
            client.startSignIn(forged).join();
        }

        String newest = client.startSignIn(SignInOptions.of(FakeLogto.REDIRECT_URI)).join().state();

        assertThat(client.pendingSignInStates()).hasSize(UserSession.MAX_PENDING_SIGN_INS)
                .contains(own, newest).doesNotContain(firstForged);
        assertThat(client.pendingSignInStates().get(0)).isEqualTo(own);
    }

    @Test
    void pendingSignInStatesWhenNoneOrUnreadableThenEmpty() {
        var client = new LogtoClient(logto.core(), storage);
        assertThat(client.pendingSignInStates()).isEmpty();

        storage.set(UserSession.SIGN_IN_SESSION, "not json");

        assertThat(client.pendingSignInStates()).isEmpty();
    }
}
