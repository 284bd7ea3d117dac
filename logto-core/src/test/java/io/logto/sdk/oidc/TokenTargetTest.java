package io.logto.sdk.oidc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TokenTarget}: the string of the public API read once, and its key kept as stored sessions have it. */
class TokenTargetTest {
    @Test
    void ofWhenNullOrEmptyThenTheUserinfoTokenKeyedByTheEmptyString() {
        assertThat(TokenTarget.of(null)).isEqualTo(TokenTarget.USER_INFO);
        assertThat(TokenTarget.of("")).isEqualTo(TokenTarget.USER_INFO);
        assertThat(TokenTarget.USER_INFO.key()).isEmpty();
    }

    @Test
    void ofWhenOrganizationUrnThenTheOrganizationKeyedByItsUrn() {
        TokenTarget target = TokenTarget.of("urn:logto:organization:org-1");

        assertThat(target).isEqualTo(new TokenTarget.Organization("org-1"));
        assertThat(target.key()).isEqualTo("urn:logto:organization:org-1");
    }

    @Test
    void ofWhenResourceIndicatorThenTheApiResourceKeyedByItsIndicator() {
        TokenTarget target = TokenTarget.of("https://api.example.com");

        assertThat(target).isEqualTo(new TokenTarget.ApiResource("https://api.example.com"));
        assertThat(target.key()).isEqualTo("https://api.example.com");
    }

    @Test
    void ofWhenOrganizationsResourceThenAnApiResourceNotAnOrganization() {
        assertThat(TokenTarget.of("urn:logto:resource:organizations"))
                .isEqualTo(new TokenTarget.ApiResource("urn:logto:resource:organizations"));
    }

    @Test
    void refreshRequestToStringShowsNoToken() {
        var request = new RefreshRequest("rt-secret-1", TokenTarget.USER_INFO, java.util.Optional.of("user-1"));

        assertThat(request.toString()).doesNotContain("rt-secret-1");
    }
}
