package io.logto.spring;

import io.logto.sdk.resourceserver.VerifiedAccessToken;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.mock.web.MockHttpServletRequest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who passes {@code logto.api.paths}: only an access token issued for the API, with the required
 * global permissions — never a signed-in session (whatever scopes the app asked for at sign-in), never
 * an organization token, even when no permission is required.
 */
class LogtoApiAccessTest {
    private static final String API = "https://api.example.com";

    /** Whether an authenticated caller holding {@code authorities} passes. (No Spring Security type in a
     * signature: the execution without Spring Security discovers this class too.) */
    private static boolean granted(List<String> requiredScopes, List<String> authorities) {
        var token = new TestingAuthenticationToken("user", null, authorities.toArray(String[]::new));
        token.setAuthenticated(true);
        // A bound method reference, not a lambda: a lambda's synthetic method would name Authentication.
        var authentication = new java.util.concurrent.atomic.AtomicReference<Authentication>(token);
        var context = new RequestAuthorizationContext(new MockHttpServletRequest());
        var result = LogtoSecurityAutoConfiguration.Chain.allScopes(requiredScopes).authorize(authentication::get, context);
        return result != null && result.isGranted();
    }

    private static VerifiedAccessToken token(List<String> audience, Set<String> scopes) {
        // As the validator reads them: an organization token's organization is its audience's id.
        Optional<String> organization = audience.stream().filter(a -> a.startsWith("urn:logto:organization:"))
                .map(a -> a.substring("urn:logto:organization:".length())).findFirst();
        return new VerifiedAccessToken("https://tenant.logto.app/oidc", "user", "app", audience, scopes, organization,
                Instant.EPOCH, Instant.EPOCH.plusSeconds(3600), Optional.empty(), Optional.empty(), Map.of());
    }

    @Test
    void aSignedInSessionNeverPassesEvenWhenNoPermissionIsRequired() {
        // What a session gets: roles and organizations, never SCOPE_ or the API-token authority.
        assertThat(granted(List.of(), List.of("ROLE_admin", "ORGANIZATION_org-1"))).isFalse();
        assertThat(granted(List.of("read:data"), List.of("ROLE_admin"))).isFalse();
    }

    @Test
    void anOrganizationTokenNeverPassesEvenWhenNoPermissionIsRequired() {
        List<String> authorities = LogtoAuthorities.ofToken(token(List.of("urn:logto:organization:org-1"), Set.of("read:data")));

        assertThat(authorities).doesNotContain(LogtoAuthorities.API_TOKEN, "SCOPE_read:data");
        assertThat(granted(List.of(), authorities)).isFalse();
    }

    @Test
    void anApiTokenPassesWithTheRequiredPermissionsOnly() {
        List<String> authorities = LogtoAuthorities.ofToken(token(List.of(API), Set.of("read:data")));

        assertThat(authorities).contains(LogtoAuthorities.API_TOKEN, "SCOPE_read:data");
        assertThat(granted(List.of(), authorities)).isTrue();
        assertThat(granted(List.of("read:data"), authorities)).isTrue();
        assertThat(granted(List.of("read:data", "write:data"), authorities)).isFalse();
    }
}
