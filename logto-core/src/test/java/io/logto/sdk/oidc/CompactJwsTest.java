package io.logto.sdk.oidc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CompactJws} alone: its own dot and header checks, asserted by its messages, since the
 * verifiers' shape check in front of it would hide a disabled one.
 */
class CompactJwsTest {
    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static final String HEADER = b64("{\"alg\":\"ES384\",\"kid\":\"k1\",\"typ\":\"JWT\"}");
    private static final String PAYLOAD = b64("{\"sub\":\"user-1\"}");

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a.b", ".b.c", "a..c", "a.b.c.d", "a.b.c."})
    void parseWhenNotThreePartsWithAHeaderAndAPayloadThenNotACompactJws(String token) {
        assertThatThrownBy(() -> CompactJws.parse(token)).isInstanceOf(CompactJws.MalformedException.class)
                .hasMessage("it is not a compact JWS");
    }

    @Test
    void parseWhenWellFormedThenHeaderSigningInputSignatureAndClaimsAreRead() throws Exception {
        String token = HEADER + "." + PAYLOAD + "." + b64("sig");

        CompactJws jws = CompactJws.parse(token);

        assertThat(jws.algorithm()).isEqualTo("ES384");
        assertThat(jws.keyId()).isEqualTo("k1");
        assertThat(jws.type()).isEqualTo("JWT");
        assertThat(new String(jws.signingInput(), StandardCharsets.US_ASCII)).isEqualTo(HEADER + "." + PAYLOAD);
        assertThat(new String(jws.signature(), StandardCharsets.UTF_8)).isEqualTo("sig");
        assertThat(jws.claims()).containsEntry("sub", "user-1");
    }

    @Test
    void parseWhenTheSignatureIsEmptyThenReadAsEmpty() throws Exception {
        assertThat(CompactJws.parse(HEADER + "." + PAYLOAD + ".").signature()).isEmpty();
    }

    @Test
    void parseWhenTheHeaderHasNoStringAlgThenRefused() {
        assertThatThrownBy(() -> CompactJws.parse(b64("{\"alg\":1}") + "." + PAYLOAD + ".c2ln"))
                .hasMessage("its header has no alg");
        assertThatThrownBy(() -> CompactJws.parse(b64("[1]") + "." + PAYLOAD + ".c2ln"))
                .hasMessage("its header has no alg");
    }

    @Test
    void parseWhenTheHeaderNamesCriticalExtensionsOrANonStringKidThenRefused() {
        assertThatThrownBy(() -> CompactJws.parse(b64("{\"alg\":\"ES384\",\"crit\":[\"x\"]}") + "." + PAYLOAD + ".c2ln"))
                .hasMessage("its header names critical extensions");
        assertThatThrownBy(() -> CompactJws.parse(b64("{\"alg\":\"ES384\",\"kid\":7}") + "." + PAYLOAD + ".c2ln"))
                .hasMessage("its kid is not a string");
    }

    @Test
    void parseWhenTypIsNotAStringOrAbsentThenNoType() throws Exception {
        assertThat(CompactJws.parse(b64("{\"alg\":\"ES384\",\"typ\":1}") + "." + PAYLOAD + ".c2ln").type()).isNull();
        assertThat(CompactJws.parse(b64("{\"alg\":\"ES384\"}") + "." + PAYLOAD + ".c2ln").type()).isNull();
        assertThat(CompactJws.parse(b64("{\"alg\":\"ES384\"}") + "." + PAYLOAD + ".c2ln").keyId()).isNull();
    }

    @Test
    void claimsWhenThePayloadIsJsonNullOrNotAnObjectThenRefused() throws Exception {
        CompactJws nullPayload = CompactJws.parse(HEADER + "." + b64("null") + ".c2ln");
        CompactJws arrayPayload = CompactJws.parse(HEADER + "." + b64("[1]") + ".c2ln");

        assertThatThrownBy(nullPayload::claims).hasMessage("its payload is not a JSON object");
        assertThatThrownBy(arrayPayload::claims).hasMessage("its payload is not a JSON object");
    }
}
