package io.logto.sdk.servlet;

import io.logto.sdk.LogtoException;
import io.logto.sdk.OidcCore;
import io.logto.sdk.SignedInSession;
import io.logto.sdk.VerifiedLogout;
import io.logto.testing.LoopbackOidcProvider;
import io.logto.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BackChannelLogoutServlet} called directly with in-memory requests (the flow tests run it in
 * Jetty): every request that is not exactly one well-formed, verified logout token in a bounded form
 * body is answered {@code 400} (another method {@code 405}) with an OAuth error body and ends no
 * session; a verified one is {@code 200} with an empty body. Every answer is {@code no-store}.
 */
class BackChannelLogoutServletDirectTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final int MAX = BackChannelLogoutServlet.MAX_BODY_BYTES;

    private static final List<VerifiedLogout> RECORDED = new CopyOnWriteArrayList<>();
    private static LoopbackOidcProvider provider;
    private static LogoutRequests logto;
    /** One endpoint for the provider's tokens: its core fetches discovery and keys once. */
    private static BackChannelLogoutServlet shared;

    private final List<VerifiedLogout> recorded = RECORDED;
    private final FakeRequests.Request request = new FakeRequests.Request();
    private final FakeRequests.Response response = new FakeRequests.Response();

    @BeforeAll
    static void start() {
        provider = LoopbackOidcProvider.builder().signingKey(TestKeys.es384("provider")).build();
        logto = new LogoutRequests(provider);
        shared = servlet(provider.endpoint(), false);
    }

    @org.junit.jupiter.api.BeforeEach
    void forgetRecorded() {
        RECORDED.clear();
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    /** The endpoint of an app of {@code provider} whose record of ended sessions is {@link #recorded}. */
    private static BackChannelLogoutServlet servlet(String endpoint, boolean recordFails) {
        var config = LogtoServletConfig.builder(TestApp.logtoConfig(endpoint), "https://app.example.com")
                .backChannelLogoutPath("/backchannel-logout").build();
        EndedSessions record = new EndedSessions() {
            @Override
            public void record(VerifiedLogout logout, Instant receivedAt) {
                if (recordFails) {
                    throw new LogtoException(LogtoException.Code.STORAGE_FAILED, "down");
                }
                RECORDED.add(logout);
            }

            @Override
            public boolean hasEnded(SignedInSession session, Instant now) {
                return false;
            }
        };
        return new BackChannelLogoutServlet(LogtoWeb.create(config, OidcCore.builder(config.logto()).build())
                .withEndedSessions(record));
    }

    private BackChannelLogoutServlet servlet() {
        return shared;
    }

    private String validToken(String sub, String sid) {
        return logto.signed(sid == null ? logto.token(sub) : logto.token(sub, sid));
    }

    private void post(String contentType, String body) {
        request.httpMethod.set("POST");
        request.contentType.set(contentType);
        request.body.set(body.getBytes(StandardCharsets.US_ASCII));
    }

    private void postToken(String token) {
        post(FORM, "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    private void call(BackChannelLogoutServlet servlet) throws IOException {
        servlet.service(request.proxy, response.proxy);
    }

    /** {@code 400}, an OAuth error body with {@code description}, no-store, nothing recorded. */
    private void assertRefused(String description) {
        assertThat(response.status.get()).as(response.bodyText()).isEqualTo(400);
        assertThat(response.bodyText()).isEqualTo("{\"error\":\"invalid_request\",\"error_description\":\""
                + description + "\"}");
        assertThat(response.headers).containsEntry("Cache-Control", "no-store")
                .containsEntry("Content-Type", "application/json;charset=UTF-8");
        assertThat(response.redirect.get()).isNull();
        assertThat(recorded).isEmpty();
        assertThat(request.session.get()).as("no session").isNull();
    }

    private void assertAccepted() {
        assertThat(response.status.get()).as(response.bodyText()).isEqualTo(200);
        assertThat(response.bodyText()).isEmpty();
        assertThat(response.headers).containsEntry("Cache-Control", "no-store").containsEntry("Content-Length", "0");
        assertThat(recorded).hasSize(1);
        assertThat(request.session.get()).as("no session").isNull();
    }

    @Test
    void verifiedTokenThen200EmptyNoStoreAndTheLogoutRecorded() throws IOException {
        postToken(validToken("alice", "op-1"));
        // The endpoint sets its status itself, whatever was set before it (here: nothing valid).
        response.status.set(0);

        call(servlet());

        assertAccepted();
        assertThat(recorded.get(0).sub()).contains("alice");
        assertThat(recorded.get(0).sid()).contains("op-1");
    }

    @Test
    void verifiedTokenThenRecordedAtDebugSayingWhatEnded() throws IOException {
        try (var logs = new LogCapture(BackChannelLogoutServlet.class)) {
            postToken(validToken("alice", "op-1"));
            call(servlet());
            var userWide = new FakeRequests.Request();
            userWide.httpMethod.set("POST");
            userWide.contentType.set(FORM);
            userWide.body.set(("logout_token=" + validToken("bob", null)).getBytes(StandardCharsets.US_ASCII));
            servlet().service(userWide.proxy, new FakeRequests.Response().proxy);

            assertThat(logs.messages(Level.FINE)).containsExactly(
                    "Back-channel logout recorded (one provider session)",
                    "Back-channel logout recorded (all sessions of a user)");
        }
    }

    @Test
    void anotherMethodThen405AllowPostAndNothingRead() throws IOException {
        for (String method : new String[]{"GET", "PUT", "post"}) {
            var response = new FakeRequests.Response();
            request.httpMethod.set(method);
            request.contentType.set(FORM);
            request.body.set(("logout_token=" + validToken("alice", "op-1")).getBytes(StandardCharsets.US_ASCII));

            servlet().service(request.proxy, response.proxy);

            assertThat(response.status.get()).as(method).isEqualTo(405);
            assertThat(response.headers).containsEntry("Allow", "POST").containsEntry("Cache-Control", "no-store");
            assertThat(response.bodyText()).isEqualTo(
                    "{\"error\":\"invalid_request\",\"error_description\":\"back-channel logout takes a POST\"}");
        }
        assertThat(recorded).isEmpty();
    }

    @Test
    void contentTypeWhenNotAFormThen400() throws IOException {
        for (String type : new String[]{null, "", "text/plain", "application/json", "multipart/form-data",
                "application/x-www-form-urlencodedx"}) {
            var response = new FakeRequests.Response();
            post(type, "logout_token=" + validToken("alice", "op-1"));

            servlet().service(request.proxy, response.proxy);

            assertThat(response.status.get()).as(type).isEqualTo(400);
            assertThat(response.bodyText()).as(type).contains("the content type must be " + FORM);
        }
        assertThat(recorded).isEmpty();
    }

    @Test
    void contentTypeWithParametersOrInAnotherCaseIsStillAForm() throws IOException {
        postToken(validToken("alice", "op-1"));
        request.contentType.set(" Application/X-WWW-Form-URLencoded ; charset=UTF-8");

        call(servlet());

        assertAccepted();
    }

    @Test
    void bodyOfExactlyTheLimitIsRead() throws IOException {
        String form = "logout_token=" + validToken("alice", "op-1") + "&pad=";
        post(FORM, form + "p".repeat(MAX - form.length()));
        assertThat(request.body.get()).hasSize(MAX);

        call(servlet());

        assertAccepted();
    }

    @Test
    void bodyOverTheLimitThen400AndTheRestDrainedUpToABound() throws IOException {
        String form = "logout_token=" + validToken("alice", "op-1") + "&pad=";
        post(FORM, form + "p".repeat(MAX + 1 - form.length() + 1000));
        request.contentLength.set((long) MAX + 1 + 1000);

        call(servlet());

        assertRefused("the body is longer than " + MAX + " bytes");
        // What was read is the limit plus one byte; the rest of the announced length is drained.
        assertThat(request.stream().drained).hasValue(1000);
    }

    @Test
    void bodyOverTheLimitWithAHugeOrUnknownLengthThenDrainedAtMost256KiB() throws IOException {
        post(FORM, "p".repeat(MAX + 10));
        request.contentLength.set(10L * 1024 * 1024);
        call(servlet());
        assertThat(request.stream().drained).hasValue(256 * 1024);

        var chunked = new FakeRequests.Request();
        chunked.httpMethod.set("POST");
        chunked.contentType.set(FORM);
        chunked.body.set("p".repeat(MAX + 10).getBytes(StandardCharsets.US_ASCII));
        chunked.contentLength.set(-1L);
        servlet().service(chunked.proxy, new FakeRequests.Response().proxy);
        assertThat(chunked.stream().drained).hasValue(0);
    }

    @Test
    void missingEmptyOrNamelessTokenThen400() throws IOException {
        for (String body : new String[]{"token=abc", "logout_token", "logout_token=", "x=1&y", "=abc"}) {
            var response = new FakeRequests.Response();
            var request = new FakeRequests.Request();
            request.httpMethod.set("POST");
            request.contentType.set(FORM);
            request.body.set(body.getBytes(StandardCharsets.US_ASCII));

            servlet().service(request.proxy, response.proxy);

            assertThat(response.status.get()).as(body).isEqualTo(400);
            assertThat(response.bodyText()).as(body).contains("logout_token is missing");
        }
        assertThat(recorded).isEmpty();
    }

    @Test
    void repeatedTokenThen400EvenWhenOneIsEmpty() throws IOException {
        String token = validToken("alice", "op-1");
        for (String body : new String[]{"logout_token=" + token + "&logout_token=" + token,
                "logout_token=" + token + "&logout_token", "logout_token&logout_token=" + token}) {
            var response = new FakeRequests.Response();
            var request = new FakeRequests.Request();
            request.httpMethod.set("POST");
            request.contentType.set(FORM);
            request.body.set(body.getBytes(StandardCharsets.US_ASCII));

            servlet().service(request.proxy, response.proxy);

            assertThat(response.status.get()).isEqualTo(400);
            assertThat(response.bodyText()).contains("logout_token is repeated");
        }
        assertThat(recorded).isEmpty();
    }

    @Test
    void otherFieldsBesideTheTokenAreIgnoredAndItsNameMayBeEncoded() throws IOException {
        // Only names are decoded, and only the token's value: "=%zz" has the empty name.
        post(FORM, "a=1&flag&=%zz&logout%5Ftoken=" + validToken("alice", "op-1") + "&b=%zz");

        call(servlet());

        assertAccepted();
    }

    @Test
    void brokenPercentEncodingThen400() throws IOException {
        post(FORM, "logout_token=%E0%A4%A");
        call(servlet());
        assertRefused("the form is not url-encoded");

        var response = new FakeRequests.Response();
        var request = new FakeRequests.Request();
        request.httpMethod.set("POST");
        request.contentType.set(FORM);
        request.body.set("%zz=1&logout_token=x".getBytes(StandardCharsets.US_ASCII));
        servlet().service(request.proxy, response.proxy);
        assertThat(response.bodyText()).contains("the form is not url-encoded");
    }

    @Test
    void aFormTheContainerAlreadyParsedIsReadFromTheParameters() throws IOException {
        // A filter of the app read a parameter first: the body is consumed, the parameters hold it.
        post(FORM, "");
        request.parsedParameters.set(Map.of("logout_token", List.of(validToken("alice", "op-1"))));
        request.query.set("xlogout_token=1&a=logout_token=");

        call(servlet());

        assertAccepted();
    }

    @Test
    void aParsedFormWhoseQueryNamesTheTokenThen400() throws IOException {
        for (String query : new String[]{"logout_token=x", "a=1&logout_token=x"}) {
            var response = new FakeRequests.Response();
            var request = new FakeRequests.Request();
            request.httpMethod.set("POST");
            request.contentType.set(FORM);
            request.query.set(query);
            request.parsedParameters.set(Map.of("logout_token", List.of(validToken("alice", "op-1"))));

            servlet().service(request.proxy, response.proxy);

            assertThat(response.status.get()).isEqualTo(400);
            assertThat(response.bodyText()).contains("logout_token must be in the body, not in the query");
        }
        assertThat(recorded).isEmpty();
    }

    @Test
    void aParsedFormWithoutOneBoundedTokenThen400() throws IOException {
        String token = validToken("alice", "op-1");
        List<Map.Entry<List<String>, String>> cases = List.of(
                Map.entry(List.of(), "logout_token is missing"),
                Map.entry(List.of(""), "logout_token is missing"),
                Map.entry(List.of(token, token), "logout_token is repeated"),
                Map.entry(List.of("t".repeat(MAX + 1)), "the body is longer than " + MAX + " bytes"));
        for (var entry : cases) {
            var response = new FakeRequests.Response();
            var request = new FakeRequests.Request();
            request.httpMethod.set("POST");
            request.contentType.set(FORM);
            request.parsedParameters.set(entry.getKey().isEmpty() ? Map.of() : Map.of("logout_token", entry.getKey()));

            servlet().service(request.proxy, response.proxy);

            assertThat(response.status.get()).isEqualTo(400);
            assertThat(response.bodyText()).contains(entry.getValue());
        }
        assertThat(recorded).isEmpty();
    }

    @Test
    void aParsedTokenOfExactlyTheLimitIsCheckedAsAToken() throws IOException {
        post(FORM, "");
        request.parsedParameters.set(Map.of("logout_token", List.of("t".repeat(MAX))));

        call(servlet());

        // Not refused by the endpoint's bound on the body but by the verifier's on the token (16 KiB).
        assertThat(response.status.get()).isEqualTo(400);
        assertThat(response.bodyText()).doesNotContain("longer than " + MAX).contains("longer than 16384 characters");
        assertThat(recorded).isEmpty();
    }

    @Test
    void tokenRefusedThen400WithTheReasonLoggedAtInfo() throws IOException {
        try (var logs = new LogCapture(BackChannelLogoutServlet.class)) {
            postToken(logto.signed(logto.token("alice", "op-1").claim("nonce", "n-1")));

            call(servlet());

            assertThat(response.status.get()).isEqualTo(400);
            assertThat(response.bodyText()).contains("nonce").doesNotContain("could not be checked");
            assertThat(recorded).isEmpty();
            assertThat(logs.messages(Level.INFO)).singleElement().asString()
                    .startsWith("Back-channel logout refused: LOGOUT_TOKEN_CLAIMS_INVALID: ");
        }
    }

    @Test
    void everyKindOfRefusedTokenThen400WithItsOwnReason() throws IOException {
        Map<String, String> tokens = Map.of(
                "malformed", "not-a-jwt",
                "typed as an access token", logto.signed(logto.token("alice", "op-1").header("typ", "at+jwt")));
        for (var entry : tokens.entrySet()) {
            var response = new FakeRequests.Response();
            var request = new FakeRequests.Request();
            request.httpMethod.set("POST");
            request.contentType.set(FORM);
            request.body.set(("logout_token=" + entry.getValue()).getBytes(StandardCharsets.US_ASCII));

            servlet().service(request.proxy, response.proxy);

            assertThat(response.status.get()).as(entry.getKey()).isEqualTo(400);
            assertThat(response.bodyText()).as(entry.getKey()).startsWith("{\"error\":\"invalid_request\"")
                    .doesNotContain("could not be checked");
        }
        assertThat(recorded).isEmpty();
    }

    @Test
    void tokenReplayedThen400AndRecordedOnce() throws IOException {
        String token = validToken("alice", "op-1");
        BackChannelLogoutServlet servlet = servlet();
        postToken(token);
        call(servlet);
        assertAccepted();

        var replay = new FakeRequests.Response();
        var again = new FakeRequests.Request();
        again.httpMethod.set("POST");
        again.contentType.set(FORM);
        again.body.set(("logout_token=" + token).getBytes(StandardCharsets.US_ASCII));
        servlet.service(again.proxy, replay.proxy);

        assertThat(replay.status.get()).isEqualTo(400);
        assertThat(replay.bodyText()).contains("already accepted");
        assertThat(recorded).hasSize(1);
    }

    @Test
    void logtoUnreachableThen400NothingEndedAndTheOwnerWarned() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String unreachable = "http://127.0.0.1:" + closedPort;
        var tokens = new LogoutRequests(unreachable + "/oidc", provider.signingKey().orElseThrow(), Clock.systemUTC());
        try (var logs = new LogCapture(BackChannelLogoutServlet.class)) {
            postToken(tokens.signed(tokens.token("alice", "op-1")));

            call(servlet(unreachable, false));

            assertRefused("the logout token could not be checked; nothing was ended");
            assertThat(logs.messages(Level.WARNING)).singleElement().asString()
                    .startsWith("Back-channel logout not checked: ");
        }
    }

    @Test
    void recordFailingThen400NothingEndedAndTheOwnerWarned() throws IOException {
        try (var logs = new LogCapture(BackChannelLogoutServlet.class)) {
            postToken(validToken("alice", "op-1"));

            call(servlet(provider.endpoint(), true));

            assertRefused("the logout could not be recorded; nothing was ended");
            assertThat(logs.messages(Level.WARNING)).singleElement().asString()
                    .isEqualTo("Back-channel logout not recorded: STORAGE_FAILED: down");
        }
    }
}
