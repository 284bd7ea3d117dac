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

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ClientCredentialsTokenProvider} on a fake tenant: the grant it posts, its cache, its single flight, its errors. */
class ClientCredentialsTokenProviderTest {
    private static final String API = "https://api.example.com";
    private static FakeLogto shared;

    private FakeLogto logto;
    private ClientCredentialsTokenProvider provider;

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
        provider = ClientCredentialsTokenProvider.builder(logto.config()).clock(logto.clock()).build();
    }

    /** Logto's answer to a client credentials grant. */
    private static Map<String, Object> granted(String accessToken, String scope) {
        var json = new LinkedHashMap<String, Object>();
        json.put("access_token", accessToken);
        json.put("expires_in", 3600);
        json.put("token_type", "Bearer");
        if (scope != null) {
            json.put("scope", scope);
        }
        return json;
    }

    private Map<String, List<String>> form(int request) {
        return SignIn.query(logto.tokenRequests().get(request).getBodyAsString());
    }

    private int tokenRequests() {
        return logto.count("POST", FakeLogto.TOKEN_PATH);
    }

    @Test
    void tokenWhenAskedForAResourceThenPostsClientCredentialsWithTheSecretAndReadsTheAnswer() {
        logto.stubToken(granted("m2m-token-1", "read:data write:data"));

        IssuedToken token = provider.token(ClientCredentialsRequest.forResource(API, "read:data", "write:data")).join();

        assertThat(form(0)).containsEntry("grant_type", List.of("client_credentials"))
                .containsEntry("resource", List.of(API))
                .containsEntry("scope", List.of("read:data write:data"))
                .containsEntry("client_id", List.of(FakeLogto.APP_ID))
                .containsEntry("client_secret", List.of(FakeLogto.APP_SECRET))
                .doesNotContainKey("organization_id");
        assertThat(token.accessToken()).isEqualTo("m2m-token-1");
        assertThat(token.authorizationHeader()).isEqualTo("Bearer m2m-token-1");
        assertThat(token.tokenType()).isEqualTo("Bearer");
        assertThat(token.scopes()).containsExactly("read:data", "write:data");
        assertThat(token.expiresAt()).isEqualTo(logto.clock().instant().plusSeconds(3600));
        assertThat(token.issuedTokenType()).isEmpty();
    }

    @Test
    void tokenForAnOrganizationOrAnOrganizationResourceSendsOrganizationId() {
        logto.stubToken(granted("org-token", ""));

        provider.token(ClientCredentialsRequest.forOrganization("org-1", "read:members")).join();
        provider.token(ClientCredentialsRequest.forOrganizationResource(API, "org-1", "read:data")).join();

        assertThat(form(0)).containsEntry("organization_id", List.of("org-1")).doesNotContainKey("resource");
        assertThat(form(1)).containsEntry("organization_id", List.of("org-1")).containsEntry("resource", List.of(API));
    }

    @Test
    void tokenForTheManagementApiAsksForItsResourceWithScopeAll() {
        logto.stubToken(granted("management-token", "all"));

        IssuedToken token = provider.token(ManagementApi.tokenRequest(ManagementApi.SELF_HOSTED_TENANT_ID)).join();

        assertThat(form(0)).containsEntry("resource", List.of("https://default.logto.app/api"))
                .containsEntry("scope", List.of("all"));
        assertThat(token.scopes()).containsExactly("all");
        assertThat(ManagementApi.resource("t3nant")).isEqualTo("https://t3nant.logto.app/api");
        assertThat(ManagementApi.uri(logto.config(), "/users").toString()).isEqualTo(logto.endpoint() + "/api/users");
    }

    @Test
    void tokenWhileFreshIsReusedWithoutARequest() {
        logto.stubToken(granted("m2m-token-1", "read:data"));
        var request = ClientCredentialsRequest.forResource(API, "read:data");
        IssuedToken first = provider.token(request).join();

        for (int i = 0; i < 50; i++) {
            assertThat(provider.token(ClientCredentialsRequest.forResource(API, "read:data")).join()).isSameAs(first);
        }

        assertThat(tokenRequests()).isEqualTo(1);
    }

    @Test
    void tokenWithinTheExpiryMarginIsReplaced() {
        var request = ClientCredentialsRequest.forResource(API);
        logto.stubToken(granted("m2m-token-1", null));
        provider.token(request).join();

        logto.clock().advance(Duration.ofSeconds(3600 - 61));
        assertThat(provider.token(request).join().accessToken()).isEqualTo("m2m-token-1");

        logto.stubToken(granted("m2m-token-2", null));
        logto.clock().advance(Duration.ofSeconds(2));
        assertThat(provider.token(request).join().accessToken()).isEqualTo("m2m-token-2");
        assertThat(tokenRequests()).isEqualTo(2);
    }

    @Test
    void tokenWhen32CallersAskAtOnceThenLogtoSeesOneRequest() throws Exception {
        logto.stubToken(FakeLogto.jsonResponse(200, FakeLogto.toJson(granted("shared-token", "all"))).withFixedDelay(400));
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            var start = new CountDownLatch(1);
            var answers = new ArrayList<Future<IssuedToken>>();
            for (int i = 0; i < 32; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return provider.token(ManagementApi.tokenRequest("default")).join();
                }));
            }
            start.countDown();
            for (Future<IssuedToken> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS).accessToken()).isEqualTo("shared-token");
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(tokenRequests()).as("token requests for 32 concurrent callers").isEqualTo(1);
    }

    @Test
    void tokenForDifferentRequestsAtOnceThenOneRequestEach() {
        logto.stubToken(FakeLogto.jsonResponse(200, FakeLogto.toJson(granted("t", ""))).withFixedDelay(200));
        var futures = new ArrayList<CompletableFuture<IssuedToken>>();
        for (int i = 0; i < 8; i++) {
            futures.add(provider.token(ClientCredentialsRequest.forResource(API, "a")));
            futures.add(provider.token(ClientCredentialsRequest.forResource(API, "b")));
            futures.add(provider.token(ClientCredentialsRequest.forOrganization("org-" + (i % 2))));
        }
        futures.forEach(CompletableFuture::join);

        assertThat(tokenRequests()).isEqualTo(4);
    }

    @Test
    void tokenWhenLogtoFailsThenTheFailureIsNotCached() {
        var request = ClientCredentialsRequest.forResource(API);
        logto.stubToken(FakeLogto.jsonResponse(503, "{}"));
        LogtoException e = Failures.of(provider.token(request));
        assertThat(e.code()).isEqualTo(Code.TOKEN_REQUEST_FAILED);
        assertThat(e.httpStatus()).isEqualTo(503);

        logto.stubToken(granted("m2m-token-1", null));

        assertThat(provider.token(request).join().accessToken()).isEqualTo("m2m-token-1");
    }

    @Test
    void tokenWhenTheSecretIsWrongThenClientAuthenticationFailedWithoutTheSecret() {
        logto.stubTokenError(401, "invalid_client");

        LogtoException e = Failures.of(provider.token(ClientCredentialsRequest.forResource(API)));

        assertThat(e.code()).isEqualTo(Code.CLIENT_AUTHENTICATION_FAILED);
        assertThat(e.error()).contains("invalid_client");
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.getMessage()).contains("app id and secret").doesNotContain(FakeLogto.APP_SECRET);
    }

    @Test
    void tokenWhenTheResourceIsUnknownThenTokenRequestFailedWithInvalidTarget() {
        logto.stubTokenError(400, "invalid_target");

        LogtoException e = Failures.of(provider.token(ClientCredentialsRequest.forResource("https://unknown.example.com")));

        assertThat(e.code()).isEqualTo(Code.TOKEN_REQUEST_FAILED);
        assertThat(e.error()).contains("invalid_target");
    }

    @Test
    void tokenWithoutALifetimeIsNeverReused() {
        var json = granted("once", null);
        json.remove("expires_in");
        logto.stubToken(json);
        var request = ClientCredentialsRequest.forResource(API);

        provider.token(request).join();
        provider.token(request).join();

        assertThat(tokenRequests()).isEqualTo(2);
    }

    @Test
    void forgetMakesTheNextCallAskAgain() {
        logto.stubToken(granted("m2m-token-1", null));
        var request = ClientCredentialsRequest.forResource(API);
        provider.token(request).join();

        provider.forget(request);
        provider.token(request).join();

        assertThat(tokenRequests()).isEqualTo(2);
    }

    @Test
    void buildWithoutASecretOrWithANegativeMarginThenInvalidConfig() {
        var publicApp = logto.configBuilder().appSecret(null).build();

        assertThat(Failures.ofCall(() -> ClientCredentialsTokenProvider.create(publicApp)).code())
                .isEqualTo(Code.INVALID_CONFIG);
        assertThat(Failures.ofCall(() -> ClientCredentialsTokenProvider.builder(logto.config())
                .expiryMargin(Duration.ofSeconds(-1))).code()).isEqualTo(Code.INVALID_CONFIG);
    }

    @Test
    void toStringsShowNeitherTheSecretNorTheToken() {
        logto.stubToken(granted("m2m-token-secret-value", "all"));
        IssuedToken token = provider.token(ClientCredentialsRequest.forResource(API)).join();

        assertThat(provider.toString()).contains(FakeLogto.APP_ID).doesNotContain(FakeLogto.APP_SECRET);
        assertThat(token.toString()).contains("all").doesNotContain("m2m-token-secret-value");
    }

    @Test
    void requestsRefuseBlankValuesAndScopesWithSpaces() {
        assertThat(Failures.ofCall(() -> ClientCredentialsRequest.forResource(" ")).code()).isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(Failures.ofCall(() -> ClientCredentialsRequest.forOrganization(null)).code())
                .isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(Failures.ofCall(() -> ClientCredentialsRequest.forResource(API, "a b")).code())
                .isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(Failures.ofCall(() -> ManagementApi.resource("evil.com/x")).code()).isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(ClientCredentialsRequest.forResource(API, "b", "a"))
                .isEqualTo(ClientCredentialsRequest.forResource(API, "b", "a"));
    }
}
