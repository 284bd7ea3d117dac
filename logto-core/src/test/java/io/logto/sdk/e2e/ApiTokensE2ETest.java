package io.logto.sdk.e2e;

import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import io.logto.sdk.m2m.ClientCredentialsRequest;
import io.logto.sdk.m2m.ClientCredentialsTokenProvider;
import io.logto.sdk.m2m.IssuedToken;
import io.logto.sdk.m2m.ManagementApi;
import io.logto.sdk.m2m.TokenExchangeClient;
import io.logto.sdk.m2m.TokenExchangeRequest;
import io.logto.sdk.resourceserver.AccessRequirement;
import io.logto.sdk.resourceserver.AccessTokenValidator;
import io.logto.sdk.resourceserver.VerifiedAccessToken;
import io.logto.sdk.storage.MemoryStorage;
import io.logto.sdk.testing.Failures;
import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access tokens for APIs end to end, against a real OIDC provider on 127.0.0.1 (mock-oauth2-server
 * shaping its tokens as Logto does): client credentials and token exchange get real tokens, which
 * the resource server's validator accepts or refuses — no hand-made token involved.
 */
class ApiTokensE2ETest {
    private static final String API = "https://api.example.com";
    private static final String REDIRECT_URI = "http://127.0.0.1:3000/callback";
    private static LoopbackOidcProvider provider;
    private static AccessTokenValidator validator;

    @BeforeAll
    static void startProvider() {
        provider = LoopbackOidcProvider.builder()
                .apiResource(API, "read:data", "write:data")
                .apiResource(ManagementApi.SELF_HOSTED_RESOURCE, ManagementApi.SCOPE)
                .organization("org-1", "invite:member", "read:members")
                .signingKey(TestKeys.ES384)
                .build();
        validator = AccessTokenValidator.builder(provider.endpoint()).apiResource(API).build();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    private static LogtoConfig config(String appId) {
        return LogtoConfig.builder().endpoint(provider.endpoint()).appId(appId)
                .appSecret(LoopbackOidcProvider.APP_SECRET).resources(List.of(API)).scopes(List.of("read:data")).build();
    }

    private static VerifiedAccessToken validate(String token, AccessRequirement requirement) {
        return validator.validate(token, requirement).join();
    }

    @Test
    void clientCredentialsTokenIsAcceptedByTheApiAsTheAppItself() {
        var tokens = ClientCredentialsTokenProvider.create(config("m2m-app"));

        IssuedToken token = tokens.token(ClientCredentialsRequest.forResource(API, "read:data")).join();
        VerifiedAccessToken claims = validate(token.accessToken(), AccessRequirement.api("read:data"));

        assertThat(claims.clientId()).isEqualTo("m2m-app");
        assertThat(claims.subject()).isEqualTo("m2m-app");
        assertThat(claims.userId()).isEmpty();
        assertThat(claims.scopes()).containsExactly("read:data");
        assertThat(token.scopes()).containsExactly("read:data");
        assertThat(Failures.of(validator.validate(token.accessToken(), AccessRequirement.api("write:data"))).code())
                .isEqualTo(LogtoException.Code.ACCESS_TOKEN_INSUFFICIENT_SCOPE);
    }

    @Test
    void clientCredentialsForTheManagementApiIsForItsResourceWithScopeAll() {
        var tokens = ClientCredentialsTokenProvider.create(config("m2m-app"));
        var managementApi = AccessTokenValidator.builder(provider.endpoint())
                .apiResource(ManagementApi.SELF_HOSTED_RESOURCE).build();

        IssuedToken token = tokens.token(ManagementApi.tokenRequest(ManagementApi.SELF_HOSTED_TENANT_ID)).join();

        assertThat(managementApi.validate(token.accessToken(), AccessRequirement.api(ManagementApi.SCOPE)).join()
                .audience()).containsExactly(ManagementApi.SELF_HOSTED_RESOURCE);
        assertThat(Failures.of(validator.validate(token.accessToken(), AccessRequirement.api())).code())
                .as("a Management API token is not for our API").isEqualTo(LogtoException.Code.ACCESS_TOKEN_AUDIENCE_MISMATCH);
    }

    @Test
    void clientCredentialsForAnOrganizationGiveOrganizationAndOrganizationApiTokens() {
        var tokens = ClientCredentialsTokenProvider.create(config("m2m-app"));

        IssuedToken organizationToken = tokens.token(ClientCredentialsRequest.forOrganization("org-1", "invite:member")).join();
        IssuedToken organizationApiToken = tokens.token(
                ClientCredentialsRequest.forOrganizationResource(API, "org-1", "read:data")).join();

        assertThat(validate(organizationToken.accessToken(), AccessRequirement.organization("org-1", "invite:member"))
                .isOrganizationToken()).isTrue();
        assertThat(validate(organizationApiToken.accessToken(), AccessRequirement.organizationApi("org-1", "read:data"))
                .organizationId()).contains("org-1");
        assertThat(Failures.of(validator.validate(organizationApiToken.accessToken(), AccessRequirement.api("read:data")))
                .code()).isEqualTo(LogtoException.Code.ACCESS_TOKEN_ORGANIZATION_MISMATCH);
        assertThat(Failures.of(validator.validate(organizationToken.accessToken(),
                AccessRequirement.organization("org-2", "invite:member"))).code())
                .isEqualTo(LogtoException.Code.ACCESS_TOKEN_ORGANIZATION_MISMATCH);
    }

    @Test
    void clientCredentialsForAnUnknownResourceFailWithInvalidTarget() {
        var tokens = ClientCredentialsTokenProvider.create(config("m2m-app"));

        LogtoException e = Failures.of(tokens.token(ClientCredentialsRequest.forResource("https://unknown.example.com")));

        assertThat(e.code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
        assertThat(e.error()).contains("invalid_target");
    }

    @Test
    void signedInUsersAccessTokenIsAcceptedAndTheirIdTokenIsNot() {
        LogtoClient user = signIn("ada");
        String idTokenOfTheSignIn = user.getIdToken().orElseThrow();

        String accessToken = user.getAccessToken(API).join().orElseThrow();
        VerifiedAccessToken claims = validate(accessToken, AccessRequirement.api("read:data"));

        assertThat(claims.userId()).contains("ada");
        assertThat(claims.clientId()).isEqualTo("web-app");
        assertThat(Failures.of(validator.validate(idTokenOfTheSignIn, AccessRequirement.api())).code())
                .isEqualTo(LogtoException.Code.ACCESS_TOKEN_TYPE_INVALID);
        // The mock gives the refresh's ID token the access token's typ and claims; its audience still refuses it.
        assertThat(Failures.of(validator.validate(user.getIdToken().orElseThrow(), AccessRequirement.api())).code())
                .isEqualTo(LogtoException.Code.ACCESS_TOKEN_AUDIENCE_MISMATCH);
    }

    @Test
    void tokenExchangeOfAUsersAccessTokenGivesTheExchangingAppATokenForThatUser() {
        String subjectToken = signIn("grace").getAccessToken(API).join().orElseThrow();
        String actorToken = ClientCredentialsTokenProvider.create(config("support-tool"))
                .token(ClientCredentialsRequest.forResource(API)).join().accessToken();
        var exchange = TokenExchangeClient.create(config("backend-app"));

        IssuedToken token = exchange.exchange(TokenExchangeRequest.subjectToken(subjectToken)
                .actorToken(actorToken).resource(API).scopes("write:data")
                .audience(API) // mock-oauth2-server needs RFC 8693's audience; Logto ignores it
                .build()).join();
        VerifiedAccessToken claims = validate(token.accessToken(), AccessRequirement.api("write:data"));

        assertThat(claims.userId()).contains("grace");
        assertThat(claims.clientId()).isEqualTo("backend-app");
        assertThat(claims.scopes()).containsExactly("write:data");
        assertThat(claims.actorSubject()).contains("support-tool");
        assertThat(token.issuedTokenType()).contains("urn:ietf:params:oauth:token-type:access_token");
    }

    private static LogtoClient signIn(String user) {
        var client = new LogtoClient(config("web-app"), new MemoryStorage());
        client.handleSignInCallback(provider.login(client.signIn(REDIRECT_URI).join(), user, "{}")).join();
        return client;
    }
}
