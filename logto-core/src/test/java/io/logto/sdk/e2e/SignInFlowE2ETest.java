package io.logto.sdk.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import io.logto.sdk.UserInfoResponse;
import io.logto.sdk.OidcCore;
import io.logto.sdk.storage.FileStorage;
import io.logto.sdk.storage.MemoryStorage;
import io.logto.sdk.storage.Storage;
import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.SignIn;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LoopbackOidcProvider provider;
    private static String nextSubject = "user";
    private static String nextClaimsJson = "{}";
    private static OidcCore core;

    @BeforeAll
    static void startProvider() {
        provider = new LoopbackOidcProvider();
        core = OidcCore.create(config());
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    private static LogtoConfig config() {
        return LogtoConfig.builder().endpoint(provider.endpoint())
                .appId(LoopbackOidcProvider.APP_ID).appSecret(LoopbackOidcProvider.APP_SECRET).build();
    }

    /** The next {@link #login} is for {@code subject} with these extra claims in ID and access tokens. */
    private static void nextUser(String subject, Map<String, Object> claims) throws JsonProcessingException {
        nextSubject = subject;
        nextClaimsJson = JSON.writeValueAsString(claims);
    }

    /** Signs in at the provider as the next user, as a browser would; returns the callback URL. */
    private static String login(String authorizationUrl) {
        return provider.login(authorizationUrl, nextSubject, nextClaimsJson);
    }

    @Test
    void fullSessionLifecycleWorksAgainstRealProvider() throws Exception {
        Storage storage = new MemoryStorage();
        LogtoClient client = new LogtoClient(core, storage);
        nextUser("user-1", Map.of("name", "Ada Lovelace", "email", "ada@example.com"));

        String authorizationUrl = client.signIn(REDIRECT_URI).join();
        Map<String, List<String>> query = SignIn.query(URI.create(authorizationUrl).getRawQuery());
        assertThat(query.get("code_challenge_method")).containsExactly("S256");
        assertThat(query.get("nonce")).singleElement().asString().hasSizeGreaterThan(40);
        assertThat(query.get("scope").get(0)).contains("openid", "offline_access", "profile");

        String callback = login(authorizationUrl);
        assertThat(callback).startsWith(REDIRECT_URI);
        client.handleSignInCallback(callback).join();

        assertThat(client.isAuthenticated().join()).isTrue();
        IdTokenClaims claims = client.getIdTokenClaims();
        assertThat(claims.sub()).isEqualTo("user-1");
        assertThat(claims.iss()).isEqualTo(provider.issuer());
        assertThat(claims.aud()).contains(LoopbackOidcProvider.APP_ID);
        assertThat(claims.name()).contains("Ada Lovelace");
        assertThat(client.getRefreshToken()).isPresent();

        String firstAccessToken = client.getAccessToken().join().orElseThrow();
        client.clearAccessToken();
        nextUser("user-1", Map.of("name", "Ada Lovelace"));
        String refreshed = client.getAccessToken().join().orElseThrow();
        assertThat(refreshed).isNotEqualTo(firstAccessToken);
        assertThat(client.getAccessToken().join()).contains(refreshed);

        UserInfoResponse userInfo = client.fetchUserInfo().join();
        assertThat(userInfo.sub()).isEqualTo("user-1");

        String signOutUrl = client.signOut("http://127.0.0.1:3000/").join();
        Map<String, List<String>> signOutQuery = SignIn.query(URI.create(signOutUrl).getRawQuery());
        assertThat(signOutUrl).startsWith(provider.issuer());
        assertThat(signOutQuery.get("client_id")).containsExactly(LoopbackOidcProvider.APP_ID);
        assertThat(signOutQuery.get("post_logout_redirect_uri")).containsExactly("http://127.0.0.1:3000/");
        assertThat(signOutQuery).containsKey("id_token_hint");
        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(client.getRefreshToken()).isEmpty();
        assertThat(client.getAccessToken().join()).isEmpty();
    }

    @Test
    void replayedCallbackIsRejectedAndSessionStaysSignedIn() throws Exception {
        LogtoClient client = new LogtoClient(core, new MemoryStorage());
        nextUser("user-2", Map.of());
        String callback = login(client.signIn(REDIRECT_URI).join());
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
        nextUser("attacker", Map.of());
        String attackersCallback = login(attacker.signIn(REDIRECT_URI).join());

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

        nextUser("user-3", Map.of());
        client.handleSignInCallback(login(secondTab)).join();
        nextUser("user-3", Map.of());
        client.handleSignInCallback(login(firstTab)).join();

        assertThat(client.getIdTokenClaims().sub()).isEqualTo("user-3");
    }

    @Test
    void sessionInFileStorageSurvivesANewClient(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("session.json");
        LogtoClient first = new LogtoClient(core, new FileStorage(file));
        nextUser("user-4", Map.of("name", "Grace"));
        first.handleSignInCallback(login(first.signIn(REDIRECT_URI).join())).join();

        LogtoClient later = new LogtoClient(config(), new FileStorage(file));
        assertThat(later.isAuthenticated().join()).isTrue();
        assertThat(later.getIdTokenClaims().name()).contains("Grace");
        assertThat(later.getAccessToken().join()).isPresent();
    }
}
