package io.logto.sdk.oidc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.LogtoException;
import io.logto.sdk.testing.Failures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TokenResponseTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TokenResponse parse(String json) throws Exception {
        return TokenResponse.fromJson(JSON.readTree(json));
    }

    @Test
    void fromJsonWhenFullThenAllFields() throws Exception {
        var t = parse("{\"access_token\":\"a\",\"token_type\":\"bearer\",\"expires_in\":3600,\"scope\":\"openid\","
                + "\"id_token\":\"i\",\"refresh_token\":\"r\"}");

        assertThat(t.accessToken()).isEqualTo("a");
        assertThat(t.expiresIn()).contains(3600L);
        assertThat(t.scope()).isEqualTo("openid");
        assertThat(t.idToken()).contains("i");
        assertThat(t.refreshToken()).contains("r");
        assertThat(t.toString()).doesNotContain("\"a\"", "=a,", "=i", "=r");
    }

    @Test
    void fromJsonWhenOptionalFieldsOddThenAbsent() throws Exception {
        var t = parse("{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":-5,\"id_token\":\"\","
                + "\"refresh_token\":7}");

        assertThat(t.expiresIn()).isEmpty();
        assertThat(t.idToken()).isEmpty();
        assertThat(t.refreshToken()).isEmpty();
        assertThat(t.scope()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"access_token\":\"\",\"token_type\":\"Bearer\"}",
            "{\"access_token\":\"a\",\"token_type\":\"DPoP\"}", "{\"access_token\":[],\"token_type\":\"Bearer\"}"})
    void fromJsonWhenUnusableThenTokenRequestFailed(String json) {
        assertThat(Failures.ofCall(() -> {
            try {
                parse(json);
            } catch (LogtoException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).code()).isEqualTo(LogtoException.Code.TOKEN_REQUEST_FAILED);
    }
}
