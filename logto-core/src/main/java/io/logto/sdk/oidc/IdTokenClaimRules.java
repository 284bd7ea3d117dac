package io.logto.sdk.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The claim rules of an ID token: OpenID Connect Core 1.0 §3.1.3.7, steps 2–5 and 9–13 (steps 6–8,
 * the signature and its algorithm, are {@link SigningKeys}' job; step 12, {@code acr}, is not
 * requested by the SDK), plus §2's required {@code sub} and §12.2's same subject after a refresh.
 * Each rule is a small named check, commented with the step it implements, so that a reader can
 * hold the list against the spec; every rule runs and every failure is reported. Stateless and
 * thread-safe.
 */
final class IdTokenClaimRules {
    /**
     * What one ID token is checked against.
     *
     * @param issuer               the discovered issuer
     * @param appId                this app's client id
     * @param trustedAudiences     audiences besides the app that a token may also list
     * @param now                  the SDK clock's time, epoch seconds
     * @param skewSeconds          the allowed clock difference
     * @param maxIdTokenAgeSeconds the oldest {@code iat} accepted, before {@code now} minus the skew
     * @param nonce                the sign-in's nonce; empty for a token from a refresh
     * @param subject              the signed-in user, for a token from a refresh; empty when unknown
     * @param maxAgeSeconds        the {@code max_age} the sign-in sent; empty when none (or a refresh)
     */
    record Expected(String issuer, String appId, List<String> trustedAudiences, long now, long skewSeconds,
                    long maxIdTokenAgeSeconds, Optional<String> nonce, Optional<String> subject,
                    OptionalLong maxAgeSeconds) {
        Expected {
            trustedAudiences = List.copyOf(trustedAudiences);
        }

        @Override
        public String toString() {
            return "Expected{issuer=" + issuer + ", appId=" + appId + ", now=" + now + "}";
        }
    }

    /** One check of the claims: why they fail it, or empty when they pass. */
    @FunctionalInterface
    interface Rule {
        Optional<String> check(Map<String, Object> claims, Expected expected);
    }

    /** Every rule, in the order of the spec's steps. */
    static final List<Rule> RULES = List.of(
            IdTokenClaimRules::issuerIsTheProvider,
            IdTokenClaimRules::audienceContainsThisApp,
            IdTokenClaimRules::otherAudiencesAreTrusted,
            IdTokenClaimRules::severalAudiencesNameAnAuthorizedParty,
            IdTokenClaimRules::authorizedPartyIsThisApp,
            IdTokenClaimRules::notExpired,
            IdTokenClaimRules::notIssuedInTheFuture,
            IdTokenClaimRules::notIssuedLongAgo,
            IdTokenClaimRules::nonceIsTheSignIns,
            IdTokenClaimRules::authenticatedWithinMaxAge,
            IdTokenClaimRules::subjectIsPresentAndUnchanged);

    private IdTokenClaimRules() {
    }

    /** Why {@code claims} fail the rules: one entry per failed rule, none when they pass. */
    static List<String> failures(Map<String, Object> claims, Expected expected) {
        var failures = new ArrayList<String>();
        for (Rule rule : RULES) {
            rule.check(claims, expected).ifPresent(failures::add);
        }
        return failures;
    }

    /** Step 2: the issuer must be exactly the discovered issuer. */
    static Optional<String> issuerIsTheProvider(Map<String, Object> claims, Expected expected) {
        return fails(!expected.issuer().equals(claims.get("iss")), "iss is not the provider's issuer");
    }

    /** Step 3: {@code aud} must contain this app's client id. */
    static Optional<String> audienceContainsThisApp(Map<String, Object> claims, Expected expected) {
        return fails(!ClaimValues.stringList(claims.get("aud")).contains(expected.appId()),
                "aud does not contain this app's id");
    }

    /**
     * Step 3, second half: besides this app, {@code aud} lists only audiences the app trusts
     * ({@link io.logto.sdk.LogtoConfig#trustedAudiences()}) — our {@code azp} does not make a token
     * issued for someone else too acceptable. A token not for this app at all already fails the
     * first half.
     */
    static Optional<String> otherAudiencesAreTrusted(Map<String, Object> claims, Expected expected) {
        List<String> audience = ClaimValues.stringList(claims.get("aud"));
        return fails(audience.contains(expected.appId()) && !audience.stream()
                        .allMatch(a -> a.equals(expected.appId()) || expected.trustedAudiences().contains(a)),
                "aud lists an audience this app does not trust (see LogtoConfig.trustedAudiences)");
    }

    /** Step 4: a token for several audiences must name its authorized party ({@code azp}). */
    static Optional<String> severalAudiencesNameAnAuthorizedParty(Map<String, Object> claims, Expected expected) {
        return fails(ClaimValues.stringList(claims.get("aud")).size() > 1 && claims.get("azp") == null,
                "aud has several values but azp is missing");
    }

    /** Step 5: an {@code azp}, when present, must be this app. */
    static Optional<String> authorizedPartyIsThisApp(Map<String, Object> claims, Expected expected) {
        Object azp = claims.get("azp");
        return fails(azp != null && !expected.appId().equals(azp), "azp is not this app's id");
    }

    /** Step 9: {@code exp} must be present and not past (give or take the skew). */
    static Optional<String> notExpired(Map<String, Object> claims, Expected expected) {
        Optional<Long> exp = ClaimValues.epochSeconds(claims.get("exp"));
        if (exp.isEmpty()) {
            return Optional.of("exp is missing");
        }
        return fails(expected.now() > exp.get() + expected.skewSeconds(), "it has expired");
    }

    /** Step 10: {@code iat} must be present and not in the future (give or take the skew). */
    static Optional<String> notIssuedInTheFuture(Map<String, Object> claims, Expected expected) {
        Optional<Long> iat = ClaimValues.epochSeconds(claims.get("iat"));
        if (iat.isEmpty()) {
            return Optional.of("iat is missing");
        }
        return fails(iat.get() > expected.now() + expected.skewSeconds(), "iat is in the future");
    }

    /**
     * Step 10, the lower bound: the token endpoint issued the token just now, so an {@code iat}
     * older than {@link io.logto.sdk.LogtoConfig#maxIdTokenAge()} (plus the skew) is a replayed
     * token or a server clock far off — a token "issued" in 1970 is refused whatever its {@code exp}.
     */
    static Optional<String> notIssuedLongAgo(Map<String, Object> claims, Expected expected) {
        Optional<Long> iat = ClaimValues.epochSeconds(claims.get("iat"));
        return fails(iat.isPresent() && iat.get() < expected.now() - expected.maxIdTokenAgeSeconds() - expected.skewSeconds(),
                "iat is older than maxIdTokenAge (replayed token, or is this server's clock right?)");
    }

    /** Step 11: the nonce sent at sign-in must come back, compared in constant time. */
    static Optional<String> nonceIsTheSignIns(Map<String, Object> claims, Expected expected) {
        if (expected.nonce().isEmpty()) {
            return Optional.empty(); // a token from a refresh carries no nonce of ours
        }
        return fails(!(claims.get("nonce") instanceof String nonce && constantTimeEquals(nonce, expected.nonce().get())),
                "nonce does not match the sign-in");
    }

    /**
     * Step 13: when the sign-in sent {@code max_age}, {@code auth_time} must be present and the
     * authentication that recent (give or take the skew), and not in the future.
     */
    static Optional<String> authenticatedWithinMaxAge(Map<String, Object> claims, Expected expected) {
        if (expected.maxAgeSeconds().isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> authTime = ClaimValues.epochSeconds(claims.get("auth_time"));
        if (authTime.isEmpty()) {
            return Optional.of("auth_time is missing although the sign-in asked for max_age");
        }
        if (authTime.get() + expected.maxAgeSeconds().getAsLong() + expected.skewSeconds() < expected.now()) {
            return Optional.of("auth_time is older than the max_age the sign-in asked for");
        }
        return fails(authTime.get() > expected.now() + expected.skewSeconds(), "auth_time is in the future");
    }

    /** §2: {@code sub} is required; §12.2: a refreshed ID token names the same subject. */
    static Optional<String> subjectIsPresentAndUnchanged(Map<String, Object> claims, Expected expected) {
        if (!(claims.get("sub") instanceof String sub) || sub.isEmpty()) {
            return Optional.of("sub is missing");
        }
        return fails(expected.subject().filter(s -> !s.equals(sub)).isPresent(), "sub differs from the signed-in user");
    }

    private static Optional<String> fails(boolean failed, String why) {
        return failed ? Optional.of(why) : Optional.empty();
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
