package io.logto.sdk;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user's claims from Logto's userinfo endpoint ({@code /oidc/me}).
 *
 * @param sub                 the user's id
 * @param name                full name
 * @param username            username
 * @param picture             picture URL
 * @param email               email address
 * @param emailVerified       whether the email is verified
 * @param phoneNumber         phone number
 * @param phoneNumberVerified whether the phone number is verified
 * @param customData          custom data (scope {@code custom_data})
 * @param identities          linked social identities (scope {@code identities})
 * @param roles               role names
 * @param organizations       organization ids
 * @param organizationRoles   organization roles as {@code orgId:role}
 * @param extra               every other claim
 */
public record UserInfoResponse(String sub, Optional<String> name, Optional<String> username, Optional<String> picture,
                               Optional<String> email, Optional<Boolean> emailVerified, Optional<String> phoneNumber,
                               Optional<Boolean> phoneNumberVerified, Map<String, Object> customData,
                               Map<String, Object> identities, List<String> roles, List<String> organizations,
                               List<String> organizationRoles, Map<String, Object> extra) {

    /**
     * Reads claims from the userinfo JSON.
     *
     * @param claims the decoded claims
     * @return the claims; {@code sub} is required
     */
    public static UserInfoResponse fromMap(Map<String, Object> claims) {
        var r = new ClaimReader(claims);
        return new UserInfoResponse(r.requiredString("sub", LogtoException.Code.USERINFO_FAILED), r.string("name"),
                r.string("username"), r.string("picture"), r.string("email"), r.bool("email_verified"),
                r.string("phone_number"), r.bool("phone_number_verified"), r.object("custom_data"),
                r.object("identities"), r.stringList("roles"), r.stringList("organizations"),
                r.stringList("organization_roles"), r.extra());
    }
}
