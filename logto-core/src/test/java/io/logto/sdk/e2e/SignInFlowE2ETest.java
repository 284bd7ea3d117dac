package io.logto.sdk.e2e;

import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoException;
import io.logto.sdk.UserInfoResponse;
import io.logto.sdk.OidcCore;
import io.logto.sdk.oidc.QueryString;
import io.logto.sdk.storage.FileStorage;
import io.logto.sdk.storage.MemoryStorage;
import io.logto.sdk.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole life of a session against a real OIDC provider started by the test on 127.0.0.1:
 * sign-in URL → login → callback → tokens → refresh → userinfo → sign-out.
 */
class SignInFlowE2ETest {
    private static final String REDIRECT_URI = "http://127.0.0.1:3000/callback";
    private static MockProvider provider;
    private static OidcCore core;

    @BeforeAll
    static void startProvider() {
        provider = new MockProvider();
        core = OidcCore.create(provider.config().build());
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @Test
    void fullSessionLifecycleWorksAgainstRealProvider() throws Exception {
        Storage storage = new MemoryStorage();
        LogtoClient client = new LogtoClient(core, storage);
        provider.nextUser("user-1", Map.of("name", "Ada Lovelace", "email", "ada@example.com"));

        String authorizationUrl = client.signIn(REDIRECT_URI).join();
        Map<String, List<String>> query = QueryString.parse(URI.create(authorizationUrl).getRawQuery());
        assertThat(query.get("code_challenge_method")).containsExactly("S256");
        assertThat(query.get("nonce")).singleElement().asString().hasSizeGreaterThan(40);
        assertThat(query.get("scope").get(0)).contains("openid", "offline_access", "profile");

        String callback = provider.login(authorizationUrl);
        assertThat(callback).startsWith(REDIRECT_URI);
        client.handleSignInCallback(callback).join();

        assertThat(client.isAuthenticated().join()).isTrue();
        IdTokenClaims claims = client.getIdTokenClaims();
        assertThat(claims.sub()).isEqualTo("user-1");
        assertThat(claims.iss()).isEqualTo(provider.issuer());
        assertThat(claims.aud()).contains(MockProvider.APP_ID);
        assertThat(claims.name()).contains("Ada Lovelace");
        assertThat(client.getRefreshToken()).isPresent();

        String firstAccessToken = client.getAccessToken().join().orElseThrow();
        client.clearAccessToken();
        provider.nextUser("user-1", Map.of("name", "Ada Lovelace"));
        String refreshed = client.getAccessToken().join().orElseThrow();
        assertThat(refreshed).isNotEqualTo(firstAccessToken);
        assertThat(client.getAccessToken().join()).contains(refreshed);

        UserInfoResponse userInfo = client.fetchUserInfo().join();
        assertThat(userInfo.sub()).isEqualTo("user-1");

        String signOutUrl = client.signOut("http://127.0.0.1:3000/").join();
        Map<String, List<String>> signOutQuery = QueryString.parse(URI.create(signOutUrl).getRawQuery());
        assertThat(signOutUrl).startsWith(provider.issuer());
        assertThat(signOutQuery.get("client_id")).containsExactly(MockProvider.APP_ID);
        assertThat(signOutQuery.get("post_logout_redirect_uri")).containsExactly("http://127.0.0.1:3000/");
        assertThat(signOutQuery).containsKey("id_token_hint");
        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(client.getRefreshToken()).isEmpty();
        assertThat(client.getAccessToken().join()).isEmpty();
    }

    @Test
    void replayedCallbackIsRejectedAndSessionStaysSignedIn() throws Exception {
        LogtoClient client = new LogtoClient(core, new MemoryStorage());
        provider.nextUser("user-2", Map.of());
        String callback = provider.login(client.signIn(REDIRECT_URI).join());
        client.handleSignInCallback(callback).join();

        assertThatThrownBy(() -> client.handleSignInCallback(callback).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(LogtoException.class,
                        e -> assertThat(e.code()).isEqualTo(LogtoException.Code.SIGN_IN_SESSION_NOT_FOUND));
        assertThat(client.isAuthenticated().join()).isTrue();
        assertThat(client.getIdTokenClaims().sub()).isEqualTo("user-2");
    }

    @Test
    void callbackInAnotherUsersSessionIsRejected() throws Exception {
        LogtoClient victim = new LogtoClient(core, new MemoryStorage());
        LogtoClient attacker = new LogtoClient(core, new MemoryStorage());
        victim.signIn(REDIRECT_URI).join();
        provider.nextUser("attacker", Map.of());
        String attackersCallback = provider.login(attacker.signIn(REDIRECT_URI).join());

        assertThatThrownBy(() -> victim.handleSignInCallback(attackersCallback).join())
                .cause().isInstanceOfSatisfying(LogtoException.class,
                        e -> assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_STATE_MISMATCH));
        assertThat(victim.isAuthenticated().join()).isFalse();
    }

    @Test
    void twoTabsSigningInAtOnceBothComplete() throws Exception {
        LogtoClient client = new LogtoClient(core, new MemoryStorage());
        String firstTab = client.signIn(REDIRECT_URI).join();
        String secondTab = client.signIn(REDIRECT_URI).join();

        provider.nextUser("user-3", Map.of());
        client.handleSignInCallback(provider.login(secondTab)).join();
        provider.nextUser("user-3", Map.of());
        client.handleSignInCallback(provider.login(firstTab)).join();

        assertThat(client.getIdTokenClaims().sub()).isEqualTo("user-3");
    }

    @Test
    void sessionInFileStorageSurvivesANewClient(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("session.json");
        LogtoClient first = new LogtoClient(core, new FileStorage(file));
        provider.nextUser("user-4", Map.of("name", "Grace"));
        first.handleSignInCallback(provider.login(first.signIn(REDIRECT_URI).join())).join();

        LogtoClient later = new LogtoClient(provider.config().build(), new FileStorage(file));
        assertThat(later.isAuthenticated().join()).isTrue();
        assertThat(later.getIdTokenClaims().name()).contains("Grace");
        assertThat(later.getAccessToken().join()).isPresent();
    }
}
