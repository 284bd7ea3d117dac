package io.logto.sdk;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.logto.sdk.session.UserSession;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.sdk.testing.RecordingStorage;
import io.logto.testing.SignIn;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The signed-in session: claims, isAuthenticated, userinfo and sign-out. */
class LogtoClientSessionTest {
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
    private LogtoClient client;

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        storage = new RecordingStorage();
        client = new LogtoClient(logto.core(), storage);
    }


    private void signInWithClaims(Map<String, Object> claims) {
        SignIn s = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        var token = logto.tokens().idToken().claim("nonce", s.nonce());
        claims.forEach(token::claim);
        logto.stubToken(logto.tokenResponse("access-1", "refresh-1", token.signedWith(TestKeys.ES384)));
        client.handleSignInCallback(s.callback()).join();
        logto.resetCounts();
    }

    @Test
    void isAuthenticatedWhenSignedOutThenFalseWithoutNetwork() {
        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(client.getIdToken()).isEmpty();
        assertThat(client.getRefreshToken()).isEmpty();
        assertThat(logto.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void isAuthenticatedWhenSignedInThenTrueWithoutNetwork() {
        logto.signIn(client);
        logto.resetCounts();

        assertThat(client.isAuthenticated().join()).isTrue();
        assertThat(logto.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void getIdTokenClaimsWhenSignedInThenNamedAndExtraClaims() {
        signInWithClaims(Map.of("username", "ada", "picture", "https://example.com/a.png",
                "phone_number", "+4912345", "phone_number_verified", false, "roles", List.of("admin", "dev"),
                "organizations", List.of("org-1"), "organization_roles", List.of("org-1:owner"),
                "created_at", 1700000000000L, "at_hash", "abc"));

        IdTokenClaims claims = client.getIdTokenClaims();

        assertThat(claims.iss()).isEqualTo(logto.issuer());
        assertThat(claims.sub()).isEqualTo(TokenFactory.SUBJECT);
        assertThat(claims.aud()).containsExactly(FakeLogto.APP_ID);
        assertThat(claims.exp()).isEqualTo(logto.clock().epochSeconds() + 3600);
        assertThat(claims.iat()).isEqualTo(logto.clock().epochSeconds());
        assertThat(claims.name()).contains("Ada Lovelace");
        assertThat(claims.username()).contains("ada");
        assertThat(claims.picture()).contains("https://example.com/a.png");
        assertThat(claims.email()).contains("ada@example.com");
        assertThat(claims.emailVerified()).contains(true);
        assertThat(claims.phoneNumber()).contains("+4912345");
        assertThat(claims.phoneNumberVerified()).contains(false);
        assertThat(claims.roles()).containsExactly("admin", "dev");
        assertThat(claims.organizations()).containsExactly("org-1");
        assertThat(claims.organizationRoles()).containsExactly("org-1:owner");
        assertThat(claims.atHash()).contains("abc");
        assertThat(claims.extra()).containsEntry("created_at", 1700000000000L).containsKey("nonce")
                .doesNotContainKeys("sub", "name", "email");
    }

    @Test
    void getIdTokenClaimsWhenSignedOutThenNotAuthenticated() {
        assertThat(Failures.ofCall(client::getIdTokenClaims).code()).isEqualTo(LogtoException.Code.NOT_AUTHENTICATED);
    }

    @Test
    void getIdTokenClaimsWhenStoredTokenIsCorruptThenStorageCorrupt() {
        storage.set(UserSession.ID_TOKEN, "garbage");

        assertThat(Failures.ofCall(client::getIdTokenClaims).code()).isEqualTo(LogtoException.Code.STORAGE_CORRUPT);
    }

    @Test
    void anEmptyStoredIdTokenIsNoSignIn() {
        signInWithClaims(Map.of());
        storage.set(UserSession.ID_TOKEN, "");

        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(client.getIdToken()).isEmpty();
        assertThat(client.signedInSession()).isEmpty();
        assertThat(Failures.ofCall(client::getIdTokenClaims).code()).isEqualTo(LogtoException.Code.NOT_AUTHENTICATED);
    }

    @Test
    void anEmptyStoredRefreshTokenIsNoRefreshToken() {
        signInWithClaims(Map.of());
        storage.set(UserSession.REFRESH_TOKEN, "");

        assertThat(client.getRefreshToken()).isEmpty();
        client.clearAccessToken();
        assertThat(client.getAccessToken().join()).as("no refresh with an empty token").isEmpty();
        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).isZero();
    }

    @Test
    void fetchUserInfoWhenSignedInThenClaimsWithTheAccessToken() {
        logto.signIn(client);
        logto.stubJson(get(urlPathEqualTo(FakeLogto.USERINFO_PATH)), 200, Map.of("sub", TokenFactory.SUBJECT,
                "name", "Ada", "custom_data", Map.of("plan", "pro"), "identities", Map.of("github", Map.of("userId", "1")),
                "organizations", List.of("org-1"), "unknown_claim", 7));

        UserInfoResponse info = client.fetchUserInfo().join();

        assertThat(info.sub()).isEqualTo(TokenFactory.SUBJECT);
        assertThat(info.name()).contains("Ada");
        assertThat(info.customData()).containsEntry("plan", "pro");
        assertThat(info.identities()).containsKey("github");
        assertThat(info.organizations()).containsExactly("org-1");
        assertThat(info.extra()).containsEntry("unknown_claim", 7);
        logto.server().verify(WireMock.getRequestedFor(urlPathEqualTo(FakeLogto.USERINFO_PATH))
                .withHeader("Authorization", WireMock.equalTo("Bearer access-1")));
    }

    @Test
    void fetchUserInfoWhenSubIsAnotherUserThenRejected() {
        logto.signIn(client);
        logto.stubJson(get(urlPathEqualTo(FakeLogto.USERINFO_PATH)), 200, Map.of("sub", "someone-else"));

        assertThat(Failures.of(client.fetchUserInfo()).code()).isEqualTo(LogtoException.Code.USERINFO_FAILED);
    }

    @Test
    void fetchUserInfoWhenSubMissingThenRejected() {
        logto.signIn(client);
        logto.stubJson(get(urlPathEqualTo(FakeLogto.USERINFO_PATH)), 200, Map.of("name", "x"));

        assertThat(Failures.of(client.fetchUserInfo()).code()).isEqualTo(LogtoException.Code.USERINFO_FAILED);
    }

    @Test
    void fetchUserInfoWhenUnauthorizedThenUserInfoFailedWithStatus() {
        logto.signIn(client);
        logto.server().stubFor(get(urlPathEqualTo(FakeLogto.USERINFO_PATH)).willReturn(aResponse().withStatus(401)));

        LogtoException e = Failures.of(client.fetchUserInfo());

        assertThat(e.code()).isEqualTo(LogtoException.Code.USERINFO_FAILED);
        assertThat(e.httpStatus()).isEqualTo(401);
    }

    @Test
    void fetchUserInfoWhenSignedOutThenNotAuthenticatedWithoutNetwork() {
        assertThat(Failures.of(client.fetchUserInfo()).code()).isEqualTo(LogtoException.Code.NOT_AUTHENTICATED);
        assertThat(logto.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void fetchUserInfoWhenAccessTokenExpiredThenRefreshedFirst() {
        logto.signIn(client);
        logto.clock().advance(java.time.Duration.ofHours(2));
        logto.stubToken(logto.tokenResponse("access-2", null, null));

        client.fetchUserInfo().join();

        logto.server().verify(WireMock.getRequestedFor(urlPathEqualTo(FakeLogto.USERINFO_PATH))
                .withHeader("Authorization", WireMock.equalTo("Bearer access-2")));
    }

    @Test
    void fetchUserInfoWhenProviderHasNoUserinfoEndpointThenUserInfoFailed() {
        var doc = logto.discoveryDocument();
        doc.remove("userinfo_endpoint");
        logto.stubDiscovery(doc);
        logto.signIn(client);

        assertThat(Failures.of(client.fetchUserInfo()).code()).isEqualTo(LogtoException.Code.USERINFO_FAILED);
    }

    @Test
    void signOutWhenSignedInThenEndSessionUrlWithHintAndStorageCleared() {
        logto.signIn(client);
        String idToken = client.getIdToken().orElseThrow();
        logto.startSignIn(client, FakeLogto.REDIRECT_URI);

        String url = client.signOut("http://localhost:3000/").join();

        URI uri = URI.create(url);
        assertThat(url).startsWith(logto.endpoint() + FakeLogto.END_SESSION_PATH + "?");
        var params = SignIn.query(uri.getRawQuery());
        assertThat(params.get("client_id")).containsExactly(FakeLogto.APP_ID);
        assertThat(params.get("post_logout_redirect_uri")).containsExactly("http://localhost:3000/");
        assertThat(params.get("id_token_hint")).containsExactly(idToken);
        assertThat(storage.snapshot()).isEmpty();
        assertThat(client.isAuthenticated().join()).isFalse();
    }

    @Test
    void signOutWhenSignedInThenRefreshTokenRevoked() {
        logto.signIn(client);

        client.signOut(null).join();

        var revocations = logto.server().findAll(WireMock.postRequestedFor(urlPathEqualTo(FakeLogto.REVOCATION_PATH)));
        assertThat(revocations).hasSize(1);
        var form = SignIn.query(revocations.get(0).getBodyAsString());
        assertThat(form.get("token")).containsExactly("refresh-1");
        assertThat(form.get("token_type_hint")).containsExactly("refresh_token");
        assertThat(form.get("client_id")).containsExactly(FakeLogto.APP_ID);
    }

    @Test
    void signOutWhenNoPostLogoutRedirectThenParameterOmitted() {
        logto.signIn(client);

        var params = SignIn.query(URI.create(client.signOut(null).join()).getRawQuery());

        assertThat(params).containsKeys("client_id", "id_token_hint").doesNotContainKey("post_logout_redirect_uri");
    }

    @Test
    void signOutWhenRevocationFailsThenStillSignedOut() {
        logto.signIn(client);
        logto.server().stubFor(post(urlPathEqualTo(FakeLogto.REVOCATION_PATH)).willReturn(aResponse().withStatus(500)));

        String url = client.signOut(null).join();

        assertThat(url).contains(FakeLogto.END_SESSION_PATH);
        assertThat(storage.snapshot()).isEmpty();
    }

    @Test
    void signOutWhenRevocationEndpointUnreachableThenStillSignedOut() {
        logto.signIn(client);
        var doc = logto.discoveryDocument();
        doc.put("revocation_endpoint", "http://127.0.0.1:1/revoke");
        logto.stubDiscovery(doc);
        // Port 1 is another origin than the tenant's: allowed here explicitly.
        var fresh = new LogtoClient(logto.core(logto.configBuilder().dangerouslyAllowEndpointsOnOtherOrigins().build()),
                storage);

        assertThat(fresh.signOut(null).join()).contains(FakeLogto.END_SESSION_PATH);
        assertThat(storage.snapshot()).isEmpty();
    }

    @Test
    void signOutWhenSignedOutThenUrlWithoutHintAndNoRevocation() {
        var params = SignIn.query(URI.create(client.signOut(null).join()).getRawQuery());

        assertThat(params).containsKey("client_id").doesNotContainKey("id_token_hint");
        assertThat(logto.count("POST", FakeLogto.REVOCATION_PATH)).isZero();
    }

    @Test
    void signOutWhenProviderHasNoEndSessionEndpointThenStorageClearedAndTypedError() {
        var doc = logto.discoveryDocument();
        doc.remove("end_session_endpoint");
        logto.stubDiscovery(doc);
        logto.signIn(client);

        assertThat(Failures.of(client.signOut(null)).code()).isEqualTo(LogtoException.Code.END_SESSION_NOT_SUPPORTED);
        assertThat(storage.snapshot()).isEmpty();
    }

    @Test
    void signOutWhenProviderHasNoRevocationEndpointThenNoRevocation() {
        var doc = logto.discoveryDocument();
        doc.remove("revocation_endpoint");
        logto.stubDiscovery(doc);
        logto.signIn(client);

        client.signOut(null).join();

        assertThat(logto.count("POST", FakeLogto.REVOCATION_PATH)).isZero();
    }

    @Test
    void toStringWhenSignedInThenShowsNoToken() {
        logto.signIn(client);

        assertThat(client.toString()).contains(FakeLogto.APP_ID).doesNotContain("refresh-1", "access-1",
                client.getIdToken().orElseThrow());
    }

    @Test
    void clientsWhenManyShareOneCoreThenDiscoveryAndJwksFetchedOnce() {
        var core = logto.core();
        for (int i = 0; i < 10; i++) {
            logto.signIn(new LogtoClient(core, new RecordingStorage()));
        }

        assertThat(logto.count("GET", FakeLogto.DISCOVERY_PATH)).isEqualTo(1);
        assertThat(logto.count("GET", FakeLogto.JWKS_PATH)).isEqualTo(1);
        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).isEqualTo(10);
    }

    @Test
    void clientWhenCreatedThenNoNetworkCall() {
        new LogtoClient(logto.core(), storage);
        new LogtoClient(logto.config(), storage);

        assertThat(logto.server().getAllServeEvents()).isEmpty();
    }
}
