package io.logto.sdk;

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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Access tokens: cache, refresh (single flight), rotation, invalid_grant, organizations. */
class LogtoClientTokensTest {
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

    private static final String API = "https://api.example.com";

    private FakeLogto logto;
    private RecordingStorage storage;
    private LogtoClient client;

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        storage = new RecordingStorage();
        client = new LogtoClient(logto.core(logto.configBuilder()
                .scopes(List.of(LogtoScopes.ORGANIZATIONS)).resources(List.of(API)).build()), storage);
        logto.signIn(client);
        logto.resetCounts();
    }


    private void expireAccessTokens() {
        logto.clock().advance(Duration.ofSeconds(3600));
    }

    private List<String> form(int request, String name) {
        return SignIn.query(logto.tokenRequests().get(request).getBodyAsString()).getOrDefault(name, List.of());
    }

    @Test
    void getAccessTokenWhenCachedThenNoHttpRequest() {
        assertThat(client.getAccessToken().join()).contains("access-1");
        assertThat(client.getAccessToken().join()).contains("access-1");

        assertThat(logto.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void getAccessTokenWhenCachedForResourceThenNoHttpRequest() {
        logto.stubToken(logto.tokenResponse("api-1", null, null));
        client.getAccessToken(API).join();
        logto.resetCounts();

        assertThat(client.getAccessToken(API).join()).contains("api-1");
        assertThat(logto.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void getAccessTokenWhenExpiredThenOneRefreshAndCached() {
        expireAccessTokens();
        logto.stubToken(logto.tokenResponse("access-2", null, null));

        assertThat(client.getAccessToken().join()).contains("access-2");
        assertThat(client.getAccessToken().join()).contains("access-2");

        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).isEqualTo(1);
        assertThat(form(0, "grant_type")).containsExactly("refresh_token");
        assertThat(form(0, "refresh_token")).containsExactly("refresh-1");
        assertThat(form(0, "client_id")).containsExactly(FakeLogto.APP_ID);
        assertThat(form(0, "resource")).isEmpty();
        assertThat(form(0, "organization_id")).isEmpty();
    }

    @Test
    void getAccessTokenWhenMapWasStoredByAnEarlierVersionThenItsKeysStillNameTargets() {
        long later = logto.clock().epochSeconds() + 600;
        storage.set(UserSession.ACCESS_TOKEN_MAP, "{\"\":{\"token\":\"userinfo-0\",\"scope\":\"\",\"expiresAt\":" + later + "},"
                + "\"" + API + "\":{\"token\":\"api-0\",\"scope\":\"read\",\"expiresAt\":" + later + "},"
                + "\"urn:logto:organization:org-1\":{\"token\":\"org-0\",\"scope\":\"\",\"expiresAt\":" + later + "}}");

        assertThat(client.getAccessToken().join()).contains("userinfo-0");
        assertThat(client.getAccessToken(API).join()).contains("api-0");
        assertThat(client.getOrganizationToken("org-1").join()).contains("org-0");
        assertThat(logto.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void getAccessTokenWhenWithinExpiryMarginThenRefreshed() {
        logto.clock().advance(Duration.ofSeconds(3600 - AccessTokenRefresher.EXPIRY_MARGIN_SECONDS));
        logto.stubToken(logto.tokenResponse("access-2", null, null));

        assertThat(client.getAccessToken().join()).contains("access-2");
    }

    @Test
    void getAccessTokenWhenResourceNotCachedThenRefreshWithResource() {
        logto.stubToken(logto.tokenResponse("api-1", null, null));

        assertThat(client.getAccessToken(API).join()).contains("api-1");

        assertThat(form(0, "resource")).containsExactly(API);
        assertThat(form(0, "organization_id")).isEmpty();
        // The userinfo token is still the cached one.
        assertThat(client.getAccessToken().join()).contains("access-1");
        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).isEqualTo(1);
    }

    @Test
    void getAccessTokenWhenNewRefreshTokenReturnedThenItReplacesTheOld() {
        expireAccessTokens();
        logto.stubToken(logto.tokenResponse("access-2", "refresh-2", null));

        client.getAccessToken().join();

        assertThat(client.getRefreshToken()).contains("refresh-2");
        expireAccessTokens();
        logto.stubToken(logto.tokenResponse("access-3", null, null));
        client.getAccessToken().join();
        assertThat(form(1, "refresh_token")).containsExactly("refresh-2");
    }

    @Test
    void getAccessTokenWhenNoRefreshTokenThenEmpty() {
        storage.delete(UserSession.REFRESH_TOKEN);
        expireAccessTokens();

        assertThat(client.getAccessToken().join()).isEmpty();
        assertThat(logto.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void getAccessTokenWhenCachedThenReadWithoutTakingTheSessionsLock() {
        // The lock is held while a sign-in or a refresh is stored: a cached token never waits for it.
        var lock = new Object();
        var readsUnderLock = new java.util.concurrent.atomic.AtomicInteger();
        var lockWatching = new io.logto.sdk.storage.Storage() {
            @Override
            public String get(String key) {
                if (key.equals(UserSession.ACCESS_TOKEN_MAP) && Thread.holdsLock(lock)) {
                    readsUnderLock.incrementAndGet();
                }
                return storage.get(key);
            }

            @Override
            public void set(String key, String value) {
                storage.set(key, value);
            }

            @Override
            public void delete(String key) {
                storage.delete(key);
            }

            @Override
            public Object mutex() {
                return lock;
            }
        };
        var watched = new LogtoClient(logto.core(), lockWatching);

        assertThat(watched.getAccessToken().join()).contains("access-1");
        assertThat(readsUnderLock).hasValue(0);
        assertThat(logto.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void getAccessTokenWhenARefreshForAnotherTargetWaitedBehindARotationThenItsNewerRefreshTokenIsStored() {
        // Both refreshes read refresh-1; the second is sent with rotated-1 (refreshes of one session run
        // one after another) and rotates it again. Keeping rotated-1, consumed, would have the next
        // refresh revoke the grant.
        var provider = logto.rotateRefreshTokens();
        provider.startGrant("grant", "refresh-1");
        expireAccessTokens();
        logto.tokenGate().close();
        CompletableFuture<Optional<String>> userInfo = client.getAccessToken();
        CompletableFuture<Optional<String>> api = client.getAccessToken(API);
        awaitHeldRefreshes(1);
        logto.tokenGate().passHeldAndCloseAgain();   // the API refresh is held until the first is stored
        assertThat(userInfo.join()).isPresent();
        assertThat(client.getRefreshToken()).contains("rotated-1");
        awaitHeldRefreshes(1);
        logto.tokenGate().open();

        assertThat(api.join()).isPresent();
        assertThat(client.getRefreshToken()).contains("rotated-2");
        assertThat(form(1, "refresh_token")).containsExactly("rotated-1");
        assertThat(provider.reuses()).isZero();
        assertThat(logto.refreshRequests()).isEqualTo(2);
    }

    private void awaitHeldRefreshes(int count) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (logto.tokenGate().held() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(logto.tokenGate().held()).as("refresh requests held at the provider").isEqualTo(count);
    }

    @Test
    void fetchUserInfoWhenThereIsNoAccessTokenToGetThenNotAuthenticatedWithoutARequest() {
        storage.delete(UserSession.REFRESH_TOKEN);
        client.clearAccessToken();

        LogtoException e = Failures.of(client.fetchUserInfo());

        assertThat(e.code()).isEqualTo(LogtoException.Code.NOT_AUTHENTICATED);
        assertThat(logto.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void getAccessTokenWhenSignedOutThenEmpty() {
        var fresh = new LogtoClient(logto.core(), new RecordingStorage());

        assertThat(fresh.getAccessToken().join()).isEmpty();
        assertThat(fresh.getAccessToken(API).join()).isEmpty();
    }

    @Test
    void getAccessTokenWhenInvalidGrantThenRefreshTokenInvalidAndTokensCleared() {
        expireAccessTokens();
        logto.stubTokenError(400, "invalid_grant");

        LogtoException e = Failures.of(client.getAccessToken());

        assertThat(e.code()).isEqualTo(LogtoException.Code.REFRESH_TOKEN_INVALID);
        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(client.getRefreshToken()).isEmpty();
        assertThat(storage.get(UserSession.ACCESS_TOKEN_MAP)).isNull();
    }

    @Test
    void getAccessTokenWhenServerErrorThenTokenRequestFailedAndStillSignedIn() {
        expireAccessTokens();
        logto.stubTokenError(500, "server_error");

        LogtoException e = Failures.of(client.getAccessToken());

        assertThat(e.code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(client.isAuthenticated().join()).isTrue();
        assertThat(client.getRefreshToken()).contains("refresh-1");
    }

    @Test
    void getAccessTokenWhenOtherOAuthErrorThenStillSignedIn() {
        expireAccessTokens();
        logto.stubTokenError(400, "invalid_target");

        LogtoException e = Failures.of(client.getAccessToken(API));

        assertThat(e.code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
        assertThat(e.error()).contains("invalid_target");
        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @Test
    void getAccessTokenWhenConcurrentCallersShareOneCoreThenExactlyOneRefresh() throws Exception {
        expireAccessTokens();
        logto.stubToken(FakeLogto.jsonResponse(200, FakeLogto.toJson(logto.tokenResponse("access-2", null, null)))
                .withFixedDelay(300));
        var core = logto.core();
        client = new LogtoClient(core, storage);

        var gate = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(64);
        var futures = new ArrayList<java.util.concurrent.Future<Optional<String>>>();
        try {
            for (int i = 0; i < 128; i++) {
                boolean perRequestClient = i % 2 == 0;
                futures.add(pool.submit(() -> {
                    gate.await();
                    return (perRequestClient ? new LogtoClient(core, storage) : client).getAccessToken().join();
                }));
            }
            gate.countDown();
            for (var f : futures) {
                assertThat(f.get()).contains("access-2");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).isEqualTo(1);
    }

    @Test
    void getAccessTokenWhenConcurrentRefreshFailsThenAllFailAndNextCallRetries() {
        expireAccessTokens();
        logto.stubToken(FakeLogto.jsonResponse(500, "{\"error\":\"server_error\"}").withFixedDelay(300));

        var futures = new ArrayList<CompletableFuture<Optional<String>>>();
        for (int i = 0; i < 16; i++) {
            futures.add(client.getAccessToken());
        }
        futures.forEach(f -> assertThat(Failures.of(f).code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED));
        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).isEqualTo(1);

        logto.stubToken(logto.tokenResponse("access-2", null, null));
        assertThat(client.getAccessToken().join()).contains("access-2");
        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).isEqualTo(2);
    }

    @Test
    void getAccessTokenWhenRefreshLandsThenACallerArrivingDuringTheStoreDoesNotRefreshAgain() {
        // A storage that, at the moment the refreshed token is written, lets another request of
        // the same user ask for the token: the refresh has finished, so it must not start another.
        expireAccessTokens();
        logto.stubToken(logto.tokenResponse("access-2", null, null));
        var self = new java.util.concurrent.atomic.AtomicReference<LogtoClient>();
        var reentrant = new ArrayList<CompletableFuture<Optional<String>>>();
        var hooks = new java.util.concurrent.atomic.AtomicInteger();
        var hooked = new io.logto.sdk.storage.Storage() {
            @Override
            public String get(String key) {
                return storage.get(key);
            }

            @Override
            public void set(String key, String value) {
                if (key.equals(UserSession.ACCESS_TOKEN_MAP) && hooks.getAndIncrement() == 0) {
                    reentrant.add(self.get().getAccessToken());
                }
                storage.set(key, value);
            }

            @Override
            public void delete(String key) {
                storage.delete(key);
            }

            @Override
            public Object mutex() {
                return storage;
            }
        };
        client = new LogtoClient(logto.core(), hooked);
        self.set(client);

        assertThat(client.getAccessToken().join()).contains("access-2");
        assertThat(reentrant).hasSize(1);
        assertThat(reentrant.get(0).join()).contains("access-2");
        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).isEqualTo(1);
    }

    @Test
    void getAccessTokenWhenCallerSawTheExpiredTokenJustBeforeARefreshFinishedThenNoSecondRefresh() throws Exception {
        // Caller B reads the expired token, then stalls; caller A's refresh finishes completely
        // (stored, flight forgotten); then B goes on. B must find A's token, not refresh again.
        expireAccessTokens();
        logto.stubToken(FakeLogto.jsonResponse(200, FakeLogto.toJson(logto.tokenResponse("access-2", null, null)))
                .withFixedDelay(200));
        var core = logto.core();
        var stalled = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        var stallingStorage = new io.logto.sdk.storage.Storage() {
            @Override
            public String get(String key) {
                String value = storage.get(key);
                if (key.equals(UserSession.ACCESS_TOKEN_MAP) && Thread.currentThread().getName().equals("caller-b")
                        && stalled.getCount() == 1) {
                    stalled.countDown();
                    await(release);
                }
                return value;
            }

            @Override
            public void set(String key, String value) {
                storage.set(key, value);
            }

            @Override
            public void delete(String key) {
                storage.delete(key);
            }

            @Override
            public Object mutex() {
                return storage;
            }
        };
        CompletableFuture<Optional<String>> a = new LogtoClient(core, storage).getAccessToken();
        var b = new CompletableFuture<Optional<String>>();
        var callerB = new Thread(() -> new LogtoClient(core, stallingStorage).getAccessToken()
                .whenComplete((v, e) -> {
                    if (e != null) {
                        b.completeExceptionally(e);
                    } else {
                        b.complete(v);
                    }
                }), "caller-b");
        callerB.start();
        stalled.await();

        assertThat(a.join()).contains("access-2");
        // A's flight is forgotten just after its result is delivered, on the HTTP thread.
        for (long spins = 0; core.tokens().refreshesInFlight() != 0 && spins < 10_000_000_000L; spins++) {
            Thread.onSpinWait();
        }
        assertThat(core.tokens().refreshesInFlight()).isZero();
        release.countDown();

        assertThat(b.get(30, java.util.concurrent.TimeUnit.SECONDS)).contains("access-2");
        callerB.join();
        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).isEqualTo(1);
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void getAccessTokenWhenRefreshReturnsIdTokenThenItIsVerifiedAndStored() {
        expireAccessTokens();
        String newIdToken = logto.tokens().idToken().claim("name", "Ada Byron").signedWith(TestKeys.ES384);
        logto.stubToken(logto.tokenResponse("access-2", null, newIdToken));

        client.getAccessToken().join();

        assertThat(client.getIdToken()).contains(newIdToken);
        assertThat(client.getIdTokenClaims().name()).contains("Ada Byron");
    }

    @Test
    void getAccessTokenWhenRefreshReturnsForgedIdTokenThenRejectedAndNothingStored() {
        expireAccessTokens();
        var before = storage.snapshot();
        logto.stubToken(logto.tokenResponse("access-2", "refresh-2",
                logto.tokens().idToken().claim("sub", "attacker").unsigned()));

        LogtoException e = Failures.of(client.getAccessToken());

        assertThat(e.code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
        assertThat(storage.snapshot()).isEqualTo(before);
    }

    @Test
    void getAccessTokenWhenRefreshedIdTokenNamesAnotherUserThenRejected() {
        expireAccessTokens();
        logto.stubToken(logto.tokenResponse("access-2", null,
                logto.tokens().idToken().claim("sub", "someone-else").signedWith(TestKeys.ES384)));

        LogtoException e = Failures.of(client.getAccessToken());

        assertThat(e.code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
        assertThat(client.getIdTokenClaims().sub()).isEqualTo(TokenFactory.SUBJECT);
    }

    @Test
    void getAccessTokenWhenSignedOutDuringRefreshThenOldSessionIsNotRestored() {
        expireAccessTokens();
        logto.stubToken(FakeLogto.jsonResponse(200, FakeLogto.toJson(logto.tokenResponse("access-2", "refresh-2", null)))
                .withFixedDelay(300));

        CompletableFuture<Optional<String>> inFlight = client.getAccessToken();
        client.signOut(null).join();
        inFlight.join();

        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(client.getRefreshToken()).isEmpty();
        assertThat(storage.get(UserSession.ACCESS_TOKEN_MAP)).isNull();
    }

    @Test
    void getOrganizationTokenWhenNotCachedThenRefreshWithOrganizationId() {
        String orgToken = logto.tokens().accessToken("urn:logto:organization:org-1", "read").signedWith(TestKeys.ES384);
        logto.stubToken(logto.tokenResponse(orgToken, null, null));

        assertThat(client.getOrganizationToken("org-1").join()).contains(orgToken);

        assertThat(form(0, "organization_id")).containsExactly("org-1");
        assertThat(form(0, "resource")).isEmpty();
        assertThat(client.getOrganizationTokenClaims("org-1").join().aud())
                .containsExactly("urn:logto:organization:org-1");
        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).isEqualTo(1);
    }

    @Test
    void getOrganizationTokenWhenOrganizationScopeMissingThenRejected() {
        var plain = new LogtoClient(logto.core(), storage);

        assertThat(Failures.of(plain.getOrganizationToken("org-1")).code())
                .isEqualTo(LogtoException.Code.MISSING_ORGANIZATION_SCOPE);
        assertThat(Failures.of(plain.getOrganizationTokenClaims("org-1")).code())
                .isEqualTo(LogtoException.Code.MISSING_ORGANIZATION_SCOPE);
        assertThat(logto.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void getOrganizationTokenWhenIdBlankThenInvalidArgument() {
        assertThat(Failures.of(client.getOrganizationToken(" ")).code()).isEqualTo(LogtoException.Code.INVALID_ARGUMENT);
        assertThat(Failures.of(client.getOrganizationTokenClaims(null)).code())
                .isEqualTo(LogtoException.Code.INVALID_ARGUMENT);
    }

    @Test
    void getAccessTokenClaimsWhenJwtThenDecoded() {
        String jwt = logto.tokens().accessToken(API, "read write").claim("custom", "x").signedWith(TestKeys.ES384);
        logto.stubToken(logto.tokenResponse(jwt, null, null));

        AccessTokenClaims claims = client.getAccessTokenClaims(API).join();

        assertThat(claims.iss()).isEqualTo(logto.issuer());
        assertThat(claims.sub()).isEqualTo(TokenFactory.SUBJECT);
        assertThat(claims.aud()).containsExactly(API);
        assertThat(claims.scope()).isEqualTo("read write");
        assertThat(claims.clientId()).contains(FakeLogto.APP_ID);
        assertThat(claims.extra()).containsEntry("custom", "x");
    }

    @Test
    void getAccessTokenClaimsWhenOpaqueThenAccessTokenInvalid() {
        assertThat(Failures.of(client.getAccessTokenClaims("")).code()).isEqualTo(LogtoException.Code.ACCESS_TOKEN_INVALID);
    }

    @Test
    void getAccessTokenClaimsWhenSignedOutThenNotAuthenticated() {
        var fresh = new LogtoClient(logto.core(), new RecordingStorage());

        assertThat(Failures.of(fresh.getAccessTokenClaims(API)).code()).isEqualTo(LogtoException.Code.NOT_AUTHENTICATED);
    }

    @Test
    void clearAccessTokenWhenCalledThenNextCallRefreshes() {
        logto.stubToken(logto.tokenResponse("access-2", null, null));

        client.clearAccessToken();

        assertThat(client.getAccessToken().join()).contains("access-2");
        assertThat(client.getRefreshToken()).contains("refresh-1");
        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).isEqualTo(1);
    }

    @Test
    void getAccessTokenWhenCachedMapIsCorruptThenRefreshes() {
        storage.set(UserSession.ACCESS_TOKEN_MAP, "{not json");
        logto.stubToken(logto.tokenResponse("access-2", null, null));

        assertThat(client.getAccessToken().join()).contains("access-2");
    }

    @Test
    void getAccessTokenWhenTwoSessionsRefreshAtOnceThenEachGetsItsOwnToken() {
        var otherStorage = new RecordingStorage();
        var other = new LogtoClient(logto.core(), otherStorage);
        SignIn s = logto.startSignIn(other, FakeLogto.REDIRECT_URI);
        logto.stubToken(logto.tokenResponse("other-access", "other-refresh",
                logto.tokens().idToken().claim("sub", "user-2").claim("nonce", s.nonce()).signedWith(TestKeys.ES384)));
        other.handleSignInCallback(s.callback()).join();
        expireAccessTokens();
        logto.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(FakeLogto.TOKEN_PATH))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("refresh_token=other-refresh"))
                .willReturn(FakeLogto.jsonResponse(200, FakeLogto.toJson(logto.tokenResponse("other-2", null, null)))));
        logto.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(FakeLogto.TOKEN_PATH))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("refresh_token=refresh-1"))
                .willReturn(FakeLogto.jsonResponse(200, FakeLogto.toJson(logto.tokenResponse("mine-2", null, null)))));

        var mine = client.getAccessToken();
        var theirs = other.getAccessToken();

        assertThat(mine.join()).contains("mine-2");
        assertThat(theirs.join()).contains("other-2");
    }
}
