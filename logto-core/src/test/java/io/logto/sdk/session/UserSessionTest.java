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
