package io.logto.sdk;

import io.logto.sdk.session.UserSession;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.sdk.testing.RecordingStorage;
import io.logto.testing.SignIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.logto.testing.SignIn.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LogtoClient#handleSignInCallback}: every rejection has its own code and leaves storage as
 * it was; success stores the tokens and consumes the attempt.
 */
class LogtoClientCallbackTest {
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


    private SignIn pending() {
        SignIn s = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        logto.stubToken(logto.tokenResponse("access-1", "refresh-1",
                logto.tokens().idToken().claim("nonce", s.nonce()).signedWith(logto.signingKey())));
        return s;
    }

    /** Runs the callback, expects a rejection without any token request and with storage unchanged. */
    private LogtoException rejected(String callbackUri) {
        Map<String, String> before = storage.snapshot();
        LogtoException e = Failures.of(client.handleSignInCallback(callbackUri));
        assertThat(storage.snapshot()).as("storage after a rejected callback").isEqualTo(before);
        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).as("token requests").isZero();
        return e;
    }

    @Test
    void handleSignInCallbackWhenValidThenTokensStoredAndAttemptConsumed() {
        SignIn s = pending();

        client.handleSignInCallback(s.callback()).join();

        assertThat(client.isAuthenticated().join()).isTrue();
        assertThat(client.getIdToken()).isPresent();
        assertThat(client.getRefreshToken()).contains("refresh-1");
        assertThat(client.getAccessToken().join()).contains("access-1");
        assertThat(storage.get(UserSession.SIGN_IN_SESSION)).isNull();
        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).isEqualTo(1);
    }

    @Test
    void handleSignInCallbackWhenValidThenCodeVerifierAndRedirectUriAreSentWithClientAuth() {
        SignIn s = pending();
        var verifier = new UserSession(storage).signInAttempts(logto.clock().epochSeconds()).get(0).codeVerifier();

        client.handleSignInCallback(s.callback()).join();

        var form = SignIn.query(logto.tokenRequests().get(0).getBodyAsString());
        assertThat(form.get("grant_type")).containsExactly("authorization_code");
        assertThat(form.get("code")).containsExactly(SignIn.CODE);
        assertThat(form.get("code_verifier")).containsExactly(verifier);
        assertThat(form.get("redirect_uri")).containsExactly(FakeLogto.REDIRECT_URI);
        assertThat(form.get("client_id")).containsExactly(FakeLogto.APP_ID);
        assertThat(form.get("client_secret")).containsExactly(FakeLogto.APP_SECRET);
    }

    @Test
    void handleSignInCallbackWhenNoSignInSessionThenRejected() {
        LogtoException e = rejected(FakeLogto.REDIRECT_URI + "?code=c&state=s&iss=" + enc(logto.issuer()));

        assertThat(e.code()).isEqualTo(LogtoException.Code.SIGN_IN_SESSION_NOT_FOUND);
    }

    @Test
    void handleSignInCallbackWhenStateIsForgedThenRejected() {
        SignIn s = pending();

        LogtoException e = rejected(s.callbackWithQuery("code=c&state=forged&iss=" + enc(logto.issuer())));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_STATE_MISMATCH);
    }

    @Test
    void handleSignInCallbackWhenStateIsMissingThenRejected() {
        SignIn s = pending();

        LogtoException e = rejected(s.callbackWithQuery("code=c&iss=" + enc(logto.issuer())));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_STATE_MISMATCH);
    }

    @Test
    void handleSignInCallbackWhenStateIsEmptyThenRejected() {
        SignIn s = pending();

        LogtoException e = rejected(s.callbackWithQuery("code=c&state=&iss=" + enc(logto.issuer())));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_STATE_MISMATCH);
    }

    @Test
    void handleSignInCallbackWhenStateIsForeignThenRejected() {
        // Another user's sign-in, in another session, with a perfectly valid state of its own.
        var otherStorage = new RecordingStorage();
        SignIn other = logto.startSignIn(new LogtoClient(logto.core(), otherStorage), FakeLogto.REDIRECT_URI);
        pending();

        LogtoException e = rejected(other.callback());

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_STATE_MISMATCH);
        assertThat(new UserSession(otherStorage).signInAttempts(logto.clock().epochSeconds())).hasSize(1);
    }

    @Test
    void handleSignInCallbackWhenStateIsAPrefixOfTheRealOneThenRejected() {
        SignIn s = pending();

        LogtoException e = rejected(s.callbackWithQuery("code=c&state=" + s.state().substring(0, 10)
                + "&iss=" + enc(logto.issuer())));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_STATE_MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://localhost:3000/callback", "http://evil.example:3000/callback",
            "http://localhost:3001/callback", "http://localhost:3000/callback2", "http://localhost:3000/Callback",
            "http://localhost:3000/callback/", "http://localhost/callback", "http://localhost:3000/other/callback"})
    void handleSignInCallbackWhenRedirectUriDiffersThenRejected(String arrivedAt) {
        SignIn s = pending();

        LogtoException e = rejected(arrivedAt + "?code=c&state=" + enc(s.state()) + "&iss=" + enc(logto.issuer()));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_REDIRECT_URI_MISMATCH);
    }

    @Test
    void handleSignInCallbackWhenSchemeAndHostDifferOnlyInCaseThenAccepted() {
        SignIn s = pending();

        client.handleSignInCallback("HTTP://LOCALHOST:3000/callback?code=c&state=" + enc(s.state())
                + "&iss=" + enc(logto.issuer())).join();

        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @Test
    void handleSignInCallbackWhenDefaultPortIsExplicitThenAccepted() {
        SignIn s = logto.startSignIn(client, "https://app.example.com/callback");
        logto.stubToken(logto.tokenResponse("a", "r",
                logto.tokens().idToken().claim("nonce", s.nonce()).signedWith(logto.signingKey())));

        client.handleSignInCallback("https://app.example.com:443/callback?code=c&state=" + enc(s.state())
                + "&iss=" + enc(logto.issuer())).join();

        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @Test
    void handleSignInCallbackWhenErrorParamThenRejectedWithSanitizedError() {
        SignIn s = pending();
        String hostile = "<script>alert(1)</script>\r\nX-Injected: yes\u0000" + "A".repeat(5000);

        LogtoException e = rejected(s.callbackWithQuery("error=access_denied&error_description=" + enc(hostile)
                + "&state=" + enc(s.state())));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_ERROR);
        assertThat(e.error()).contains("access_denied");
        assertThat(e.errorDescription()).hasValueSatisfying(d -> {
            assertThat(d).doesNotContain("\r", "\n", "\u0000");
            assertThat(d.length()).isLessThanOrEqualTo(300);
        });
        assertThat(e.getMessage()).doesNotContain("\r", "\n");
    }

    @Test
    void handleSignInCallbackWhenErrorComesWithAForgedStateThenStateMismatchAndNoProviderTextPassedOn() {
        // A crafted link must not get its error_description shown as if Logto had said it.
        pending();

        LogtoException e = rejected(FakeLogto.REDIRECT_URI + "?error=access_denied&error_description="
                + enc("Your account is locked, call +1 555 0100") + "&state=forged");

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_STATE_MISMATCH);
        assertThat(e.errorDescription()).isEmpty();
    }

    @Test
    void handleSignInCallbackWhenErrorCodeIsHostileThenItIsSanitized() {
        SignIn s = pending();

        LogtoException e = rejected(s.callbackWithQuery("error=" + enc("x\r\nSet-Cookie: a=b") + "&state="
                + enc(s.state())));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_ERROR);
        assertThat(e.error()).hasValueSatisfying(err -> assertThat(err).doesNotContain("\r", "\n"));
        assertThat(e.getMessage()).doesNotContain("\r", "\n");
    }

    @Test
    void handleSignInCallbackWhenIssIsAnotherIssuerThenRejected() {
        SignIn s = pending();

        LogtoException e = rejected(s.callbackWithQuery("code=c&state=" + enc(s.state())
                + "&iss=" + enc("https://evil.example/oidc")));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_ISSUER_MISMATCH);
    }

    @Test
    void handleSignInCallbackWhenIssMissingButAdvertisedThenRejected() {
        SignIn s = pending();

        LogtoException e = rejected(s.callbackWithQuery("code=c&state=" + enc(s.state())));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_ISSUER_MISMATCH);
    }

    @Test
    void handleSignInCallbackWhenIssMissingAndNotAdvertisedThenAccepted() {
        var doc = logto.discoveryDocument();
        doc.remove("authorization_response_iss_parameter_supported");
        logto.stubDiscovery(doc);
        SignIn s = pending();

        client.handleSignInCallback(s.callbackWithQuery("code=c&state=" + enc(s.state()))).join();

        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @Test
    void handleSignInCallbackWhenNoCodeThenRejected() {
        SignIn s = pending();

        LogtoException e = rejected(s.callbackWithQuery("state=" + enc(s.state()) + "&iss=" + enc(logto.issuer())));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"code", "state", "iss", "error", "error_description"})
    void handleSignInCallbackWhenParameterIsDuplicatedThenRejected(String duplicated) {
        SignIn s = pending();
        String query = "code=c&state=" + enc(s.state()) + "&iss=" + enc(logto.issuer())
                + "&" + duplicated + "=" + (duplicated.equals("state") ? enc(s.state()) : "x")
                + (duplicated.startsWith("error") ? "&" + duplicated + "=y" : "");

        LogtoException e = rejected(s.callbackWithQuery(query));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a url", "http://localhost:3000/callback?code=%zz&state=x", "::::"})
    void handleSignInCallbackWhenUriIsMalformedThenRejected(String callback) {
        pending();

        LogtoException e = rejected(callback);

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_INVALID);
    }

    @Test
    void handleSignInCallbackWhenUriIsHugeThenRejected() {
        SignIn s = pending();

        LogtoException e = rejected(s.callback() + "&pad=" + "x".repeat(100_000));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_INVALID);
    }

    @Test
    void handleSignInCallbackWhenReplayedAfterSuccessThenRejected() {
        SignIn s = pending();
        client.handleSignInCallback(s.callback()).join();
        String idToken = client.getIdToken().orElseThrow();
        logto.resetCounts();

        LogtoException e = rejected(s.callback());

        assertThat(e.code()).isEqualTo(LogtoException.Code.SIGN_IN_SESSION_NOT_FOUND);
        assertThat(client.getIdToken()).contains(idToken);
    }

    @Test
    void handleSignInCallbackWhenReplayedWhileAnotherSignInIsPendingThenRejected() {
        SignIn s = pending();
        client.handleSignInCallback(s.callback()).join();
        pending();
        logto.resetCounts();

        LogtoException e = rejected(s.callback());

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_STATE_MISMATCH);
    }

    @Test
    void handleSignInCallbackWhenSameCallbackArrivesTwiceAtOnceThenExactlyOneExchange() {
        SignIn s = pending();
        logto.stubToken(FakeLogto.jsonResponse(200, FakeLogto.toJson(logto.tokenResponse("access-1", "refresh-1",
                logto.tokens().idToken().claim("nonce", s.nonce()).signedWith(logto.signingKey())))).withFixedDelay(200));

        var first = client.handleSignInCallback(s.callback());
        var second = new LogtoClient(logto.core(), storage).handleSignInCallback(s.callback());

        var outcomes = java.util.stream.Stream.of(first, second).map(f -> f.handle((ok, e) -> e == null ? "ok"
                : Failures.of(f).code().name()).join()).toList();
        assertThat(outcomes).containsExactlyInAnyOrder("ok", "SIGN_IN_SESSION_NOT_FOUND");
        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).isEqualTo(1);
        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @Test
    void callbackRacingAnotherCallbackPastTheStateCheckExchangesTheCodeOnce() throws Exception {
        SignIn s = pending();
        // A core that has not read discovery yet: both callbacks pass their state check on this thread,
        // then wait for the held discovery answer, so both reach the attempt's removal.
        var cold = logto.core();
        logto.discoveryGate().close();
        var first = new LogtoClient(cold, storage).handleSignInCallback(s.callback());
        var second = new LogtoClient(cold, storage).handleSignInCallback(s.callback());
        logto.discoveryGate().awaitRequest();
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
        logto.discoveryGate().open();

        var outcomes = java.util.stream.Stream.of(first, second).map(f -> f.handle((ok, e) -> e == null ? "ok"
                : Failures.of(f).code() + ": " + Failures.of(f).getMessage()).join()).toList();
        assertThat(outcomes).hasSize(2).contains("ok").anySatisfy(outcome -> assertThat(outcome)
                .startsWith("SIGN_IN_SESSION_NOT_FOUND").contains("this sign-in was already completed"));
        assertThat(logto.count("POST", FakeLogto.TOKEN_PATH)).as("code exchanges").isEqualTo(1);
        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @Test
    void handleSignInCallbackWhenCodeIsEmptyThenRejectedAsHavingNoCode() {
        SignIn s = pending();

        LogtoException e = rejected(s.callbackWithQuery("code=&state=" + enc(s.state()) + "&iss=" + enc(logto.issuer())));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_INVALID);
        assertThat(e.getMessage()).contains("the callback has no authorization code");
    }

    @Test
    void handleSignInCallbackWhenIssIsEmptyAndTheProviderSendsItThenRejectedAsMissing() {
        SignIn s = pending();

        LogtoException e = rejected(s.callbackWithQuery("code=c&state=" + enc(s.state()) + "&iss="));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_ISSUER_MISMATCH);
    }

    @Test
    void handleSignInCallbackWhenErrorIsEmptyThenItIsNoErrorAndTheSignInCompletes() {
        SignIn s = pending();

        client.handleSignInCallback(s.callbackWithQuery("code=c&state=" + enc(s.state()) + "&iss="
                + enc(logto.issuer()) + "&error=")).join();

        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @Test
    void handleSignInCallbackWhenTheAttemptsRedirectUriHasNoSchemeOrHostThenRejectedNotCrashed() {
        SignIn s = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        // A stored attempt whose redirect URI lost its scheme and host (storage written by another program).
        String stored = storage.get(UserSession.SIGN_IN_SESSION);
        storage.set(UserSession.SIGN_IN_SESSION, stored.replace(FakeLogto.REDIRECT_URI, "/callback"));

        LogtoException e = rejected(s.callback());

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_REDIRECT_URI_MISMATCH);
    }

    @Test
    void handleSignInCallbackWhenTwoTabsSignInThenBothCallbacksSucceed() {
        SignIn first = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        SignIn second = logto.startSignIn(client, FakeLogto.REDIRECT_URI);

        logto.stubToken(logto.tokenResponse("access-2", "refresh-2",
                logto.tokens().idToken().claim("nonce", second.nonce()).signedWith(logto.signingKey())));
        client.handleSignInCallback(second.callback()).join();
        logto.stubToken(logto.tokenResponse("access-1", "refresh-1",
                logto.tokens().idToken().claim("nonce", first.nonce()).signedWith(logto.signingKey())));
        client.handleSignInCallback(first.callback()).join();

        assertThat(client.getRefreshToken()).contains("refresh-1");
        assertThat(storage.get(UserSession.SIGN_IN_SESSION)).isNull();
    }

    @Test
    void handleSignInCallbackWhenNonceOfTheOtherTabThenRejected() {
        SignIn first = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        SignIn second = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        // The token endpoint answers tab 2's callback with tab 1's ID token.
        logto.stubToken(logto.tokenResponse("a", "r",
                logto.tokens().idToken().claim("nonce", first.nonce()).signedWith(logto.signingKey())));

        LogtoException e = Failures.of(client.handleSignInCallback(second.callback()));

        assertThat(e.code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
        assertThat(client.isAuthenticated().join()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[null]", "{\"state\":1}", "[{\"state\":\"s\"}]", "\"text\"", "[1,2]"})
    void handleSignInCallbackWhenStoredSignInSessionIsCorruptThenStorageCorruptAndStorageUnchanged(String corrupt) {
        storage.set(UserSession.SIGN_IN_SESSION, corrupt);

        LogtoException e = rejected(FakeLogto.REDIRECT_URI + "?code=c&state=s&iss=" + enc(logto.issuer()));

        assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_CORRUPT);
        assertThat(storage.get(UserSession.SIGN_IN_SESSION)).isEqualTo(corrupt);
    }

    @Test
    void handleSignInCallbackWhenStoredSignInSessionIsCorruptThenANewSignInStillWorks() {
        storage.set(UserSession.SIGN_IN_SESSION, "{broken");

        logto.signIn(client);

        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @Test
    void handleSignInCallbackWhenAttemptExpiredThenRejected() {
        SignIn s = pending();
        logto.clock().advance(java.time.Duration.ofSeconds(UserSession.SIGN_IN_TTL_SECONDS + 1));

        LogtoException e = Failures.of(client.handleSignInCallback(s.callback()));

        assertThat(e.code()).isEqualTo(LogtoException.Code.SIGN_IN_SESSION_NOT_FOUND);
    }

    @Test
    void handleSignInCallbackWhenTokenEndpointRefusesThenNotSignedIn() {
        SignIn s = pending();
        logto.stubTokenError(400, "invalid_grant");

        LogtoException e = Failures.of(client.handleSignInCallback(s.callback()));

        assertThat(e.code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
        assertThat(e.error()).contains("invalid_grant");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(client.isAuthenticated().join()).isFalse();
    }

    @Test
    void handleSignInCallbackWhenTokenResponseHasNoIdTokenThenRejected() {
        SignIn s = pending();
        logto.stubToken(logto.tokenResponse("a", "r", null));

        LogtoException e = Failures.of(client.handleSignInCallback(s.callback()));

        assertThat(e.code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
        assertThat(client.isAuthenticated().join()).isFalse();
    }

    @Test
    void handleSignInCallbackWhenForgedIdTokenWhileSignedInThenPreviousSessionKept() {
        logto.signIn(client);
        var before = storage.snapshot();
        SignIn s = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        logto.stubToken(logto.tokenResponse("evil-access", "evil-refresh",
                logto.tokens().idToken().claim("nonce", s.nonce()).claim("sub", "attacker").unsigned()));

        LogtoException e = Failures.of(client.handleSignInCallback(s.callback()));

        assertThat(e.code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
        assertThat(client.getRefreshToken()).contains("refresh-1");
        assertThat(client.getIdToken()).contains(before.get(UserSession.ID_TOKEN));
    }

    @Test
    void handleSignInCallbackWhenSignedInAgainThenOldAccessTokensAreDropped() {
        var config = logto.configBuilder().resources(java.util.List.of("https://api.example.com")).build();
        client = new LogtoClient(logto.core(config), storage);
        logto.signIn(client);
        new UserSession(storage).putAccessToken("https://api.example.com",
                new io.logto.sdk.session.CachedAccessToken("old-api-token", "", Long.MAX_VALUE));

        logto.signIn(client);

        assertThat(new UserSession(storage).accessToken("https://api.example.com")).isEmpty();
    }
}
