package io.logto.sdk;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.sdk.testing.RecordingStorage;
import io.logto.testing.SignIn;
import io.logto.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every provider endpoint under every network fault: the future fails with the endpoint's code,
 * never hangs, never throws a raw exception, and the user stays signed in or out exactly as before.
 */
class ProviderFaultsTest {
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

    private static final Duration TIMEOUT = Duration.ofMillis(1000);

    private FakeLogto logto;
    private RecordingStorage storage;

    /** What a broken endpoint does. */
    enum BrokenResponse {
        CONNECTION_REFUSED(null),
        TIMEOUT(FakeLogto.jsonResponse(200, "{}").withFixedDelay((int) ProviderFaultsTest.TIMEOUT.toMillis() * 4)),
        SLOW_BODY(FakeLogto.jsonResponse(200, "{\"a\":\"" + "x".repeat(4000) + "\"}")
                .withChunkedDribbleDelay(40, (int) ProviderFaultsTest.TIMEOUT.toMillis() * 8)),
        HTTP_500(aResponse().withStatus(500)),
        HTTP_502_HTML(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>502 Bad Gateway</h1></body></html>")),
        HTTP_200_HTML(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html>captive portal</html>")),
        TRUNCATED_JSON(FakeLogto.jsonResponse(200, "{\"issuer\":\"http://127.0.0.1/oi")),
        INVALID_JSON(FakeLogto.jsonResponse(200, "not json at all")),
        JSON_ARRAY(FakeLogto.jsonResponse(200, "[1,2,3]")),
        EMPTY_BODY(FakeLogto.jsonResponse(200, "")),
        WRONG_CONTENT_TYPE(aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody("{}")),
        HUGE_BODY(FakeLogto.jsonResponse(200, "{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")),
        CONNECTION_RESET(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
        EMPTY_RESPONSE(aResponse().withFault(Fault.EMPTY_RESPONSE)),
        GARBAGE_THEN_CLOSE(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));

        final ResponseDefinitionBuilder response;

        BrokenResponse(ResponseDefinitionBuilder response) {
            this.response = response;
        }
    }

    /** The JVM's first HTTP request (class loading, TLS defaults) can take longer than {@link #TIMEOUT}. */
    @BeforeAll
    static void warmUp() {
        try (var warm = new FakeLogto()) {
            warm.signIn(new LogtoClient(warm.core(), new RecordingStorage()));
        }
    }

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        storage = new RecordingStorage();
    }


    static Stream<Arguments> faults() {
        return Stream.of(BrokenResponse.values()).map(Arguments::of);
    }

    private LogtoConfig shortTimeouts() {
        // A refused connection is simulated by moving an endpoint to a closed port: another origin.
        return logto.configBuilder().requestTimeout(TIMEOUT).connectTimeout(TIMEOUT)
                .dangerouslyAllowEndpointsOnOtherOrigins().build();
    }

    private static int closedPort() {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Breaks {@code path}: a refused connection moves it (in discovery) to a closed port. */
    private void breakEndpoint(String path, String discoveryField, MappingBuilder mapping, BrokenResponse fault) {
        if (fault == BrokenResponse.CONNECTION_REFUSED) {
            var doc = logto.discoveryDocument();
            doc.put(discoveryField, "http://127.0.0.1:" + closedPort() + path);
            logto.stubDiscovery(doc);
        } else {
            logto.server().stubFor(mapping.willReturn(fault.response));
        }
    }

    private LogtoClient signedIn(LogtoConfig config) {
        var client = new LogtoClient(logto.core(config), storage);
        logto.signIn(client);
        logto.resetCounts();
        return client;
    }

    @ParameterizedTest
    @MethodSource("faults")
    void discoveryWhenBrokenThenDiscoveryFailedAndNothingStored(BrokenResponse fault) {
        LogtoConfig config = fault == BrokenResponse.CONNECTION_REFUSED
                ? shortTimeouts().toBuilder().endpoint("http://127.0.0.1:" + closedPort()).build() : shortTimeouts();
        if (fault != BrokenResponse.CONNECTION_REFUSED) {
            logto.server().stubFor(get(urlPathEqualTo(FakeLogto.DISCOVERY_PATH)).willReturn(fault.response));
        }
        var client = new LogtoClient(logto.core(config), storage);

        LogtoException e = Failures.of(client.signIn(FakeLogto.REDIRECT_URI));

        assertThat(e.code()).isEqualTo(LogtoException.Code.DISCOVERY_FAILED);
        assertThat(storage.snapshot()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("faults")
    void tokenEndpointWhenBrokenDuringRefreshThenTokenRequestFailedAndStillSignedIn(BrokenResponse fault) {
        var client = signedIn(logto.config());
        var before = storage.snapshot();
        breakEndpoint(FakeLogto.TOKEN_PATH, "token_endpoint", post(urlPathEqualTo(FakeLogto.TOKEN_PATH)), fault);
        var fresh = new LogtoClient(logto.core(shortTimeouts()), storage);
        logto.clock().advance(Duration.ofHours(2));

        LogtoException e = Failures.of(fresh.getAccessToken());

        assertThat(e.code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
        assertThat(storage.snapshot()).isEqualTo(before);
        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("faults")
    void tokenEndpointWhenBrokenDuringCodeExchangeThenTokenRequestFailedAndSignedOut(BrokenResponse fault) {
        breakEndpoint(FakeLogto.TOKEN_PATH, "token_endpoint", post(urlPathEqualTo(FakeLogto.TOKEN_PATH)), fault);
        var client = new LogtoClient(logto.core(shortTimeouts()), storage);
        SignIn s = logto.startSignIn(client, FakeLogto.REDIRECT_URI);

        LogtoException e = Failures.of(client.handleSignInCallback(s.callback()));

        assertThat(e.code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
        assertThat(client.isAuthenticated().join()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("faults")
    void jwksWhenBrokenThenJwksFailedAndNotSignedIn(BrokenResponse fault) {
        breakEndpoint(FakeLogto.JWKS_PATH, "jwks_uri", get(urlPathEqualTo(FakeLogto.JWKS_PATH)), fault);
        var client = new LogtoClient(logto.core(shortTimeouts()), storage);
        SignIn s = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        logto.stubToken(logto.tokenResponse("a", "r",
                logto.tokens().idToken().claim("nonce", s.nonce()).signedWith(TestKeys.ES384)));

        LogtoException e = Failures.of(client.handleSignInCallback(s.callback()));

        assertThat(e.code()).isEqualTo(LogtoException.Code.JWKS_FAILED);
        assertThat(client.isAuthenticated().join()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("faults")
    void userInfoWhenBrokenThenUserInfoFailedAndStillSignedIn(BrokenResponse fault) {
        signedIn(logto.config());
        var before = storage.snapshot();
        breakEndpoint(FakeLogto.USERINFO_PATH, "userinfo_endpoint", get(urlPathEqualTo(FakeLogto.USERINFO_PATH)), fault);
        var client = new LogtoClient(logto.core(shortTimeouts()), storage);

        LogtoException e = Failures.of(client.fetchUserInfo());

        assertThat(e.code()).isEqualTo(LogtoException.Code.USERINFO_FAILED);
        assertThat(storage.snapshot()).isEqualTo(before);
    }

    @Test
    void discoveryWhenFailedOnceThenNextCallRetriesAndSucceeds() {
        logto.server().stubFor(get(urlPathEqualTo(FakeLogto.DISCOVERY_PATH)).willReturn(aResponse().withStatus(503)));
        var client = new LogtoClient(logto.core(), storage);
        assertThat(Failures.of(client.signIn(FakeLogto.REDIRECT_URI)).code())
                .isEqualTo(LogtoException.Code.DISCOVERY_FAILED);

        logto.stubDiscovery(logto.discoveryDocument());

        assertThat(client.signIn(FakeLogto.REDIRECT_URI).join()).contains(FakeLogto.AUTH_PATH);
        assertThat(logto.count("GET", FakeLogto.DISCOVERY_PATH)).isEqualTo(2);
    }

    @Test
    void discoveryWhenIssuerIsAnotherTenantThenDiscoveryFailed() {
        var doc = logto.discoveryDocument();
        doc.put("issuer", "https://evil.example/oidc");
        logto.stubDiscovery(doc);

        LogtoException e = Failures.of(new LogtoClient(logto.core(), storage).signIn(FakeLogto.REDIRECT_URI));

        assertThat(e.code()).isEqualTo(LogtoException.Code.DISCOVERY_FAILED);
    }

    @Test
    void discoveryWhenRequiredEndpointMissingOrInvalidThenDiscoveryFailed() {
        for (var change : new Object[][] {{"token_endpoint", null}, {"jwks_uri", "not a url"},
                {"authorization_endpoint", "javascript:alert(1)"}, {"issuer", 42}, {"userinfo_endpoint", 7}}) {
            var doc = logto.discoveryDocument();
            if (change[1] == null) {
                doc.remove((String) change[0]);
            } else {
                doc.put((String) change[0], change[1]);
            }
            logto.stubDiscovery(doc);

            LogtoException e = Failures.of(new LogtoClient(logto.core(), storage).signIn(FakeLogto.REDIRECT_URI));

            assertThat(e.code()).as("discovery with %s=%s", change[0], change[1])
                    .isEqualTo(LogtoException.Code.DISCOVERY_FAILED);
        }
    }

    @Test
    void discoveryWhenManyConcurrentCallersThenOneRequest() {
        logto.stubJson(get(urlPathEqualTo(FakeLogto.DISCOVERY_PATH)), 200, logto.discoveryDocument());
        logto.server().stubFor(get(urlPathEqualTo(FakeLogto.DISCOVERY_PATH)).willReturn(
                FakeLogto.jsonResponse(200, FakeLogto.toJson(logto.discoveryDocument())).withFixedDelay(200)));
        var core = logto.core();
        var futures = Stream.generate(() -> new LogtoClient(core, new RecordingStorage()).signIn(FakeLogto.REDIRECT_URI))
                .limit(50).toList();

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

        assertThat(logto.count("GET", FakeLogto.DISCOVERY_PATH)).isEqualTo(1);
    }

    @Test
    void discoveryWhenCacheLifetimeEndsThenFetchedAgain() {
        var client = new LogtoClient(logto.core(), storage);
        client.signIn(FakeLogto.REDIRECT_URI).join();

        logto.clock().advance(LogtoConfig.DEFAULT_METADATA_CACHE_TTL.plusSeconds(1));
        client.signIn(FakeLogto.REDIRECT_URI).join();

        assertThat(logto.count("GET", FakeLogto.DISCOVERY_PATH)).isEqualTo(2);
    }

    @Test
    void tokenEndpointWhenErrorBodyIsHostileThenErrorSanitized() {
        var client = signedIn(logto.config());
        logto.stubJson(post(urlPathEqualTo(FakeLogto.TOKEN_PATH)), 400, Map.of("error", "invalid_request\r\nInjected: 1",
                "error_description", "<b>" + "y".repeat(10_000)));
        logto.clock().advance(Duration.ofHours(2));

        LogtoException e = Failures.of(client.getAccessToken());

        assertThat(e.error()).hasValueSatisfying(err -> assertThat(err).doesNotContain("\r", "\n"));
        assertThat(e.errorDescription()).hasValueSatisfying(d -> assertThat(d.length()).isLessThan(300));
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @Test
    void tokenEndpointWhenSuccessBodyLacksAccessTokenOrBearerThenTokenRequestFailed() {
        var client = signedIn(logto.config());
        logto.clock().advance(Duration.ofHours(2));
        for (var body : new String[] {"{\"token_type\":\"Bearer\"}", "{\"access_token\":\"a\",\"token_type\":\"mac\"}",
                "{\"access_token\":7,\"token_type\":\"Bearer\"}", "{\"access_token\":\"a\"}"}) {
            logto.server().stubFor(post(urlPathEqualTo(FakeLogto.TOKEN_PATH)).willReturn(FakeLogto.jsonResponse(200, body)));

            assertThat(Failures.of(client.getAccessToken()).code()).as(body)
                    .isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
            assertThat(client.isAuthenticated().join()).isTrue();
        }
    }

    @Test
    void requestsWhenProviderRedirectsThenRedirectNotFollowed() {
        logto.server().stubFor(get(urlPathEqualTo(FakeLogto.DISCOVERY_PATH)).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://127.0.0.1:" + closedPort() + "/evil")));

        assertThat(Failures.of(new LogtoClient(logto.core(), storage).signIn(FakeLogto.REDIRECT_URI)).code())
                .isEqualTo(LogtoException.Code.DISCOVERY_FAILED);
    }
}
