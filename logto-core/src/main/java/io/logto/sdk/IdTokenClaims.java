package io.logto.sdk;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of a Logto ID token. Logto adds {@code created_at} and {@code updated_at} in
 * milliseconds; they, and any other claim not named here, are in {@link #extra()}.
 *
 * @param iss                 issuer
 * @param sub                 the user's id
 * @param aud                 audiences (this app's id)
 * @param exp                 expiry, epoch seconds
 * @param iat                 issue time, epoch seconds
 * @param atHash              access-token hash
 * @param name                full name
 * @param username            username
 * @param picture             picture URL
 * @param email               email address
 * @param emailVerified       whether the email is verified
 * @param phoneNumber         phone number
 * @param phoneNumberVerified whether the phone number is verified
 * @param roles               role names
 * @param organizations       organization ids
 * @param organizationRoles   organization roles as {@code orgId:role}
 * @param extra               every other claim
 */
public record IdTokenClaims(String iss, String sub, List<String> aud, long exp, long iat, Optional<String> atHash,
                            Optional<String> name, Optional<String> username, Optional<String> picture,
                            Optional<String> email, Optional<Boolean> emailVerified, Optional<String> phoneNumber,
                            Optional<Boolean> phoneNumberVerified, List<String> roles, List<String> organizations,
                            List<String> organizationRoles, Map<String, Object> extra) {

    /**
     * Reads claims from a decoded token payload.
     *
     * @param claims the decoded claims
     * @return the claims; {@code iss} and {@code sub} are required
     */
    public static IdTokenClaims fromMap(Map<String, Object> claims) {
        var r = new ClaimReader(claims);
        LogtoException.Code bad = LogtoException.Code.ID_TOKEN_INVALID;
        return new IdTokenClaims(r.requiredString("iss", bad), r.requiredString("sub", bad), r.stringList("aud"),
                r.epochSeconds("exp"), r.epochSeconds("iat"), r.string("at_hash"), r.string("name"),
                r.string("username"), r.string("picture"), r.string("email"), r.bool("email_verified"),
                r.string("phone_number"), r.bool("phone_number_verified"), r.stringList("roles"),
                r.stringList("organizations"), r.stringList("organization_roles"), r.extra());
    }
}
