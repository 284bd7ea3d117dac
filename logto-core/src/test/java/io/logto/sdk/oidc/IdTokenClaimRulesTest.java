package io.logto.sdk.oidc;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link IdTokenClaimRules} alone: plain claim maps, no signature, no network. */
class IdTokenClaimRulesTest {
    private static final long NOW = 1_800_000_000L;
    private static final IdTokenClaimRules.Expected AT_SIGN_IN = new IdTokenClaimRules.Expected(
            "https://tenant.logto.app/oidc", "app-1", NOW, 60, Optional.of("nonce-1"), Optional.empty());

    private static Map<String, Object> validClaims() {
        var claims = new HashMap<String, Object>();
        claims.put("iss", "https://tenant.logto.app/oidc");
        claims.put("aud", "app-1");
        claims.put("sub", "user-1");
        claims.put("iat", NOW);
        claims.put("exp", NOW + 3600);
        claims.put("nonce", "nonce-1");
        return claims;
    }

    @Test
    void failuresWhenEveryClaimIsRightThenNone() {
        assertThat(IdTokenClaimRules.failures(validClaims(), AT_SIGN_IN)).isEmpty();
    }

    @Test
    void failuresWhenEveryClaimIsWrongThenEveryRuleReportsInTheOrderOfTheSpec() {
        Map<String, Object> claims = Map.of("iss", "https://evil.example/oidc", "aud", List.of("other-1", "other-2"),
                "azp", "other-1", "exp", NOW - 61, "iat", NOW + 61, "nonce", "nonce-2");

        assertThat(IdTokenClaimRules.failures(claims, AT_SIGN_IN)).containsExactly(
                "iss is not the provider's issuer",
                "aud does not contain this app's id",
                "azp is not this app's id",
                "it has expired",
                "iat is in the future",
                "nonce does not match the sign-in",
                "sub is missing");
    }

    @Test
    void failuresWhenSeveralAudiencesAndNoAzpThenReported() {
        var claims = validClaims();
        claims.put("aud", List.of("app-1", "other"));

        assertThat(IdTokenClaimRules.failures(claims, AT_SIGN_IN)).containsExactly("aud has several values but azp is missing");
    }

    @Test
    void failuresWhenRefreshedTokenHasNoNonceThenAcceptedButSubjectMustStayTheSame() {
        var claims = validClaims();
        claims.remove("nonce");
        var afterRefresh = new IdTokenClaimRules.Expected(AT_SIGN_IN.issuer(), "app-1", NOW, 60, Optional.empty(),
                Optional.of("user-2"));

        assertThat(IdTokenClaimRules.failures(claims, afterRefresh)).containsExactly("sub differs from the signed-in user");
    }

    @Test
    void expectedToStringShowsNoNonce() {
        assertThat(AT_SIGN_IN.toString()).doesNotContain("nonce-1");
    }
}
