package io.logto.sdk.oidc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claim rules of a logout token: OpenID Connect Back-Channel Logout 1.0 §2.4 (what the token
 * holds) as §2.6 asks to validate it — steps 3 to 6 ({@code iss}, {@code aud}, {@code iat},
 * {@code exp}; {@code sub} and/or {@code sid}; {@code events}; no {@code nonce}) plus the
 * {@code jti} that step 7's replay check needs. Step 2, the signature, is {@link SigningKeys}' job;
 * step 7 itself is {@link SeenTokenIds}'. Like {@link IdTokenClaimRules}, each rule is a small named
 * check and every failure is reported. Stateless and thread-safe.
 */
final class LogoutTokenClaimRules {
    /** The member of {@code events} that makes a JWT a logout token (§2.4). */
    static final String BACK_CHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /**
     * The longest {@code jti}, {@code sub} and {@code sid} accepted: they are remembered (replay
     * check, the record of ended sessions), so their size is bounded. Logto's are 12 to 21 characters.
     */
    static final int MAX_ID_CHARS = 255;

    /**
     * What one logout token is checked against.
     *
     * @param issuer           the discovered issuer
     * @param appId            this app's client id
     * @param trustedAudiences audiences besides the app that a token may also list
     * @param now              the SDK clock's time, epoch seconds
     * @param skewSeconds      the allowed clock difference
     * @param maxAgeSeconds    the oldest {@code iat} accepted, before {@code now} minus the skew
     */
    record Expected(String issuer, String appId, List<String> trustedAudiences, long now, long skewSeconds,
                    long maxAgeSeconds) {
        Expected {
            trustedAudiences = List.copyOf(trustedAudiences);
        }
    }

    /** One check of the claims: why they fail it, or empty when they pass. */
    @FunctionalInterface
    interface Rule {
        Optional<String> check(Map<String, Object> claims, Expected expected);
    }

    /** Every rule, in the order of §2.6. */
    static final List<Rule> RULES = List.of(
            LogoutTokenClaimRules::issuerIsTheProvider,
            LogoutTokenClaimRules::audienceContainsThisApp,
            LogoutTokenClaimRules::otherAudiencesAreTrusted,
            LogoutTokenClaimRules::issuedRecently,
            LogoutTokenClaimRules::notExpired,
            LogoutTokenClaimRules::namesASubjectOrASession,
            LogoutTokenClaimRules::declaresTheLogoutEvent,
            LogoutTokenClaimRules::carriesNoNonce,
            LogoutTokenClaimRules::hasATokenId);

    private LogoutTokenClaimRules() {
    }

    /** Why {@code claims} fail the rules: one entry per failed rule, none when they pass. */
    static List<String> failures(Map<String, Object> claims, Expected expected) {
        var failures = new ArrayList<String>();
        for (Rule rule : RULES) {
            rule.check(claims, expected).ifPresent(failures::add);
        }
        return failures;
    }

    /**
     * Until when (epoch seconds) the token would be accepted: its {@code exp}, or earlier when
     * {@code iat} plus the maximum age comes first, plus the skew. A replayed {@code jti} must be
     * remembered until then and no longer. Call only for claims that pass the rules.
     */
    static long acceptedUntil(Map<String, Object> claims, Expected expected) {
        long iat = ClaimValues.epochSeconds(claims.get("iat")).orElseThrow();
        long until = iat + expected.maxAgeSeconds();
        Optional<Long> exp = ClaimValues.epochSeconds(claims.get("exp"));
        if (exp.isPresent()) {
            until = Math.min(until, exp.get());
        }
        return until + expected.skewSeconds();
    }

    /** Step 3 (as for ID tokens, OIDC Core §3.1.3.7 step 2): the issuer is exactly the discovered one. */
    static Optional<String> issuerIsTheProvider(Map<String, Object> claims, Expected expected) {
        return fails(!expected.issuer().equals(claims.get("iss")), "iss is not the provider's issuer");
    }

    /** Step 3 (§3.1.3.7 step 3): {@code aud} contains this app's client id. */
    static Optional<String> audienceContainsThisApp(Map<String, Object> claims, Expected expected) {
        return fails(!ClaimValues.stringList(claims.get("aud")).contains(expected.appId()),
                "aud does not contain this app's id");
    }

    /** Step 3 (§3.1.3.7 step 3, second half): besides this app, only audiences the app trusts. */
    static Optional<String> otherAudiencesAreTrusted(Map<String, Object> claims, Expected expected) {
        List<String> audience = ClaimValues.stringList(claims.get("aud"));
        return fails(audience.contains(expected.appId()) && !audience.stream()
                        .allMatch(a -> a.equals(expected.appId()) || expected.trustedAudiences().contains(a)),
                "aud lists an audience this app does not trust (see LogtoConfig.trustedAudiences)");
    }

    /**
     * Step 3 (§3.1.3.7 step 10): {@code iat} is present, not in the future and not older than the
     * maximum age (each give or take the skew). The provider sends the token the moment the
     * session ends (Logto: within 2.5 s, never again), so a genuine one is seconds old.
     */
    static Optional<String> issuedRecently(Map<String, Object> claims, Expected expected) {
        Optional<Long> iat = ClaimValues.epochSeconds(claims.get("iat"));
        if (iat.isEmpty()) {
            return Optional.of("iat is missing");
        }
        if (iat.get() > expected.now() + expected.skewSeconds()) {
            return Optional.of("iat is in the future");
        }
        return fails(iat.get() < expected.now() - expected.maxAgeSeconds() - expected.skewSeconds(),
                "iat is older than maxIdTokenAge (replayed token, or is this server's clock right?)");
    }

    /**
     * Step 3 (§3.1.3.7 step 9): an {@code exp}, when present, has not passed (give or take the
     * skew). §2.4 of the final specification requires it; tokens of providers built on earlier
     * drafts have none, and {@link #issuedRecently} bounds their life instead.
     */
    static Optional<String> notExpired(Map<String, Object> claims, Expected expected) {
        Object exp = claims.get("exp");
        if (exp == null) {
            return Optional.empty();
        }
        Optional<Long> seconds = ClaimValues.epochSeconds(exp);
        if (seconds.isEmpty()) {
            return Optional.of("exp is not a number");
        }
        return fails(expected.now() > seconds.get() + expected.skewSeconds(), "it has expired");
    }

    /**
     * Step 4: a {@code sub}, a {@code sid}, or both; each present one a non-empty string of at most
     * {@value #MAX_ID_CHARS} characters.
     */
    static Optional<String> namesASubjectOrASession(Map<String, Object> claims, Expected expected) {
        Object sub = claims.get("sub");
        Object sid = claims.get("sid");
        if (sub == null && sid == null) {
            return Optional.of("it has neither sub nor sid");
        }
        if (sub != null && !isBoundedId(sub)) {
            return Optional.of("sub is not a string of 1 to " + MAX_ID_CHARS + " characters");
        }
        return fails(sid != null && !isBoundedId(sid), "sid is not a string of 1 to " + MAX_ID_CHARS + " characters");
    }

    /**
     * Step 5: {@code events} is a JSON object with the member
     * {@value #BACK_CHANNEL_LOGOUT_EVENT}, whose value is a JSON object. This is what says that the
     * JWT is a logout token (and not, say, an ID token of the same provider).
     */
    static Optional<String> declaresTheLogoutEvent(Map<String, Object> claims, Expected expected) {
        if (!(claims.get("events") instanceof Map<?, ?> events)) {
            return Optional.of("events is missing or not an object");
        }
        return fails(!(events.get(BACK_CHANNEL_LOGOUT_EVENT) instanceof Map<?, ?>),
                "events has no " + BACK_CHANNEL_LOGOUT_EVENT + " object");
    }

    /** Step 6: no {@code nonce}, so that a logout token can never pass for an ID token, nor the reverse. */
    static Optional<String> carriesNoNonce(Map<String, Object> claims, Expected expected) {
        return fails(claims.containsKey("nonce"), "it carries a nonce");
    }

    /** §2.4: {@code jti} is required; step 7 remembers it, so it is bounded like the ids. */
    static Optional<String> hasATokenId(Map<String, Object> claims, Expected expected) {
        return fails(!isBoundedId(claims.get("jti")), "jti is not a string of 1 to " + MAX_ID_CHARS + " characters");
    }

    private static boolean isBoundedId(Object value) {
        return value instanceof String s && !s.isEmpty() && s.length() <= MAX_ID_CHARS;
    }

    private static Optional<String> fails(boolean failed, String why) {
        return failed ? Optional.of(why) : Optional.empty();
    }
}
