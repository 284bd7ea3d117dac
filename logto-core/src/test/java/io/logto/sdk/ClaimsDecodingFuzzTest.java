package io.logto.sdk;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of JWT payload decoding into the claim records: any token string, or a
 * well-formed token around any JSON, gives claims or a {@link LogtoException} — never another
 * exception.
 */
class ClaimsDecodingFuzzTest {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @FuzzTest(maxDuration = "20s")
    void decodingAnyTokenGivesClaimsOrLogtoException(FuzzedDataProvider data) {
        String token = data.consumeBoolean()
                ? data.consumeRemainingAsString()
                : "eyJhbGciOiJFUzM4NCJ9." + B64.encodeToString(data.consumeRemainingAsBytes()) + ".c2ln";
        try {
            var claims = ClaimReader.decodePayload(token, LogtoException.Code.ID_TOKEN_INVALID, "token");
            try {
                IdTokenClaims id = IdTokenClaims.fromMap(claims);
                assertThat(id.sub()).isNotNull();
            } catch (LogtoException e) {
                assertThat(e.code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
            }
            try {
                AccessTokenClaims access = AccessTokenClaims.fromMap(claims);
                assertThat(access.scope()).isNotNull();
            } catch (LogtoException e) {
                assertThat(e.code()).isEqualTo(LogtoException.Code.ACCESS_TOKEN_INVALID);
            }
            UserInfoResponse.fromMap(claims);
        } catch (LogtoException e) {
            assertThat(e.code()).isIn(LogtoException.Code.ID_TOKEN_INVALID, LogtoException.Code.USERINFO_FAILED);
            if (token.length() > 20) {
                assertThat(e.getMessage()).doesNotContain(token);
            }
        }
    }
}
