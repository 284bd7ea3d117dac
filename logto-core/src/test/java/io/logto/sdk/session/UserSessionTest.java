package io.logto.sdk.session;

import io.logto.sdk.LogtoException;
import io.logto.sdk.testing.RecordingStorage;
import org.junit.jupiter.api.Test;

import java.util.Map;

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
    void sessionKeyAndLogtosSidAndSubAreSeparateEntriesClearedTogetherWithTheTokens() {
        assertThat(java.util.Set.of(UserSession.SESSION_KEY, UserSession.SID, UserSession.SUB, UserSession.REFRESH_LEASE,
                UserSession.ID_TOKEN, UserSession.REFRESH_TOKEN, UserSession.ACCESS_TOKEN_MAP, UserSession.SIGNED_IN_AT,
                UserSession.SIGN_IN_SESSION)).hasSize(9);
        session.saveTokens("id", "refresh");
        session.saveSessionKey("key-1");
        session.saveSubjectAndSession("user-1", "op-session-1");

        session.saveSubjectAndSession("user-1", null);

        assertThat(session.sessionKey()).contains("key-1");
        assertThat(session.sid()).isEmpty();
        session.saveSubjectAndSession("user-1", "op-session-2");
        session.saveSessionKey("key-2");
        assertThat(session.sid()).contains("op-session-2");
        assertThat(session.sub()).contains("user-1");
        session.clearTokens();
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
    /** A storage whose answers and failures the test sets. */
    private static final class ScriptedStorage implements io.logto.sdk.storage.Storage {
        final java.util.Map<String, String> values = new java.util.HashMap<>();
        boolean acceptsWrites = true;
        boolean atomicAcrossProcesses;
        RuntimeException failure;

        private void maybeFail() {
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public String get(String key) {
            maybeFail();
            return values.get(key);
        }

        @Override
        public void set(String key, String value) {
            maybeFail();
            if (value == null) {
                values.remove(key);
            } else {
                values.put(key, value);
            }
        }

        @Override
        public void delete(String key) {
            set(key, null);
        }

        @Override
        public boolean acceptsWrites() {
            maybeFail();
            return acceptsWrites;
        }

        @Override
        public boolean isAtomicAcrossProcesses() {
            maybeFail();
            return atomicAcrossProcesses;
        }
    }

    private static void storageFailed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, RuntimeException cause) {
        assertThatThrownBy(call).isInstanceOfSatisfying(LogtoException.class, e -> {
            assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED);
            assertThat(e.getMessage()).isEqualTo("the session storage failed (" + cause.getClass().getSimpleName() + ")");
            assertThat(e.getCause()).isSameAs(cause);
        });
    }

    @Test
    void acceptsWritesAndCoordinatesProcessesAreTheStoragesAnswers() {
        var scripted = new ScriptedStorage();
        var view = new UserSession(scripted);

        assertThat(view.acceptsWrites()).isTrue();
        assertThat(view.coordinatesProcesses()).isFalse();
        scripted.acceptsWrites = false;
        scripted.atomicAcrossProcesses = true;
        assertThat(view.acceptsWrites()).isFalse();
        assertThat(view.coordinatesProcesses()).isTrue();
    }

    @Test
    void aStorageThatFailsIsOneTypedErrorWithItsCauseForEveryCall() {
        var scripted = new ScriptedStorage();
        var view = new UserSession(scripted);
        var down = new IllegalStateException("connection refused");
        scripted.failure = down;

        storageFailed(view::acceptsWrites, down);
        storageFailed(view::coordinatesProcesses, down);
        storageFailed(view::idToken, down);
        storageFailed(() -> view.saveTokens("id", null), down);
        storageFailed(view::clearAccessTokens, down);
        storageFailed(() -> view.replaceRefreshLease(null, "lease"), down);
        storageFailed(view::refreshLeaseJson, down);
    }

    @Test
    void aTypedErrorOfTheStorageReachesTheCallerUnchanged() {
        var scripted = new ScriptedStorage();
        var view = new UserSession(scripted);
        var committed = new LogtoException(LogtoException.Code.STORAGE_FAILED, "the response is already committed");
        scripted.failure = committed;

        for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call : java.util.List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
                view::refreshToken, () -> view.saveSignedInAt(1), view::clearTokens, () -> view.replaceRefreshLease("a", "b"))) {
            assertThatThrownBy(call).isSameAs(committed);
        }
    }

    @Test
    void theRefreshLeaseIsReadExactlyAsStoredAndReplacedOnlyIfStillExpected() {
        assertThat(session.refreshLeaseJson()).isEmpty();

        assertThat(session.replaceRefreshLease(null, "{\"owner\":\"a\"}")).isTrue();
        assertThat(session.refreshLeaseJson()).contains("{\"owner\":\"a\"}");
        assertThat(session.replaceRefreshLease(null, "{\"owner\":\"b\"}")).isFalse();
        assertThat(session.replaceRefreshLease("{\"owner\":\"b\"}", null)).isFalse();
        assertThat(session.refreshLeaseJson()).contains("{\"owner\":\"a\"}");
        assertThat(session.replaceRefreshLease("{\"owner\":\"a\"}", null)).isTrue();
        assertThat(session.refreshLeaseJson()).isEmpty();
    }

    @Test
    void signedInAtIsReadBackAndAnUnreadableOneIsNone() {
        assertThat(session.signedInAt()).isEmpty();

        session.saveSignedInAt(1_700_000_000L);
        assertThat(storage.get(UserSession.SIGNED_IN_AT)).isEqualTo("1700000000");
        assertThat(session.signedInAt()).hasValue(1_700_000_000L);

        for (String unreadable : new String[] {"", "soon", "1.5", "99999999999999999999"}) {
            storage.set(UserSession.SIGNED_IN_AT, unreadable);
            assertThat(session.signedInAt()).as(unreadable).isEmpty();
        }
    }

    @Test
    void anEmptyStoredValueIsNoValue() {
        for (String key : new String[] {UserSession.ID_TOKEN, UserSession.REFRESH_TOKEN, UserSession.SESSION_KEY,
                UserSession.SUB, UserSession.SID, UserSession.ACCESS_TOKEN_MAP}) {
            storage.set(key, "");
        }

        assertThat(session.idToken()).isEmpty();
        assertThat(session.refreshToken()).isEmpty();
        assertThat(session.sessionKey()).isEmpty();
        assertThat(session.sub()).isEmpty();
        assertThat(session.sid()).isEmpty();
        assertThat(session.accessTokenMapJson()).isEmpty();
        assertThat(session.accessToken("")).isEmpty();
    }

    @Test
    void theAccessTokenMapIsGivenAsStoredAndDecodesToTheSameTokens() {
        session.putAccessToken("", new CachedAccessToken("t0", "openid", 10));
        session.putAccessToken("https://api", new CachedAccessToken("t1", "read", 20));

        String json = session.accessTokenMapJson().orElseThrow();

        assertThat(json).isEqualTo(storage.get(UserSession.ACCESS_TOKEN_MAP));
        var decoded = UserSession.parseAccessTokenMap(json);
        assertThat(decoded).containsExactly(Map.entry("", new CachedAccessToken("t0", "openid", 10)),
                Map.entry("https://api", new CachedAccessToken("t1", "read", 20)));
        assertThatThrownBy(() -> decoded.put("x", new CachedAccessToken("t", "", 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aStoredAccessTokenMapThatDoesNotParseOrHasAHoleReadsAsNotCached() {
        String hole = "{\"\":null,\"https://api\":{\"token\":\"t1\",\"scope\":\"read\",\"expiresAt\":20}}";
        for (String bad : new String[] {hole, "null", "[]", "{\"\":{\"scope\":\"x\"}}", "{\"\":", "\"text\""}) {
            assertThat(UserSession.parseAccessTokenMap(bad)).as(bad).isEmpty();
            storage.set(UserSession.ACCESS_TOKEN_MAP, bad);
            assertThat(session.accessToken("https://api")).as(bad).isEmpty();
        }
        assertThat(UserSession.parseAccessTokenMap(null)).isEmpty();
        assertThat(UserSession.parseAccessTokenMap("")).isEmpty();

        session.putAccessToken("", new CachedAccessToken("t2", "", 30));
        assertThat(UserSession.parseAccessTokenMap(storage.get(UserSession.ACCESS_TOKEN_MAP)))
                .containsOnlyKeys("");
    }

    @Test
    void anEmptyStoredSignInSessionIsNoPendingSignIn() {
        storage.set(UserSession.SIGN_IN_SESSION, "");

        assertThat(session.signInAttempts(100)).isEmpty();
        assertThat(session.takeSignInAttempt("a", 100)).isEmpty();
    }

    @Test
    void aStoredSignInSessionThatIsNullOrHasAHoleIsCorruptAndLeftUntouchedAtCallback() {
        for (String corrupt : new String[] {"null", "[null]", "[{\"state\":\"s\"}]", "[1]", "{}", "[{"}) {
            storage.set(UserSession.SIGN_IN_SESSION, corrupt);

            assertThatThrownBy(() -> session.takeSignInAttempt("s", 100)).as(corrupt)
                    .isInstanceOfSatisfying(LogtoException.class, e -> {
                        assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_CORRUPT);
                        assertThat(e.getMessage()).isEqualTo("the stored sign-in session is corrupt");
                    });
            assertThat(storage.get(UserSession.SIGN_IN_SESSION)).isEqualTo(corrupt);
        }
    }

    @Test
    void addSignInAttemptWhenFullAndNotStartedByAppThenTheMessageSaysWhy() {
        for (int i = 0; i < UserSession.MAX_PENDING_SIGN_INS; i++) {
            session.addSignInAttempt(attempt("a" + i, 100), 100);
        }

        assertThatThrownBy(() -> session.addSignInAttempt(unverified("late", 100), 100))
                .isInstanceOfSatisfying(LogtoException.class, e -> {
                    assertThat(e.code()).isEqualTo(LogtoException.Code.TOO_MANY_PENDING_SIGN_INS);
                    assertThat(e.getMessage()).isEqualTo("5 sign-ins are already pending in this session; a sign-in "
                            + "that another site may have started does not replace them");
                });
    }

    @Test
    void anAttemptUpTo60SecondsInTheFutureIsLiveAndOneLaterIsNot() {
        // Another node's clock may run a little ahead; a minute of skew is allowed, no more.
        session.addSignInAttempt(attempt("ahead-60", 1060), 1000);
        session.addSignInAttempt(attempt("ahead-61", 1061), 1000);

        assertThat(session.signInAttempts(1000)).extracting(SignInAttempt::state).containsExactly("ahead-60");
        assertThat(session.takeSignInAttempt("ahead-61", 1000)).isEmpty();
    }

    @Test
    void anAttemptExactlyAtItsLifetimeIsLiveAndOneSecondLaterIsNot() {
        session.addSignInAttempt(attempt("a", 1000), 1000);

        assertThat(session.signInAttempts(1000 + UserSession.SIGN_IN_TTL_SECONDS)).hasSize(1);
        assertThat(session.signInAttempts(1001 + UserSession.SIGN_IN_TTL_SECONDS)).isEmpty();
    }

    @Test
    void attemptsStoredOutOfOrderAreGivenOldestFirstAndTheOldestMakesRoom() {
        // Written by nodes whose clocks differ: storage order is not age order.
        var stored = new java.util.ArrayList<SignInAttempt>();
        for (long createdAt : new long[] {104, 101, 103, 100, 102}) {
            stored.add(attempt("s" + createdAt, createdAt));
        }
        storage.set(UserSession.SIGN_IN_SESSION, UserSession.attemptsJson(stored));

        assertThat(session.signInAttempts(110)).extracting(SignInAttempt::state)
                .containsExactly("s100", "s101", "s102", "s103", "s104");
        session.addSignInAttempt(attempt("new", 110), 110);
        assertThat(session.signInAttempts(110)).extracting(SignInAttempt::state)
                .containsExactly("s101", "s102", "s103", "s104", "new");
    }

    @Test
    void pendingSignInsWithSpacesAndControlCharactersAreWrittenAsJacksonWritesThem() throws Exception {
        var attempts = java.util.List.of(new SignInAttempt("a b", "https://a/cb?q= x", "v\u001f \u0020!", "n\u0000", 7, true, null));

        String written = UserSession.attemptsJson(attempts);

        assertThat(written).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(attempts));
        assertThat(written).contains("\"a b\"").contains("v\\u001F  !");
    }
    @Test
    void clearAccessTokensForgetsEveryCachedTokenAndNothingElse() {
        session.saveTokens("id", "refresh");
        session.putAccessToken("", new CachedAccessToken("t0", "", 10));
        session.putAccessToken("https://api", new CachedAccessToken("t1", "read", 20));

        session.clearAccessTokens();

        assertThat(session.accessToken("")).isEmpty();
        assertThat(session.accessToken("https://api")).isEmpty();
        assertThat(storage.snapshot()).containsOnlyKeys(UserSession.ID_TOKEN, UserSession.REFRESH_TOKEN);
    }

    @Test
    void theMutexIsTheStorages() {
        assertThat(session.mutex()).isSameAs(storage.mutex()).isSameAs(storage);
    }

    @Test
    void aSignInAttemptGivesTheMaxAgeItSentOrNone() {
        assertThat(attempt("a", 1).maxAgeSeconds()).isEmpty();
        assertThat(new SignInAttempt("s", "https://a/cb", "v", "n", 1, true, 300L).maxAgeSeconds()).hasValue(300);
        assertThat(new SignInAttempt("s", "https://a/cb", "v", "n", 1, true, 0L).maxAgeSeconds()).hasValue(0);
    }
    @Test
    void clearTokensLeavesNoSignInTimeForALaterSessionToInherit() {
        session.saveTokens("id", "refresh");
        session.saveSignedInAt(1_700_000_000L);

        session.clearTokens();

        assertThat(session.signedInAt()).isEmpty();
        assertThat(storage.snapshot()).isEmpty();
    }

    @Test
    void clearAllRemovesTheTokensAndThePendingSignIns() {
        session.saveTokens("id", "refresh");
        session.saveSignedInAt(1_700_000_000L);
        session.saveSubjectAndSession("user-1", "op-session-1");
        session.saveSessionKey("key-1");
        session.putAccessToken("", new CachedAccessToken("t", "", 10));
        session.addSignInAttempt(attempt("a", 100), 100);

        session.clearAll();

        assertThat(storage.snapshot()).isEmpty();
    }
}
