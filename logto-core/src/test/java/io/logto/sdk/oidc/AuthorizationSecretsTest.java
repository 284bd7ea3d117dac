package io.logto.sdk.oidc;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationSecretsTest {
    @Test
    void codeChallengeWhenRfc7636AppendixBThenKnownValue() {
        assertThat(AuthorizationSecrets.codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void generateWhenCalledThenUrlSafe43CharValuesAllDifferent() {
        var seen = new HashSet<String>();
        var random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            var s = AuthorizationSecrets.generate(random);
            for (String v : new String[] {s.state(), s.nonce(), s.codeVerifier()}) {
                assertThat(v).hasSize(43).matches("[A-Za-z0-9_-]+");
                assertThat(seen.add(v)).isTrue();
            }
            assertThat(s.codeChallenge()).isEqualTo(AuthorizationSecrets.codeChallenge(s.codeVerifier()));
        }
    }

    @Test
    void toStringWhenCalledThenRedacted() {
        var s = AuthorizationSecrets.generate(new SecureRandom());

        assertThat(s.toString()).doesNotContain(s.state(), s.nonce(), s.codeVerifier());
    }
}
