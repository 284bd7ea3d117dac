package io.logto.sdk.oidc;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LogoutTokenClaimRules} on plain claim maps: each rule alone, and how long a token is accepted. */
class LogoutTokenClaimRulesTest {
    private static final long NOW = 1_800_000_000L;
    private static final LogoutTokenClaimRules.Expected EXPECTED = new LogoutTokenClaimRules.Expected(
            "https://tenant.example/oidc", "app-1", List.of("trusted-2"), NOW, 60, 600);

    private static Map<String, Object> logoutClaims() {
        var claims = new HashMap<String, Object>();
        claims.put("iss", "https://tenant.example/oidc");
        claims.put("aud", "app-1");
        claims.put("iat", NOW);
        claims.put("exp", NOW + 120);
        claims.put("jti", "jti-1");
        claims.put("sub", "user-1");
        claims.put("events", Map.of(LogoutTokenClaimRules.BACK_CHANNEL_LOGOUT_EVENT, Map.of()));
        return claims;
    }

    @Test
    void failuresWhenLogtoShapedThenNone() {
        assertThat(LogoutTokenClaimRules.failures(logoutClaims(), EXPECTED)).isEmpty();
    }

    @Test
    void failuresWhenSeveralRulesFailThenEachIsReported() {
        var claims = logoutClaims();
        claims.put("iss", "https://other.example/oidc");
        claims.put("nonce", "n");
        claims.remove("events");

        assertThat(LogoutTokenClaimRules.failures(claims, EXPECTED)).hasSize(3);
    }

    @Test
    void otherAudiencesAreTrustedWhenTheExtraAudienceIsTrustedThenPasses() {
        var claims = logoutClaims();
        claims.put("aud", List.of("app-1", "trusted-2"));

        assertThat(LogoutTokenClaimRules.otherAudiencesAreTrusted(claims, EXPECTED)).isEmpty();
    }

    @Test
    void notExpiredWhenExpIsNotANumberThenFails() {
        var claims = logoutClaims();
        claims.put("exp", "tomorrow");

        assertThat(LogoutTokenClaimRules.notExpired(claims, EXPECTED)).contains("exp is not a number");
    }

    @Test
    void issuedRecentlyWhenIatIsMissingThenFails() {
        var claims = logoutClaims();
        claims.remove("iat");

        assertThat(LogoutTokenClaimRules.issuedRecently(claims, EXPECTED)).contains("iat is missing");
    }

    @Test
    void carriesNoNonceWhenNonceIsNullThenStillFails() {
        var claims = logoutClaims();
        claims.put("nonce", null);

        assertThat(LogoutTokenClaimRules.carriesNoNonce(claims, EXPECTED)).isPresent();
    }

    @Test
    void namesASubjectOrASessionWhenSidIsEmptyThenFails() {
        var claims = logoutClaims();
        claims.put("sid", "");

        assertThat(LogoutTokenClaimRules.namesASubjectOrASession(claims, EXPECTED)).isPresent();
    }

    @Test
    void acceptedUntilWhenExpComesFirstThenExpPlusSkew() {
        assertThat(LogoutTokenClaimRules.acceptedUntil(logoutClaims(), EXPECTED)).isEqualTo(NOW + 120 + 60);
    }

    @Test
    void acceptedUntilWhenNoExpOrALateOneThenIatPlusMaxAgePlusSkew() {
        var claims = logoutClaims();
        claims.remove("exp");
        assertThat(LogoutTokenClaimRules.acceptedUntil(claims, EXPECTED)).isEqualTo(NOW + 600 + 60);

        claims.put("exp", NOW + 86_400);
        assertThat(LogoutTokenClaimRules.acceptedUntil(claims, EXPECTED)).isEqualTo(NOW + 600 + 60);
    }
    @Test
    void issuedRecentlyWhenIatIsExactlyAtEitherLimitThenPassesAndOneSecondPastThenFails() {
        // Both limits are inclusive of the skew: now + skew, and now - maxAge - skew.
        var claims = logoutClaims();
        claims.put("iat", NOW + 60);
        assertThat(LogoutTokenClaimRules.issuedRecently(claims, EXPECTED)).isEmpty();
        claims.put("iat", NOW + 61);
        assertThat(LogoutTokenClaimRules.issuedRecently(claims, EXPECTED)).contains("iat is in the future");

        claims.put("iat", NOW - 600 - 60);
        assertThat(LogoutTokenClaimRules.issuedRecently(claims, EXPECTED)).isEmpty();
        claims.put("iat", NOW - 600 - 61);
        assertThat(LogoutTokenClaimRules.issuedRecently(claims, EXPECTED))
                .hasValueSatisfying(why -> assertThat(why).startsWith("iat is older than maxIdTokenAge"));
    }

    @Test
    void notExpiredWhenExpIsExactlySkewSecondsAgoThenPassesAndOneSecondMoreThenFails() {
        var claims = logoutClaims();
        claims.put("exp", NOW - 60);
        assertThat(LogoutTokenClaimRules.notExpired(claims, EXPECTED)).isEmpty();
        claims.put("exp", NOW - 61);
        assertThat(LogoutTokenClaimRules.notExpired(claims, EXPECTED)).contains("it has expired");
    }

    @Test
    void idsOfExactlyMaxIdCharsPassAndOneMoreFails() {
        // jti, sub and sid are remembered: bounded, with the bound itself allowed.
        String longest = "x".repeat(LogoutTokenClaimRules.MAX_ID_CHARS);
        var claims = logoutClaims();
        claims.put("jti", longest);
        claims.put("sub", longest);
        claims.put("sid", longest);
        assertThat(LogoutTokenClaimRules.failures(claims, EXPECTED)).isEmpty();

        claims.put("jti", longest + "x");
        assertThat(LogoutTokenClaimRules.hasATokenId(claims, EXPECTED))
                .contains("jti is not a string of 1 to 255 characters");
    }
}
