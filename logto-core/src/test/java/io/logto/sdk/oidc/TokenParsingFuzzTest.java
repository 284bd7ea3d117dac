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
 * Coverage-guided fuzzing of the token-side parsers: token endpoint JSON, and ID-token verification
 * of arbitrary strings (through jose4j, against a real key set on loopback). Every input ends in a
 * result or a typed {@link LogtoException}; a forged token is never accepted.
 */
class TokenParsingFuzzTest {
    private static final FakeLogto LOGTO = new FakeLogto();
    private static final IdTokenVerifier VERIFIER = LOGTO.providerClients().idTokens();

    @AfterAll
    static void stop() {
        LOGTO.close();
    }

    @FuzzTest(maxDuration = "20s")
    void tokenResponseParsingGivesResponseOrTokenRequestFailed(FuzzedDataProvider data) {
        byte[] body = data.consumeRemainingAsBytes();
        var response = new HttpTransport.Response(200, "application/json", body);
        try {
            TokenResponse parsed = TokenResponse.fromJson(
                    HttpTransport.parseObject(response, LogtoException.Code.TOKEN_REQUEST_FAILED, "fuzz"));
            assertThat(parsed.accessToken()).isNotEmpty();
            assertThat(parsed.toString()).doesNotContain(parsed.accessToken().length() > 12 ? parsed.accessToken() : "\u0000");
        } catch (LogtoException e) {
            assertThat(e.code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void verifyingAnyStringNeverAcceptsAForgery(FuzzedDataProvider data) {
        String token = data.consumeBoolean()
                ? LOGTO.tokens().idToken().signedWith(TestKeys.ES384).substring(0, 40) + data.consumeRemainingAsString()
                : data.consumeRemainingAsString();
        try {
            VERIFIER.verifyAfterRefresh(token, java.util.Optional.empty()).join();
            fail("a fuzzed token was accepted");
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOfSatisfying(LogtoException.class,
                    error -> assertThat(error.code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID));
        }
    }
}
