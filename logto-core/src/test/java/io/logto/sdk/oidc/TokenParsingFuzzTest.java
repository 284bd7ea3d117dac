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
 * Coverage-guided fuzzing of the token-side parsers: token endpoint JSON, and ID-token and
 * access-token verification of arbitrary strings ({@code CompactJws} and the JDK's signature checks,
 * against a real key set on loopback). Every input ends in a result or a typed
 * {@link LogtoException}; a forged token is never accepted.
 */
class TokenParsingFuzzTest {
    private static final FakeLogto LOGTO = new FakeLogto();
    private static final IdTokenVerifier VERIFIER = LOGTO.providerClients().idTokens();
    private static final AccessTokenVerifier ACCESS_TOKENS = warm(AccessTokenVerifier.create(
            ProviderSettings.of(LOGTO.config()), ProviderClients.defaultHttpClient(LOGTO.config()), LOGTO.clock()));

    /** Discovery and keys fetched before fuzzing: the clock stands still, so no refetch happens after. */
    private static AccessTokenVerifier warm(AccessTokenVerifier verifier) {
        verifier.verify(LOGTO.tokens().logtoAccessToken("https://api.example.com", "read:data")
                .signedWith(TestKeys.ES384)).join();
        return verifier;
    }

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

    @FuzzTest(maxDuration = "20s")
    void validatingAnyStringAsAnAccessTokenNeverAcceptsAForgery(FuzzedDataProvider data) {
        String token = data.consumeBoolean()
                ? LOGTO.tokens().logtoAccessToken("https://api.example.com", "read:data").signedWith(TestKeys.ES384)
                .substring(0, 40) + data.consumeRemainingAsString()
                : data.consumeRemainingAsString();
        try {
            ACCESS_TOKENS.verify(token).join();
            fail("a fuzzed token was accepted");
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOfSatisfying(LogtoException.class,
                    error -> assertThat(error.code().name()).startsWith("ACCESS_TOKEN_"));
        } catch (RuntimeException e) {
            fail("verify must fail its future, never throw", e);
        }
    }
}
