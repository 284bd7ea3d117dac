package io.logto.sdk.oidc;

import io.logto.sdk.LogtoException;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.testing.SignIn;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link TokenClient} alone: the form it posts and how it reads the answer, on a fake tenant. */
class TokenClientTest {
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
    private TokenClient tokens;

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        tokens = logto.providerClients().tokens();
    }

    private Map<String, List<String>> form(int request) {
        return SignIn.query(logto.tokenRequests().get(request).getBodyAsString());
    }

    private static RefreshRequest refresh(TokenTarget target) {
        return new RefreshRequest("refresh-1", target, Optional.of(TokenFactory.SUBJECT));
    }

    @Test
    void exchangeCodeWhenAnsweredThenPostsTheCodeVerifierAndClientSecret() {
        logto.stubToken(logto.tokenResponse("access-1", "refresh-1", "id-1"));

        TokenResponse response = tokens.exchangeCode("code-1", "verifier-1", FakeLogto.REDIRECT_URI).join();

        assertThat(response.accessToken()).isEqualTo("access-1");
        assertThat(response.refreshToken()).contains("refresh-1");
        assertThat(response.idToken()).contains("id-1");
        assertThat(form(0)).containsOnly(
                Map.entry("grant_type", List.of("authorization_code")),
                Map.entry("code", List.of("code-1")),
                Map.entry("code_verifier", List.of("verifier-1")),
                Map.entry("redirect_uri", List.of(FakeLogto.REDIRECT_URI)),
                Map.entry("client_id", List.of(FakeLogto.APP_ID)),
                Map.entry("client_secret", List.of(FakeLogto.APP_SECRET)));
    }

    @Test
    void exchangeCodeWhenPublicClientThenNoClientSecret() {
        logto.stubToken(logto.tokenResponse("access-1", null, null));
        var publicClient = logto.providerClients(logto.configBuilder().appSecret(null).build()).tokens();

        publicClient.exchangeCode("code-1", "verifier-1", FakeLogto.REDIRECT_URI).join();

        assertThat(form(0)).containsKey("client_id").doesNotContainKey("client_secret");
    }

    @Test
    void exchangeCodeWhenInvalidGrantThenTokenRequestFailedWithTheProvidersError() {
        logto.stubTokenError(400, "invalid_grant");

        LogtoException e = Failures.of(tokens.exchangeCode("code-1", "verifier-1", FakeLogto.REDIRECT_URI));

        assertThat(e.code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
        assertThat(e.error()).contains("invalid_grant");
        assertThat(e.errorDescription()).contains("refused");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).doesNotContain("code-1", "verifier-1", FakeLogto.APP_SECRET);
    }

    @Test
    void exchangeCodeWhenErrorIsNotJsonThenOnlyTheStatus() {
        logto.stubToken(aResponse().withStatus(502).withBody("<html>bad gateway</html>"));

        LogtoException e = Failures.of(tokens.exchangeCode("code-1", "verifier-1", FakeLogto.REDIRECT_URI));

        assertThat(e.code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(e.error()).isEmpty();
    }

    @Test
    void refreshWhenTargetIsTheUserinfoTokenThenNoResourceAndNoOrganization() {
        logto.stubToken(logto.tokenResponse("access-2", null, null));

        RefreshedTokens refreshed = tokens.refresh(refresh(TokenTarget.USER_INFO)).join();

        assertThat(refreshed.tokens().accessToken()).isEqualTo("access-2");
        assertThat(refreshed.refreshTokenUsed()).isEqualTo("refresh-1");
        assertThat(form(0).get("grant_type")).containsExactly("refresh_token");
        assertThat(form(0).get("refresh_token")).containsExactly("refresh-1");
        assertThat(form(0)).doesNotContainKeys("resource", "organization_id");
    }

    @Test
    void refreshWhenTargetIsAnApiResourceThenResourceIsSent() {
        logto.stubToken(logto.tokenResponse("api-1", null, null));

        tokens.refresh(refresh(new TokenTarget.ApiResource("https://api.example.com"))).join();

        assertThat(form(0).get("resource")).containsExactly("https://api.example.com");
        assertThat(form(0)).doesNotContainKey("organization_id");
    }

    @Test
    void refreshWhenTargetIsAnOrganizationThenOrganizationIdIsSent() {
        logto.stubToken(logto.tokenResponse("org-1-token", null, null));

        tokens.refresh(refresh(new TokenTarget.Organization("org-1"))).join();

        assertThat(form(0).get("organization_id")).containsExactly("org-1");
        assertThat(form(0)).doesNotContainKey("resource");
    }

    @Test
    void refreshWhenInvalidGrantThenRefreshTokenInvalid() {
        logto.stubTokenError(400, "invalid_grant");

        LogtoException e = Failures.of(tokens.refresh(refresh(TokenTarget.USER_INFO)));

        assertThat(e.code()).isEqualTo(LogtoException.Code.REFRESH_TOKEN_INVALID);
        assertThat(e.httpStatus()).isEqualTo(400);
    }

    @Test
    void refreshWhenTheResponsesIdTokenNamesAnotherUserThenIdTokenInvalid() {
        String otherUser = logto.tokens().idToken().claim("sub", "someone-else").signedWith(TestKeys.ES384);
        logto.stubToken(logto.tokenResponse("access-2", null, otherUser));

        LogtoException e = Failures.of(tokens.refresh(refresh(TokenTarget.USER_INFO)));

        assertThat(e.code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
        assertThat(e.getMessage()).contains("sub");
    }

    @Test
    void refreshWhenIdenticalRefreshesOverlapThenOneRequest() {
        logto.stubToken(logto.tokenResponse("access-2", null, null));
        logto.tokenGate().close();

        CompletableFuture<RefreshedTokens> first = tokens.refresh(refresh(TokenTarget.USER_INFO));
        CompletableFuture<RefreshedTokens> second = tokens.refresh(refresh(TokenTarget.USER_INFO));
        assertThat(tokens.refreshesInFlight()).isEqualTo(1);
        logto.tokenGate().open();

        assertThat(first.join().tokens().accessToken()).isEqualTo("access-2");
        assertThat(second.join().tokens().accessToken()).isEqualTo("access-2");
        assertThat(logto.refreshRequests()).isEqualTo(1);
    }

    @Test
    void refreshWhenAnOlderCopyOfTheSessionSendsTheRotatedTokenAgainThenItGetsTheRotationsResultWithNoRequest() {
        // A consumed token sent again would make Logto revoke the whole grant.
        logto.rotateRefreshTokens().startGrant("grant", "refresh-1");
        RefreshedTokens first = tokens.refresh(refresh(TokenTarget.USER_INFO)).join();

        RefreshedTokens again = tokens.refresh(refresh(TokenTarget.USER_INFO)).join();

        assertThat(first.tokens().refreshToken()).contains("rotated-1");
        assertThat(again.tokens().accessToken()).isEqualTo(first.tokens().accessToken());
        assertThat(again.tokens().refreshToken()).contains("rotated-1");
        assertThat(logto.refreshRequests()).as("the consumed token never went out again").isEqualTo(1);
    }

    @Test
    void refreshWhenAnOlderCopyAsksForAnotherTargetThenTheNewestTokenIsSentNotTheConsumedOne() {
        var provider = logto.rotateRefreshTokens();
        provider.startGrant("grant", "refresh-1");
        tokens.refresh(refresh(TokenTarget.USER_INFO)).join();

        RefreshedTokens api = tokens.refresh(refresh(new TokenTarget.ApiResource("https://api.example.com"))).join();

        assertThat(form(1).get("refresh_token")).containsExactly("rotated-1");
        assertThat(api.refreshTokenUsed()).isEqualTo("rotated-1");
        assertThat(provider.reuses()).isZero();
        assertThat(provider.isRevoked("grant")).isFalse();
    }

    @Test
    void refreshWhenTheRotatedTokensSuccessorWasRevokedAtSignOutThenRefusedForGoodWithNoRequest() {
        // An older copy of a signed-out session must neither get tokens back nor send its consumed token.
        logto.rotateRefreshTokens().startGrant("grant", "refresh-1");
        tokens.refresh(refresh(TokenTarget.USER_INFO)).join();
        tokens.revoke("rotated-1").join();

        LogtoException e = Failures.of(tokens.refresh(refresh(TokenTarget.USER_INFO)));

        assertThat(e.code()).isEqualTo(LogtoException.Code.REFRESH_TOKEN_INVALID);
        assertThat(logto.refreshRequests()).isEqualTo(1);
    }

    @Test
    void revokeWhenAnsweredThenPostsTheTokenWithItsHintAndClientAuthentication() {
        tokens.revoke("refresh-1").join();

        var body = SignIn.query(logto.server().findAll(com.github.tomakehurst.wiremock.client.WireMock
                .postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                        FakeLogto.REVOCATION_PATH))).get(0).getBodyAsString());
        assertThat(body).containsOnly(
                Map.entry("token", List.of("refresh-1")),
                Map.entry("token_type_hint", List.of("refresh_token")),
                Map.entry("client_id", List.of(FakeLogto.APP_ID)),
                Map.entry("client_secret", List.of(FakeLogto.APP_SECRET)));
    }

    @Test
    void revokeWhenProviderHasNoRevocationEndpointThenDoneWithoutRequest() {
        var doc = logto.discoveryDocument();
        doc.remove("revocation_endpoint");
        logto.stubDiscovery(doc);

        tokens.revoke("refresh-1").join();

        assertThat(logto.count("POST", FakeLogto.REVOCATION_PATH)).isZero();
    }

    @Test
    void revokeWhenRefusedThenTokenRequestFailedWithTheStatus() {
        logto.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(FakeLogto.REVOCATION_PATH))
                .willReturn(aResponse().withStatus(503)));

        LogtoException e = Failures.of(tokens.revoke("refresh-1"));

        assertThat(e.code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
        assertThat(e.httpStatus()).isEqualTo(503);
    }
}
