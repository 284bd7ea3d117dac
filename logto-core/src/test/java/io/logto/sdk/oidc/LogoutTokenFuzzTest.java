package io.logto.sdk.oidc;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.logto.sdk.LogtoException;
import io.logto.sdk.testing.FakeLogto;
import io.logto.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Coverage-guided fuzzing of logout-token verification: any string (or one that starts like a
 * genuine logout token) ends in a typed {@code LOGOUT_TOKEN_*} refusal, is never accepted, and is
 * never remembered by the replay memory.
 */
class LogoutTokenFuzzTest {
    private static final FakeLogto LOGTO = new FakeLogto();
    private static final LogoutTokenVerifier VERIFIER = LOGTO.providerClients().logoutTokens();

    @AfterAll
    static void stop() {
        LOGTO.close();
    }

    @FuzzTest(maxDuration = "20s")
    void verifyingAnyStringAsALogoutTokenNeverAcceptsOrRemembersIt(FuzzedDataProvider data) {
        String token = data.consumeBoolean()
                ? LOGTO.tokens().logoutToken().signedWith(TestKeys.ES384).substring(0, 60) + data.consumeRemainingAsString()
                : data.consumeRemainingAsString();
        try {
            VERIFIER.verify(token).join();
            fail("a fuzzed logout token was accepted");
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOfSatisfying(LogtoException.class,
                    error -> assertThat(error.code().name()).startsWith("LOGOUT_TOKEN_"));
        }
        assertThat(VERIFIER.rememberedTokenIds()).isZero();
    }
}
