package io.logto.sdk.oidc;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link IdTokenClaimRules} alone: plain claim maps, no signature, no network. */
class IdTokenClaimRulesTest {
    private static final long NOW = 1_800_000_000L;
    /** An app that also trusts the audience {@code other}, keeps ID tokens for 10 minutes and sent no max_age. */
    private static final IdTokenClaimRules.Expected AT_SIGN_IN = new IdTokenClaimRules.Expected(
            "https://tenant.logto.app/oidc", "app-1", List.of("other"), NOW, 60, 600, Optional.of("nonce-1"),
            Optional.empty(), OptionalLong.empty());

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
        var afterRefresh = new IdTokenClaimRules.Expected(AT_SIGN_IN.issuer(), "app-1", List.of(), NOW, 60, 600,
                Optional.empty(), Optional.of("user-2"), OptionalLong.empty());

        assertThat(IdTokenClaimRules.failures(claims, afterRefresh)).containsExactly("sub differs from the signed-in user");
    }

    @Test
    void failuresWhenAnExtraAudienceIsNotTrustedThenReportedEvenWithOurAzp() {
        var claims = validClaims();
        claims.put("aud", List.of("app-1", "stranger"));
        claims.put("azp", "app-1");

        assertThat(IdTokenClaimRules.failures(claims, AT_SIGN_IN))
                .containsExactly("aud lists an audience this app does not trust (see LogtoConfig.trustedAudiences)");
    }

    @Test
    void failuresWhenIssuedLongerAgoThanTheMaximumAgeThenReported() {
        var claims = validClaims();
        claims.put("iat", NOW - 600 - 60 - 1);

        assertThat(IdTokenClaimRules.failures(claims, AT_SIGN_IN))
                .containsExactly("iat is older than maxIdTokenAge (replayed token, or is this server's clock right?)");
        claims.put("iat", NOW - 600 - 60);
        assertThat(IdTokenClaimRules.failures(claims, AT_SIGN_IN)).isEmpty();
    }

    @Test
    void failuresWhenMaxAgeWasSentThenAuthTimeMustBePresentRecentAndNotInTheFuture() {
        var withMaxAge = new IdTokenClaimRules.Expected(AT_SIGN_IN.issuer(), "app-1", List.of(), NOW, 60, 600,
                Optional.of("nonce-1"), Optional.empty(), OptionalLong.of(300));
        var claims = validClaims();

        assertThat(IdTokenClaimRules.failures(claims, withMaxAge))
                .containsExactly("auth_time is missing although the sign-in asked for max_age");
        claims.put("auth_time", NOW - 300 - 61);
        assertThat(IdTokenClaimRules.failures(claims, withMaxAge))
                .containsExactly("auth_time is older than the max_age the sign-in asked for");
        claims.put("auth_time", NOW + 61);
        assertThat(IdTokenClaimRules.failures(claims, withMaxAge)).containsExactly("auth_time is in the future");
        claims.put("auth_time", NOW - 300 - 59);
        assertThat(IdTokenClaimRules.failures(claims, withMaxAge)).isEmpty();
        assertThat(IdTokenClaimRules.failures(Map.of(), AT_SIGN_IN)).doesNotContain(
                "auth_time is missing although the sign-in asked for max_age");
    }

    @Test
    void failuresWhenExpIsExactlyAtTheSkewBoundaryThenAcceptedAndOneSecondLaterExpired() {
        var claims = validClaims();
        claims.put("exp", NOW - 60);
        assertThat(IdTokenClaimRules.failures(claims, AT_SIGN_IN)).isEmpty();

        claims.put("exp", NOW - 61);
        assertThat(IdTokenClaimRules.failures(claims, AT_SIGN_IN)).containsExactly("it has expired");
    }

    @Test
    void failuresWhenIatIsExactlyAtTheSkewBoundaryThenAcceptedAndOneSecondLaterInTheFuture() {
        var claims = validClaims();
        claims.put("iat", NOW + 60);
        assertThat(IdTokenClaimRules.failures(claims, AT_SIGN_IN)).isEmpty();

        claims.put("iat", NOW + 61);
        assertThat(IdTokenClaimRules.failures(claims, AT_SIGN_IN)).containsExactly("iat is in the future");
    }

    @Test
    void failuresWhenAuthTimeIsExactlyAtEitherBoundaryThenAccepted() {
        var withMaxAge = new IdTokenClaimRules.Expected(AT_SIGN_IN.issuer(), "app-1", List.of(), NOW, 60, 600,
                Optional.of("nonce-1"), Optional.empty(), OptionalLong.of(300));
        var claims = validClaims();

        claims.put("auth_time", NOW - 300 - 60);
        assertThat(IdTokenClaimRules.failures(claims, withMaxAge)).isEmpty();
        claims.put("auth_time", NOW + 60);
        assertThat(IdTokenClaimRules.failures(claims, withMaxAge)).isEmpty();
    }

    @Test
    void failuresWhenExpOrIatIsMissingThenEachIsNamed() {
        var claims = validClaims();
        claims.remove("exp");
        claims.remove("iat");

        assertThat(IdTokenClaimRules.failures(claims, AT_SIGN_IN)).containsExactly("exp is missing", "iat is missing");
    }

    @Test
    void failuresWhenSubIsEmptyOrNotAStringThenMissing() {
        var claims = validClaims();
        claims.put("sub", "");
        assertThat(IdTokenClaimRules.failures(claims, AT_SIGN_IN)).containsExactly("sub is missing");

        claims.put("sub", 42L);
        assertThat(IdTokenClaimRules.failures(claims, AT_SIGN_IN)).containsExactly("sub is missing");
    }

    @Test
    void failuresWhenRefreshedTokenNamesTheSignedInUserThenNone() {
        var claims = validClaims();
        claims.remove("nonce");
        var afterRefresh = new IdTokenClaimRules.Expected(AT_SIGN_IN.issuer(), "app-1", List.of(), NOW, 60, 600,
                Optional.empty(), Optional.of("user-1"), OptionalLong.empty());

        assertThat(IdTokenClaimRules.failures(claims, afterRefresh)).isEmpty();
    }

    @Test
    void failuresWhenAzpIsThisAppWithOneAudienceThenNone() {
        var claims = validClaims();
        claims.put("azp", "app-1");

        assertThat(IdTokenClaimRules.failures(claims, AT_SIGN_IN)).isEmpty();
    }

    @Test
    void expectedToStringShowsNoNonce() {
        assertThat(AT_SIGN_IN.toString()).doesNotContain("nonce-1");
    }
}
