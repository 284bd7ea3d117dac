package io.logto.sdk.m2m;

import io.logto.sdk.LogtoException;
import io.logto.sdk.LogtoException.Code;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.testing.SignIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TokenExchangeClient} on a fake tenant: Logto's parameters, its four-member answer, its errors. */
class TokenExchangeClientTest {
    private static final String API = "https://api.example.com";
    private static final String PAT = "pat_Zq81kT0aVxWcR3mN";
    private static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static FakeLogto shared;

    private FakeLogto logto;
    private TokenExchangeClient exchange;

    @BeforeAll
    static void startProvider() {
        shared = new FakeLogto();
    }

    @AfterAll
    static void stopProvider() {
        shared.close();
    }

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        exchange = TokenExchangeClient.builder(logto.config()).clock(logto.clock()).build();
    }

    /** Logto's answer: exactly access_token, expires_in, scope (maybe "") and token_type. */
    private static Map<String, Object> logtoAnswer(String scope) {
        var json = new LinkedHashMap<String, Object>();
        json.put("access_token", "exchanged-token");
        json.put("expires_in", 3600);
        json.put("scope", scope);
        json.put("token_type", "Bearer");
        return json;
    }

    private Map<String, List<String>> form(int request) {
        return SignIn.query(logto.tokenRequests().get(request).getBodyAsString());
    }

    @Test
    void exchangeWhenPersonalAccessTokenThenPostsLogtosParametersAndReadsItsAnswer() {
        logto.stubToken(logtoAnswer("read:data"));

        IssuedToken token = exchange.exchange(TokenExchangeRequest.personalAccessToken(PAT)
                .resource(API).scopes("read:data").build()).join();

        assertThat(form(0)).containsEntry("grant_type", List.of(GRANT))
                .containsEntry("subject_token", List.of(PAT))
                .containsEntry("subject_token_type", List.of("urn:logto:token-type:personal_access_token"))
                .containsEntry("resource", List.of(API))
                .containsEntry("scope", List.of("read:data"))
                .containsEntry("client_id", List.of(FakeLogto.APP_ID))
                .containsEntry("client_secret", List.of(FakeLogto.APP_SECRET))
                .doesNotContainKeys("actor_token", "actor_token_type", "organization_id", "audience");
        assertThat(token.accessToken()).isEqualTo("exchanged-token");
        assertThat(token.scopes()).containsExactly("read:data");
        assertThat(token.issuedTokenType()).as("Logto sends none").isEmpty();
        assertThat(token.expiresAt()).isEqualTo(logto.clock().instant().plusSeconds(3600));
    }

    @Test
    void exchangeWhenImpersonationWithActorForAnOrganizationThenSendsActorAsAnAccessToken() {
        logto.stubToken(logtoAnswer(""));

        IssuedToken token = exchange.exchange(TokenExchangeRequest.subjectToken("sub_9f2c")
                .actorToken("actor-opaque-token").organizationId("org-1").build()).join();

        assertThat(form(0)).containsEntry("subject_token_type", List.of("urn:ietf:params:oauth:token-type:access_token"))
                .containsEntry("actor_token", List.of("actor-opaque-token"))
                .containsEntry("actor_token_type", List.of("urn:ietf:params:oauth:token-type:access_token"))
                .containsEntry("organization_id", List.of("org-1"))
                .doesNotContainKeys("resource", "scope");
        assertThat(token.scopes()).as("Logto's scope \"\"").isEmpty();
    }

    @Test
    void exchangeWhenTheServerFollowsRfc8693ThenAudienceAndIssuedTokenTypeAreUsed() {
        var answer = logtoAnswer("read:data");
        answer.remove("scope");
        answer.put("issued_token_type", "urn:ietf:params:oauth:token-type:access_token");
        logto.stubToken(answer);

        IssuedToken token = exchange.exchange(TokenExchangeRequest.subjectToken("eyJ.a.b").audience(API).build()).join();

        assertThat(form(0)).containsEntry("audience", List.of(API));
        assertThat(token.issuedTokenType()).contains("urn:ietf:params:oauth:token-type:access_token");
        assertThat(token.scopes()).isEmpty();
    }

    @Test
    void exchangeIsNeverCached() {
        logto.stubToken(logtoAnswer(""));
        var request = TokenExchangeRequest.personalAccessToken(PAT).resource(API).build();

        exchange.exchange(request).join();
        exchange.exchange(request).join();

        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).isEqualTo(2);
    }

    @Test
    void exchangeWhenLogtoRefusesTheSubjectTokenThenSubjectTokenInvalid() {
        logto.stubTokenError(400, "invalid_grant");

        LogtoException e = Failures.of(exchange.exchange(TokenExchangeRequest.personalAccessToken(PAT).build()));

        assertThat(e.code()).isEqualTo(Code.SUBJECT_TOKEN_INVALID);
        assertThat(e.error()).contains("invalid_grant");
        assertThat(e.getMessage()).doesNotContain(PAT);
    }

    @Test
    void exchangeWhenTheAppMayNotExchangeThenTokenRequestFailedWithLogtosReason() {
        logto.stubJson(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(FakeLogto.TOKEN_PATH)), 400,
                Map.of("code", "oidc.invalid_request", "error", "invalid_request",
                        "error_description", "requested grant type is not allowed for this client"));

        LogtoException e = Failures.of(exchange.exchange(TokenExchangeRequest.personalAccessToken(PAT).build()));

        assertThat(e.code()).isEqualTo(Code.TOKEN_REQUEST_FAILED);
        assertThat(e.errorDescription()).contains("requested grant type is not allowed for this client");
    }

    @Test
    void exchangeWhenTheUserIsNotInTheOrganizationThenTokenRequestFailedAccessDenied() {
        logto.stubTokenError(403, "access_denied");

        LogtoException e = Failures.of(exchange.exchange(TokenExchangeRequest.subjectToken("sub_1")
                .organizationId("org-2").build()));

        assertThat(e.code()).isEqualTo(Code.TOKEN_REQUEST_FAILED);
        assertThat(e.httpStatus()).isEqualTo(403);
    }

    @Test
    void exchangeWhenTheAppCredentialsAreWrongThenClientAuthenticationFailed() {
        logto.stubTokenError(401, "invalid_client");

        assertThat(Failures.of(exchange.exchange(TokenExchangeRequest.personalAccessToken(PAT).build())).code())
                .isEqualTo(Code.CLIENT_AUTHENTICATION_FAILED);
    }

    @Test
    void exchangeByAPublicAppSendsNoSecret() {
        logto.stubToken(logtoAnswer(""));
        var publicApp = TokenExchangeClient.builder(logto.configBuilder().appSecret(null).build()).build();

        publicApp.exchange(TokenExchangeRequest.personalAccessToken(PAT).build()).join();

        assertThat(form(0)).containsKey("client_id").doesNotContainKey("client_secret");
    }

    @Test
    void requestsAndBuildersShowNoToken() {
        var builder = TokenExchangeRequest.subjectToken("sub_secret_subject").actorToken("secret-actor")
                .resource(API).scopes("read:data");
        TokenExchangeRequest request = builder.build();

        assertThat(request.toString()).contains(API, "read:data", "ACCESS_TOKEN")
                .doesNotContain("sub_secret_subject", "secret-actor");
        assertThat(builder.toString()).doesNotContain("sub_secret_subject", "secret-actor");
        assertThat(exchange.toString()).doesNotContain(FakeLogto.APP_SECRET);
    }

    @Test
    void requestsRefuseBlankTokensAndValues() {
        assertThat(Failures.ofCall(() -> TokenExchangeRequest.personalAccessToken(" ").build()).code())
                .isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(Failures.ofCall(() -> TokenExchangeRequest.subjectToken("t").actorToken("").build()).code())
                .isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(Failures.ofCall(() -> TokenExchangeRequest.subjectToken("t").scopes("a b").build()).code())
                .isEqualTo(Code.INVALID_ARGUMENT);
    }
}
