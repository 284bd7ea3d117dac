package io.logto.sdk.session;

import io.logto.sdk.LogtoException;
import io.logto.sdk.testing.RecordingStorage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserSessionTest {
    private final RecordingStorage storage = new RecordingStorage();
    private final UserSession session = new UserSession(storage);

    private static SignInAttempt attempt(String state, long createdAt) {
        return new SignInAttempt(state, "https://a/cb", "verifier-" + state, "nonce-" + state, createdAt);
    }

    private static SignInAttempt unverified(String state, long createdAt) {
        return new SignInAttempt(state, "https://a/cb", "verifier-" + state, "nonce-" + state, createdAt, false);
    }

    @Test
    void addSignInAttemptWhenFiveHundredUnverifiedAfterTheUsersOwnThenTheUsersOwnStaysAndAtMostFive() {
        session.addSignInAttempt(attempt("mine", 100), 100);

        int refused = 0;
        for (int i = 0; i < 500; i++) {
            try {
                session.addSignInAttempt(unverified("forged-" + i, 101 + i), 101 + i);
            } catch (LogtoException e) {
                assertThat(e.code()).isEqualTo(LogtoException.Code.TOO_MANY_PENDING_SIGN_INS);
                refused++;
            }
        }

        assertThat(session.signInAttempts(700)).hasSize(UserSession.MAX_PENDING_SIGN_INS)
                .extracting(SignInAttempt::state).contains("mine");
        assertThat(refused).isEqualTo(500 - (UserSession.MAX_PENDING_SIGN_INS - 1));
    }

    @Test
    void addSignInAttemptWhenUnverifiedAndFullThenStorageUnchanged() {
        for (int i = 0; i < UserSession.MAX_PENDING_SIGN_INS; i++) {
            session.addSignInAttempt(unverified("u" + i, 100 + i), 100 + i);
        }
        String before = storage.get(UserSession.SIGN_IN_SESSION);

        assertThatThrownBy(() -> session.addSignInAttempt(unverified("late", 200), 200))
                .isInstanceOfSatisfying(LogtoException.class,
                        e -> assertThat(e.code()).isEqualTo(LogtoException.Code.TOO_MANY_PENDING_SIGN_INS));
        assertThat(storage.get(UserSession.SIGN_IN_SESSION)).isEqualTo(before);
    }

    @Test
    void addSignInAttemptWhenStartedByAppAndFullThenOldestUnverifiedMakesRoomBeforeAnyOfTheApps() {
        session.addSignInAttempt(attempt("app-1", 100), 100);
        session.addSignInAttempt(unverified("u-1", 101), 101);
        session.addSignInAttempt(attempt("app-2", 102), 102);
        session.addSignInAttempt(unverified("u-2", 103), 103);
        session.addSignInAttempt(unverified("u-3", 104), 104);

        session.addSignInAttempt(attempt("app-3", 105), 105);
        session.addSignInAttempt(attempt("app-4", 106), 106);
        session.addSignInAttempt(attempt("app-5", 107), 107);
        session.addSignInAttempt(attempt("app-6", 108), 108);

        assertThat(session.signInAttempts(110)).extracting(SignInAttempt::state)
                .containsExactly("app-2", "app-3", "app-4", "app-5", "app-6");
    }

    @Test
    void signInAttemptWhenStoredBeforeStartedByAppExistedThenReadsAsUnverified() {
        storage.set(UserSession.SIGN_IN_SESSION, "[{\"state\":\"s\",\"redirectUri\":\"https://a/cb\","
                + "\"codeVerifier\":\"v\",\"nonce\":\"n\",\"createdAt\":100}]");

        assertThat(session.signInAttempts(100)).singleElement()
                .satisfies(a -> assertThat(a.startedByApp()).isFalse());
    }

    @Test
    void pendingSignInsAreWrittenAsJacksonWritesThemAndReadBackUnchanged() throws Exception {
        var tricky = new SignInAttempt("st\"ate\\", "https://a/cb?x=\u00e9&y=\u2028", "ver\n\r\t\b\f",
                "nonce\u0001\u001f\u007f/", -5, false, 300L);
        var plain = attempt("b", 1_700_000_000L);
        var attempts = java.util.List.of(tricky, plain);

        String written = UserSession.attemptsJson(attempts);

        assertThat(written).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(attempts));
        storage.set(UserSession.SIGN_IN_SESSION, written);
        assertThat(session.signInAttempts(-5)).containsExactly(tricky);
    }

    @Test
    void signInAttemptsWhenExpiredOrFromTheFutureThenIgnored() {
        session.addSignInAttempt(attempt("old", 0), 0);
        session.addSignInAttempt(attempt("future", 10_000), 0);
        session.addSignInAttempt(attempt("live", 5000), 5000);

        assertThat(session.signInAttempts(5000 + UserSession.SIGN_IN_TTL_SECONDS))
                .extracting(SignInAttempt::state).containsExactly("live");
    }

    @Test
    void takeSignInAttemptWhenTakenTwiceThenSecondIsEmpty() {
        session.addSignInAttempt(attempt("a", 100), 100);
        session.addSignInAttempt(attempt("b", 100), 100);

        assertThat(session.takeSignInAttempt("a", 100)).map(SignInAttempt::codeVerifier).contains("verifier-a");
        assertThat(session.takeSignInAttempt("a", 100)).isEmpty();
        assertThat(session.signInAttempts(100)).extracting(SignInAttempt::state).containsExactly("b");
        session.takeSignInAttempt("b", 100);
        assertThat(storage.get(UserSession.SIGN_IN_SESSION)).isNull();
    }

    @Test
    void addSignInAttemptWhenEntryCorruptThenReplaced() {
        storage.set(UserSession.SIGN_IN_SESSION, "[{\"state\":");

        session.addSignInAttempt(attempt("a", 100), 100);

        assertThat(session.signInAttempts(100)).extracting(SignInAttempt::state).containsExactly("a");
    }

    @Test
    void signInAttemptsWhenEntryCorruptThenStorageCorrupt() {
        storage.set(UserSession.SIGN_IN_SESSION, "{}");

        assertThatThrownBy(() -> session.signInAttempts(0)).isInstanceOfSatisfying(LogtoException.class,
                e -> assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_CORRUPT));
    }

    @Test
    void putAccessTokenWhenSeveralResourcesThenEachKept() {
        session.putAccessToken("", new CachedAccessToken("t0", "", 10));
        session.putAccessToken("https://api", new CachedAccessToken("t1", "read", 20));
        session.putAccessToken("", new CachedAccessToken("t2", "", 30));

        assertThat(session.accessToken("").map(CachedAccessToken::token)).contains("t2");
        assertThat(session.accessToken("https://api").map(CachedAccessToken::scope)).contains("read");
        assertThat(session.accessToken("other")).isEmpty();
    }

    @Test
    void clearTokensWhenSignInPendingThenAttemptKept() {
        session.saveTokens("id", "refresh");
        session.putAccessToken("", new CachedAccessToken("t", "", 10));
        session.addSignInAttempt(attempt("a", 100), 100);

        session.clearTokens();

        assertThat(session.idToken()).isEmpty();
        assertThat(session.refreshToken()).isEmpty();
        assertThat(session.accessToken("")).isEmpty();
        assertThat(session.signInAttempts(100)).hasSize(1);
        session.clearAll();
        assertThat(storage.snapshot()).isEmpty();
    }

    @Test
    void saveTokensWhenNullsThenOldValuesKept() {
        session.saveTokens("id", "refresh");

        session.saveTokens(null, null);

        assertThat(session.idToken()).contains("id");
        assertThat(session.refreshToken()).contains("refresh");
    }

    @Test
    void cachedAccessTokenWhenExpiryReachedThenInvalid() {
        var token = new CachedAccessToken("t", null, 100);

        assertThat(token.isValidAt(99)).isTrue();
        assertThat(token.isValidAt(100)).isFalse();
        assertThat(token.scope()).isEmpty();
    }
}
