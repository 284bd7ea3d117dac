package io.logto.sdk;

import io.logto.sdk.testing.Failures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Decoding stored tokens and reading claims into the records. */
class ClaimReaderTest {
    private static String jwt(String payloadJson) {
        var enc = Base64.getUrlEncoder().withoutPadding();
        return enc.encodeToString("{\"alg\":\"ES384\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + enc.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    @Test
    void decodePayloadWhenJwtThenClaims() {
        assertThat(ClaimReader.decodePayload(jwt("{\"sub\":\"u\",\"n\":1}"), LogtoException.Code.ACCESS_TOKEN_INVALID, "t"))
                .containsEntry("sub", "u").containsEntry("n", 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "opaque", "a.b", "a.b.c.d", "a.!!!.c", "a.bnVsbA.c", "a.WzFd.c", "a.e30.c.", "a.IiI.c"})
    void decodePayloadWhenNotAJwtObjectThenTypedError(String token) {
        assertThat(Failures.ofCall(() -> ClaimReader.decodePayload(token, LogtoException.Code.ACCESS_TOKEN_INVALID, "t"))
                .code()).isEqualTo(LogtoException.Code.ACCESS_TOKEN_INVALID);
    }

    @Test
    void idTokenClaimsWhenTypesAreWrongThenDefaultsNotCrashes() {
        IdTokenClaims c = IdTokenClaims.fromMap(Map.of("iss", "i", "sub", "s", "aud", 5, "exp", "soon",
                "email_verified", "yes", "roles", "admin", "name", List.of("x")));

        assertThat(c.aud()).isEmpty();
        assertThat(c.exp()).isZero();
        assertThat(c.emailVerified()).isEmpty();
        assertThat(c.roles()).containsExactly("admin");
        assertThat(c.name()).isEmpty();
    }

    @Test
    void idTokenClaimsWhenSubMissingThenIdTokenInvalid() {
        assertThat(Failures.ofCall(() -> IdTokenClaims.fromMap(Map.of("iss", "i"))).code())
                .isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void accessTokenClaimsWhenIssMissingThenAccessTokenInvalid() {
        assertThat(Failures.ofCall(() -> AccessTokenClaims.fromMap(Map.of("sub", "s"))).code())
                .isEqualTo(LogtoException.Code.ACCESS_TOKEN_INVALID);
    }

    @Test
    void userInfoWhenObjectsAreWrongTypeThenEmptyMaps() {
        UserInfoResponse u = UserInfoResponse.fromMap(Map.of("sub", "s", "custom_data", "x", "identities", List.of()));

        assertThat(u.customData()).isEmpty();
        assertThat(u.identities()).isEmpty();
        assertThat(u.extra()).isEmpty();
    }

    @Test
    void extraWhenReturnedThenUnmodifiable() {
        IdTokenClaims c = IdTokenClaims.fromMap(new java.util.HashMap<>(Map.of("iss", "i", "sub", "s", "x", 1)));

        assertThat(Failures.ofCallOrAny(() -> c.extra().put("y", 2))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Failures.ofCallOrAny(() -> c.aud().add("y"))).isInstanceOf(UnsupportedOperationException.class);
    }
}
