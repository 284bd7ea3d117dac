package io.logto.sdk.resourceserver;

import io.logto.sdk.LogtoException;
import io.logto.sdk.LogtoException.Code;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.logto.sdk.resourceserver.AccessTokenValidatorTest.API;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AccessTokenValidator} against each {@link AccessRequirement}: Logto's three permission
 * models (global API, organization-level API, organization), audiences and scopes.
 */
class AccessRequirementValidationTest {
    private static final String ORG = "org-acme";
    private static final String ORG_URN = "urn:logto:organization:" + ORG;
    private static FakeLogto shared;

    private FakeLogto logto;
    private TokenFactory tokens;
    private AccessTokenValidator validator;

    @BeforeAll
    static void startProvider() {
        shared = new FakeLogto();
    }

    @AfterAll
    static void stopProvider() {
        shared.close();
    }

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        tokens = logto.tokens();
        validator = AccessTokenValidator.builder(logto.endpoint()).apiResource(API).clock(logto.clock()).build();
    }

    private String token(String audience, String scope) {
        return tokens.logtoAccessToken(audience, scope).signedWith(TestKeys.ES384);
    }

    private String organizationApiToken(String organizationId, String scope) {
        return tokens.logtoAccessToken(API, scope).claim("organization_id", organizationId).signedWith(TestKeys.ES384);
    }

    private LogtoException rejected(String token, AccessRequirement requirement) {
        return Failures.of(validator.validate(token, requirement));
    }

    @Test
    void apiWhenTokenHasEveryRequiredScopeThenAccepted() {
        VerifiedAccessToken claims = validator.validate(token(API, "read:data write:data"),
                AccessRequirement.api("write:data", "read:data")).join();

        assertThat(claims.hasScopes(java.util.List.of("read:data", "write:data"))).isTrue();
    }

    @Test
    void apiWhenAScopeIsMissingThenInsufficientScopeNamingIt() {
        LogtoException e = rejected(token(API, "read:data"), AccessRequirement.api("read:data", "write:data"));

        assertThat(e.code()).isEqualTo(Code.ACCESS_TOKEN_INSUFFICIENT_SCOPE);
        assertThat(BearerError.of(e)).contains(BearerError.INSUFFICIENT_SCOPE);
        assertThat(e.getMessage()).contains("write:data").doesNotContain("read:data write");
    }

    @Test
    void apiWhenScopeIsEmptyOrAbsentThenNoPermissions() {
        // Logto's fork writes scope "" when nothing is granted; upstream oidc-provider leaves it out.
        assertThat(validator.validate(token(API, ""), AccessRequirement.api()).join().scopes()).isEmpty();
        String withoutScope = tokens.logtoAccessToken(API, "x").without("scope").signedWith(TestKeys.ES384);
        assertThat(validator.validate(withoutScope, AccessRequirement.api()).join().scopes()).isEmpty();
        assertThat(rejected(token(API, ""), AccessRequirement.api("read:data")).code())
                .isEqualTo(Code.ACCESS_TOKEN_INSUFFICIENT_SCOPE);
    }

    @Test
    void apiWhenScopeMatchesOnlyAsSubstringThenInsufficient() {
        assertThat(rejected(token(API, "read:database"), AccessRequirement.api("read:data")).code())
                .isEqualTo(Code.ACCESS_TOKEN_INSUFFICIENT_SCOPE);
    }

    @Test
    void apiWhenTokenIsForAnotherAppsApiThenAudienceMismatch() {
        LogtoException e = rejected(token("https://billing.example.com", "read:data"), AccessRequirement.api("read:data"));

        assertThat(e.code()).isEqualTo(Code.ACCESS_TOKEN_AUDIENCE_MISMATCH);
        assertThat(BearerError.of(e)).contains(BearerError.INVALID_TOKEN);
    }

    @Test
    void apiWhenAudienceIsAListContainingTheApiThenAccepted() {
        String token = tokens.logtoAccessToken(API, "read:data")
                .claim("aud", java.util.List.of("https://other.example.com", API)).signedWith(TestKeys.ES384);

        assertThat(validator.validate(token, AccessRequirement.api("read:data")).join().audience()).contains(API);
    }

    @Test
    void apiWhenTokenIsAnOrganizationTokenThenAudienceMismatch() {
        assertThat(rejected(token(ORG_URN, "read:data"), AccessRequirement.api("read:data")).code())
                .isEqualTo(Code.ACCESS_TOKEN_AUDIENCE_MISMATCH);
    }

    @Test
    void apiWhenTokenCarriesOrganizationPermissionsThenOrganizationMismatch() {
        // Its scopes come from organization roles: they are not global permissions.
        LogtoException e = rejected(organizationApiToken(ORG, "read:data"), AccessRequirement.api("read:data"));

        assertThat(e.code()).isEqualTo(Code.ACCESS_TOKEN_ORGANIZATION_MISMATCH);
        assertThat(BearerError.of(e)).contains(BearerError.INSUFFICIENT_SCOPE);
    }

    @Test
    void organizationApiWhenTokenIsForTheRequestsOrganizationThenAccepted() {
        VerifiedAccessToken claims = validator.validate(organizationApiToken(ORG, "read:data"),
                AccessRequirement.organizationApi(ORG, "read:data")).join();

        assertThat(claims.organizationId()).contains(ORG);
        assertThat(claims.isOrganizationToken()).isFalse();
    }

    @Test
    void organizationApiWhenTokenIsForAnotherOrganizationOrNoneThenOrganizationMismatch() {
        assertThat(rejected(organizationApiToken("org-other", "read:data"), AccessRequirement.organizationApi(ORG, "read:data"))
                .code()).isEqualTo(Code.ACCESS_TOKEN_ORGANIZATION_MISMATCH);
        assertThat(rejected(token(API, "read:data"), AccessRequirement.organizationApi(ORG, "read:data")).code())
                .isEqualTo(Code.ACCESS_TOKEN_ORGANIZATION_MISMATCH);
    }

    @Test
    void organizationApiWhenTheTokenCarriesNoOrganizationThenTheMessageSaysSo() {
        // The two refusals differ in what a client must fix: ask for an organization token, or for this one.
        assertThat(rejected(token(API, "read:data"), AccessRequirement.organizationApi(ORG, "read:data")).getMessage())
                .isEqualTo("access token rejected: it carries no organization (the request is about one)");
        assertThat(rejected(organizationApiToken("org-other", "read:data"),
                AccessRequirement.organizationApi(ORG, "read:data")).getMessage())
                .isEqualTo("access token rejected: it is for another organization");
    }

    @Test
    void organizationWhenOrganizationTokenForTheRequestsOrganizationThenAccepted() {
        VerifiedAccessToken claims = validator.validate(token(ORG_URN, "invite:member manage:billing"),
                AccessRequirement.organization(ORG, "invite:member")).join();

        assertThat(claims.isOrganizationToken()).isTrue();
        assertThat(claims.organizationId()).contains(ORG);
        assertThat(claims.scopes()).containsExactly("invite:member", "manage:billing");
    }

    @Test
    void organizationWhenTokenIsForAnotherOrganizationThenOrganizationMismatch() {
        LogtoException e = rejected(token("urn:logto:organization:org-other", "invite:member"),
                AccessRequirement.organization(ORG, "invite:member"));

        assertThat(e.code()).isEqualTo(Code.ACCESS_TOKEN_ORGANIZATION_MISMATCH);
        assertThat(BearerError.of(e)).contains(BearerError.INSUFFICIENT_SCOPE);
    }

    @Test
    void organizationWhenTokenIsAnApiTokenThenAudienceMismatch() {
        assertThat(rejected(organizationApiToken(ORG, "invite:member"), AccessRequirement.organization(ORG, "invite:member"))
                .code()).isEqualTo(Code.ACCESS_TOKEN_AUDIENCE_MISMATCH);
    }

    @Test
    void organizationWhenAPermissionIsMissingThenInsufficientScope() {
        assertThat(rejected(token(ORG_URN, "read:members"), AccessRequirement.organization(ORG, "invite:member")).code())
                .isEqualTo(Code.ACCESS_TOKEN_INSUFFICIENT_SCOPE);
    }

    @Test
    void validatorWithoutApiResourceTakesOrganizationTokensOnly() {
        var organizationsOnly = AccessTokenValidator.builder(logto.endpoint()).clock(logto.clock()).build();

        assertThat(organizationsOnly.apiResource()).isEmpty();
        assertThat(organizationsOnly.validate(token(ORG_URN, "invite:member"), AccessRequirement.organization(ORG))
                .join().organizationId()).contains(ORG);
        assertThat(Failures.of(organizationsOnly.validate(token(API, ""), AccessRequirement.api())).code())
                .isEqualTo(Code.INVALID_CONFIG);
    }

    @Test
    void requirementsRefuseBlankIdsAndScopesWithSpacesOrQuotes() {
        assertThat(Failures.ofCall(() -> AccessRequirement.organization(" ")).code()).isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(Failures.ofCall(() -> AccessRequirement.organizationApi(null, "a")).code())
                .isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(Failures.ofCall(() -> AccessRequirement.api("read data")).code()).isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(Failures.ofCall(() -> AccessRequirement.api("read\"")).code()).isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(Failures.ofCall(() -> AccessRequirement.api("")).code()).isEqualTo(Code.INVALID_ARGUMENT);
    }

    @Test
    void requirementsKeepTheirScopesInOrderAndCompareByValue() {
        assertThat(AccessRequirement.api("b", "a", "b").scopes()).containsExactly("b", "a");
        assertThat(AccessRequirement.organization(ORG, "x")).isEqualTo(AccessRequirement.organization(ORG, "x"));
        assertThat(AccessRequirement.organization(ORG).audience()).isEqualTo(ORG_URN);
    }

    @Test
    void bearerErrorMapsEveryValidationCodeAndNothingElse() {
        for (Code code : Code.values()) {
            boolean validation = code.name().startsWith("ACCESS_TOKEN_") && code != Code.ACCESS_TOKEN_INVALID;
            assertThat(BearerError.of(code).isPresent()).as(code.name()).isEqualTo(validation);
        }
        assertThat(BearerError.INVALID_TOKEN.errorCode()).isEqualTo("invalid_token");
        assertThat(BearerError.INVALID_TOKEN.httpStatus()).isEqualTo(401);
        assertThat(BearerError.INSUFFICIENT_SCOPE.httpStatus()).isEqualTo(403);
        assertThat(BearerError.INVALID_REQUEST.httpStatus()).isEqualTo(400);
    }
}
