package io.logto.sdk.servlet;

import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.MutableClock;
import io.logto.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BackChannelLogoutServlet} on a real Jetty against a real provider (mock-oauth2-server
 * signing with a key the test holds, so that the test can play Logto's logout call): what a logout
 * token ends, when, and that every bad request is a {@code 400} that ends nothing.
 */
class BackChannelLogoutServletTest {
    private static final String PATH = "/backchannel-logout";

    private LoopbackOidcProvider provider;
    private MutableClock clock;
    private TestApp app;
    private LogoutRequests logto;

    @BeforeEach
    void start() throws Exception {
        provider = LoopbackOidcProvider.builder().signingKey(TestKeys.es384("provider")).build();
        clock = MutableClock.followingSystemTime();
        app = TestApp.builder(provider).clock(clock).config(b -> b.backChannelLogoutPath(PATH)).start();
        logto = new LogoutRequests(provider);
    }

    @AfterEach
    void stop() {
        app.close();
        provider.close();
    }

    private Browser signedIn(String sub, String sid) {
        var browser = new Browser();
        browser.signIn(app.url("/protected"), sub, sub, sid == null ? "" : ",\"sid\":\"" + sid + "\"");
        assertSignedIn(browser, sub);
        return browser;
    }

    private void assertSignedIn(Browser browser, String sub) {
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home signed-in sub=" + sub);
    }

    private void assertSignedOut(Browser browser) {
        assertThat(browser.get(app.url("/")).body()).isEqualTo("home anonymous");
        assertThat(browser.get(app.url("/protected/page")).statusCode()).isEqualTo(302);
    }

    private HttpResponse<String> postLogout(String token) {
        return logto.post(app.url(PATH), token);
    }

    private MemoryEndedSessions record() {
        return (MemoryEndedSessions) app.web().endedSessions();
    }

    @Test
    void logoutNamingASessionThen200NoStoreAndThatSessionIsSignedOutBeforeTheAppSeesIt() {
        Browser alice = signedIn("alice", "op-1");
        assertThat(alice.get(app.url("/raw/session")).body()).contains("logto.idToken", "logto.sid", "logto.sub");

        HttpResponse<String> answer = postLogout(logto.signed(logto.token("alice", "op-1")));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
        assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
        // A page that never asks Logto: the filter has already removed the Logto keys.
        assertThat(alice.get(app.url("/raw/session")).body()).isEqualTo("logto keys=[]");
        assertSignedOut(alice);
    }

    @Test
    void logoutNamingASessionThenTheUsersOtherSessionsAndOtherUsersGoOn() {
        Browser aliceHere = signedIn("alice", "op-1");
        Browser aliceThere = signedIn("alice", "op-2");
        Browser bob = signedIn("bob", "op-3");

        assertThat(postLogout(logto.signed(logto.token("alice", "op-1"))).statusCode()).isEqualTo(200);

        assertSignedOut(aliceHere);
        assertSignedIn(aliceThere, "alice");
        assertSignedIn(bob, "bob");
    }

    @Test
    void logoutNamingOnlyTheUserThenAllTheirSessionsEndButNotALaterSignIn() {
        Browser aliceHere = signedIn("alice", null);
        Browser aliceThere = signedIn("alice", "op-2");
        Browser bob = signedIn("bob", null);

        assertThat(postLogout(logto.signed(logto.token("alice"))).statusCode()).isEqualTo(200);

        assertSignedOut(aliceHere);
        assertSignedOut(aliceThere);
        assertSignedIn(bob, "bob");
        clock.advance(Duration.ofSeconds(2));
        Browser aliceAgain = signedIn("alice", null);
        assertSignedIn(aliceAgain, "alice");
    }

    @Test
    void logoutNamingASessionThenTheUsersSessionsWithoutSidEndTooButNotOnesWithAnotherSid() {
        Browser aliceWithoutSid = signedIn("alice", null);
        Browser aliceWithOtherSid = signedIn("alice", "op-2");

        assertThat(postLogout(logto.signed(logto.token("alice", "op-1"))).statusCode()).isEqualTo(200);

        assertSignedOut(aliceWithoutSid);
        assertSignedIn(aliceWithOtherSid, "alice");
    }

    @Test
    void logoutWhenReplayedThen400AndNothingMoreEnds() {
        String token = logto.signed(logto.token("alice"));
        assertThat(postLogout(token).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(2));
        Browser aliceAgain = signedIn("alice", null);

        HttpResponse<String> replay = postLogout(token);

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("\"error\":\"invalid_request\"", "already accepted");
        assertSignedIn(aliceAgain, "alice");
    }

    /**
     * Bad requests: each is a 400 (a GET 405) with a JSON error saying why, and ends nothing. The
     * description tells a refused token from one that could not be checked (Logto unreachable), which
     * also answers 400: a forged token must be refused by its signature, not time out.
     */
    static Stream<Arguments> badRequests() {
        BiFunction<LogoutRequests, String, HttpResponse<String>> unsigned = (l, url) ->
                l.post(url, l.token("alice", "op-1").unsigned());
        BiFunction<LogoutRequests, String, HttpResponse<String>> forged = (l, url) ->
                l.post(url, l.token("alice", "op-1").signedWith(TestKeys.es384(LoopbackOidcProvider.ISSUER_ID)));
        BiFunction<LogoutRequests, String, HttpResponse<String>> hmac = (l, url) ->
                l.post(url, l.token("alice", "op-1").hmacWithPublicKey(TestKeys.ES384));
        BiFunction<LogoutRequests, String, HttpResponse<String>> expired = (l, url) -> {
            long now = System.currentTimeMillis() / 1000;
            return l.post(url, l.signed(l.token("alice", "op-1").claim("iat", now - 600).claim("exp", now - 480)));
        };
        BiFunction<LogoutRequests, String, HttpResponse<String>> withNonce = (l, url) ->
                l.post(url, l.signed(l.token("alice", "op-1").claim("nonce", "n-1")));
        BiFunction<LogoutRequests, String, HttpResponse<String>> withoutEvents = (l, url) ->
                l.post(url, l.signed(l.token("alice", "op-1").without("events")));
        BiFunction<LogoutRequests, String, HttpResponse<String>> otherAudience = (l, url) ->
                l.post(url, l.signed(l.token("alice", "op-1").claim("aud", "another-app")));
        BiFunction<LogoutRequests, String, HttpResponse<String>> accessTokenTyped = (l, url) ->
                l.post(url, l.signed(l.token("alice", "op-1").header("typ", "at+jwt")));
        BiFunction<LogoutRequests, String, HttpResponse<String>> oversizedToken = (l, url) ->
                l.post(url, l.signed(l.token("alice", "op-1").claim("pad", "p".repeat(17_000))));
        BiFunction<LogoutRequests, String, HttpResponse<String>> oversizedBody = (l, url) ->
                l.post(url, "application/x-www-form-urlencoded", "logout_token=" + l.signed(l.token("alice", "op-1"))
                        + "&pad=" + "p".repeat(40_000));
        BiFunction<LogoutRequests, String, HttpResponse<String>> notAJwt = (l, url) -> l.post(url, "hello");
        BiFunction<LogoutRequests, String, HttpResponse<String>> json = (l, url) -> l.post(url, "application/json",
                "{\"logout_token\":\"" + l.signed(l.token("alice", "op-1")) + "\"}");
        BiFunction<LogoutRequests, String, HttpResponse<String>> textPlain = (l, url) -> l.post(url, "text/plain",
                "logout_token=" + l.signed(l.token("alice", "op-1")));
        BiFunction<LogoutRequests, String, HttpResponse<String>> noContentType = (l, url) -> l.post(url, null,
                "logout_token=" + l.signed(l.token("alice", "op-1")));
        BiFunction<LogoutRequests, String, HttpResponse<String>> twice = (l, url) -> l.post(url,
                "application/x-www-form-urlencoded", "logout_token=" + l.signed(l.token("alice", "op-1"))
                        + "&logout_token=" + l.signed(l.token("alice", "op-1")));
        BiFunction<LogoutRequests, String, HttpResponse<String>> missing = (l, url) -> l.post(url,
                "application/x-www-form-urlencoded", "token=" + l.signed(l.token("alice", "op-1")));
        BiFunction<LogoutRequests, String, HttpResponse<String>> inTheQuery = (l, url) -> l.post(
                url + "?logout_token=" + l.signed(l.token("alice", "op-1")), "application/x-www-form-urlencoded", "");
        BiFunction<LogoutRequests, String, HttpResponse<String>> badEncoding = (l, url) -> l.post(url,
                "application/x-www-form-urlencoded", "logout_token=%E0%A4%A");
        BiFunction<LogoutRequests, String, HttpResponse<String>> get = (l, url) -> l.send(HttpRequest.newBuilder(
                URI.create(url + "?logout_token=" + l.signed(l.token("alice", "op-1")))).GET().build());
        return Stream.of(
                Arguments.of("unsigned (alg none)", unsigned, 400, "logout token rejected: its signature or format is invalid: its algorithm is not allowed"),
                Arguments.of("signed by a key the provider does not publish, with its kid", forged, 400, "logout token rejected: its signature or format is invalid"),
                Arguments.of("HS256 keyed with a public key", hmac, 400, "logout token rejected: its signature or format is invalid: its algorithm is not allowed"),
                Arguments.of("expired", expired, 400, "logout token rejected: it has expired"),
                Arguments.of("with a nonce", withNonce, 400, "logout token rejected: it carries a nonce"),
                Arguments.of("without events", withoutEvents, 400, "logout token rejected: events is missing or not an object"),
                Arguments.of("for another audience", otherAudience, 400, "logout token rejected: aud does not contain this app's id"),
                Arguments.of("typed as an access token", accessTokenTyped, 400, "logout token rejected: its typ is not logout+jwt"),
                Arguments.of("token over 16 KiB", oversizedToken, 400, "logout token rejected: it is longer than 16384 characters"),
                Arguments.of("body over 32 KiB", oversizedBody, 400, "the body is longer than 32768 bytes"),
                Arguments.of("not a JWT", notAJwt, 400, "logout token rejected: it is not a compact JWS"),
                Arguments.of("JSON body", json, 400, "the content type must be application/x-www-form-urlencoded"),
                Arguments.of("text/plain body", textPlain, 400, "the content type must be application/x-www-form-urlencoded"),
                Arguments.of("no content type", noContentType, 400, "the content type must be application/x-www-form-urlencoded"),
                Arguments.of("logout_token twice", twice, 400, "logout_token is repeated"),
                Arguments.of("no logout_token", missing, 400, "logout_token is missing"),
                Arguments.of("logout_token in the query only", inTheQuery, 400, "logout_token must be in the body, not in the query"),
                Arguments.of("broken percent-encoding", badEncoding, 400, "the form is not url-encoded"),
                Arguments.of("GET", get, 405, "back-channel logout takes a POST"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestThenErrorAnswerAndNothingEnded(String what,
                                                  BiFunction<LogoutRequests, String, HttpResponse<String>> request,
                                                  int status, String description) {
        Browser alice = signedIn("alice", "op-1");

        HttpResponse<String> answer = request.apply(logto, app.url(PATH));

        assertThat(answer.statusCode()).as(what).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.body()).isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\""
                + description + "\"}");
        assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(answer.headers().firstValue("Location")).isEmpty();
        assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(record().size()).isZero();
        assertSignedIn(alice, "alice");
    }

    @Test
    void floodOfValidLookingJunkThenEveryAnswerIs400AndNothingIsKept() {
        Browser alice = signedIn("alice", "op-1");
        String url = app.url(PATH);
        for (int i = 0; i < 600; i++) {
            String sid = "op-" + i;
            HttpResponse<String> answer = switch (i % 6) {
                case 0 -> logto.post(url, logto.token("alice", sid).unsigned());
                case 1 -> logto.post(url, logto.token("alice", sid).signedWith(TestKeys.es384(LoopbackOidcProvider.ISSUER_ID)));
                case 2 -> logto.post(url, logto.signed(logto.token("alice", sid).claim("nonce", "x")));
                case 3 -> logto.post(url, logto.signed(logto.token("alice", sid).claim("aud", "app-" + i)));
                case 4 -> logto.post(url, logto.signed(logto.token("alice", sid).without("events")));
                default -> logto.post(url, "eyJhbGciOiJFUzM4NCJ9." + "A".repeat(i) + ".AAAA");
            };
            assertThat(answer.statusCode()).isEqualTo(400);
        }

        assertThat(record().size()).isZero();
        assertThat(app.web().core().backChannelLogout().rememberedTokenIds()).isZero();
        assertSignedIn(alice, "alice");
    }

    @Test
    void endpointWhenNotConfiguredThenNotServed() throws Exception {
        try (TestApp plain = TestApp.builder(provider).start()) {
            HttpResponse<String> answer = logto.post(plain.url(PATH), logto.signed(logto.token("alice")));

            assertThat(plain.web().config().backChannelLogoutPath()).isEmpty();
            // The app's own servlet on / answers (it takes no POST), not the endpoint.
            assertThat(answer.statusCode()).isEqualTo(405);
            assertThat(answer.body()).doesNotContain("invalid_request");
        }
    }

    @Test
    void logoutWhenTheRecordFailsThen400AndTheFailureIsNotHidden() throws Exception {
        EndedSessions broken = new EndedSessions() {
            @Override
            public void record(io.logto.sdk.VerifiedLogout logout, java.time.Instant receivedAt) {
                throw new io.logto.sdk.LogtoException(io.logto.sdk.LogtoException.Code.STORAGE_FAILED, "down");
            }

            @Override
            public boolean hasEnded(io.logto.sdk.SignedInSession session, java.time.Instant now) {
                throw new io.logto.sdk.LogtoException(io.logto.sdk.LogtoException.Code.STORAGE_FAILED, "down");
            }
        };
        try (TestApp failing = TestApp.builder(provider).config(b -> b.backChannelLogoutPath(PATH))
                .endedSessions(broken).start()) {
            var alice = new Browser();
            alice.signIn(failing.url("/protected"), "alice", "alice", ",\"sid\":\"op-9\"");

            HttpResponse<String> answer = logto.post(failing.url(PATH), logto.signed(logto.token("alice", "op-9")));
            HttpResponse<String> page = alice.get(failing.url("/"));

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(answer.body()).contains("could not be recorded");
            // The session cannot be checked: it is not let through as signed in.
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.body()).isEqualTo("{\"error\":\"session_check_unavailable\"}");
        }
    }

    @Test
    void logoutWhenAFilterOfTheAppReadTheParametersFirstThenStillAccepted() throws Exception {
        // Such a filter (Spring's HiddenHttpMethodFilter reads _method) makes the container parse the body.
        jakarta.servlet.Filter readsParameters = (request, response, chain) -> {
            request.getParameter("_method");
            chain.doFilter(request, response);
        };
        try (TestApp withFilter = TestApp.builder(provider).config(b -> b.backChannelLogoutPath(PATH))
                .onStartup(context -> context.addFilter("reads-parameters", readsParameters)
                        .addMappingForUrlPatterns(null, false, "/*"))
                .start()) {
            var alice = new Browser();
            alice.signIn(withFilter.url("/protected"), "alice", "alice", ",\"sid\":\"op-5\"");
            String url = withFilter.url(PATH);

            assertThat(logto.post(url + "?logout_token=x", logto.signed(logto.token("alice", "op-5"))).statusCode())
                    .isEqualTo(400);
            assertThat(logto.post(url, "application/x-www-form-urlencoded", "logout_token=a&logout_token=b")
                    .statusCode()).isEqualTo(400);
            assertThat(logto.post(url, logto.signed(logto.token("alice", "op-5"))).statusCode()).isEqualTo(200);
            assertThat(alice.get(withFilter.url("/")).body()).isEqualTo("home anonymous");
        }
    }

    @Test
    void aRequestThatAsksLogtoSeveralTimesIsCheckedOnce() throws Exception {
        var lookups = new java.util.concurrent.atomic.AtomicInteger();
        var memory = new MemoryEndedSessions();
        EndedSessions counting = new EndedSessions() {
            @Override
            public void record(io.logto.sdk.VerifiedLogout logout, java.time.Instant receivedAt) {
                memory.record(logout, receivedAt);
            }

            @Override
            public boolean hasEnded(io.logto.sdk.SignedInSession session, java.time.Instant now) {
                lookups.incrementAndGet();
                return memory.hasEnded(session, now);
            }
        };
        try (TestApp counted = TestApp.builder(provider).config(b -> b.backChannelLogoutPath(PATH))
                .endedSessions(counting).start()) {
            var alice = new Browser();
            alice.signIn(counted.url("/protected"), "alice", "alice", ",\"sid\":\"op-7\"");
            lookups.set(0);

            // The check filter, the protection filter and the page each ask for a client.
            assertThat(alice.get(counted.url("/protected/token")).body()).startsWith("token=");

            assertThat(lookups).hasValue(1);
        }
    }

    @Test
    void anonymousVisitorsGetNoSessionFromTheCheck() {
        var visitor = new Browser();

        HttpResponse<String> home = visitor.get(app.url("/"));

        assertThat(home.body()).isEqualTo("home anonymous");
        assertThat(home.headers().firstValue("Set-Cookie")).isEmpty();
    }
}
