package io.logto.sdk;

import io.logto.sdk.testing.Failures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogtoScopesTest {
    @Test
    void constantsWhenReadThenMatchThePythonSdk() {
        assertThat(LogtoScopes.ORGANIZATIONS).isEqualTo("urn:logto:scope:organizations");
        assertThat(LogtoScopes.ORGANIZATION_ROLES).isEqualTo("urn:logto:scope:organization_roles");
        assertThat(LogtoScopes.ORGANIZATIONS_RESOURCE).isEqualTo("urn:logto:resource:organizations");
        assertThat(LogtoScopes.CUSTOM_DATA).isEqualTo("custom_data");
        assertThat(LogtoScopes.IDENTITIES).isEqualTo("identities");
    }

    @Test
    void organizationUrnWhenIdGivenThenUrn() {
        assertThat(LogtoScopes.organizationUrn("org-1")).isEqualTo("urn:logto:organization:org-1");
        assertThat(LogtoScopes.isOrganizationUrn("urn:logto:organization:org-1")).isTrue();
        assertThat(LogtoScopes.isOrganizationUrn("https://api")).isFalse();
        assertThat(LogtoScopes.isOrganizationUrn(null)).isFalse();
    }

    @Test
    void organizationUrnWhenBlankThenInvalidArgument() {
        assertThat(Failures.ofCall(() -> LogtoScopes.organizationUrn("")).code())
                .isEqualTo(LogtoException.Code.INVALID_ARGUMENT);
    }
}
