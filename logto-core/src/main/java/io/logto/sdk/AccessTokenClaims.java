package io.logto.sdk;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of a JWT access token for an API resource or organization (decoded, not verified:
 * verifying it is the resource server's job).
 *
 * @param iss      issuer
 * @param sub      the user's id
 * @param aud      audiences (the resource indicator or organization URN)
 * @param exp      expiry, epoch seconds
 * @param iat      issue time, epoch seconds
 * @param scope    granted scopes, space-separated, or empty
 * @param clientId the app the token was issued to
 * @param extra    every other claim
 */
public record AccessTokenClaims(String iss, String sub, List<String> aud, long exp, long iat, String scope,
                                Optional<String> clientId, Map<String, Object> extra) {

    /**
     * Reads claims from a decoded token payload.
     *
     * @param claims the decoded claims
     * @return the claims; {@code iss} is required
     */
    public static AccessTokenClaims fromMap(Map<String, Object> claims) {
        var r = new ClaimReader(claims);
        LogtoException.Code bad = LogtoException.Code.ACCESS_TOKEN_INVALID;
        return new AccessTokenClaims(r.requiredString("iss", bad), r.string("sub").orElse(""), r.stringList("aud"),
                r.epochSeconds("exp"), r.epochSeconds("iat"), r.string("scope").orElse(""), r.string("client_id"),
                r.extra());
    }
}
