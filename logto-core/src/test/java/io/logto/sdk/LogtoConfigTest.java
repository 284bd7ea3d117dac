package io.logto.sdk;

import io.logto.sdk.testing.Failures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogtoConfigTest {
    private static LogtoConfig.Builder valid() {
        return LogtoConfig.builder().endpoint("https://tenant.logto.app").appId("app").appSecret("top-secret-value");
    }

    @Test
    void buildWhenMinimalThenDefaults() {
        LogtoConfig config = LogtoConfig.builder().endpoint("https://tenant.logto.app").appId("app").build();

        assertThat(config.endpoint()).isEqualTo(URI.create("https://tenant.logto.app"));
        assertThat(config.issuer()).isEqualTo("https://tenant.logto.app/oidc");
        assertThat(config.discoveryUri())
                .isEqualTo(URI.create("https://tenant.logto.app/oidc/.well-known/openid-configuration"));
        assertThat(config.appSecret()).isEmpty();
        assertThat(config.scopes()).containsExactly("openid", "offline_access", "profile");
        assertThat(config.resources()).isEmpty();
        assertThat(config.prompt()).isEqualTo("consent");
        assertThat(config.connectTimeout()).isEqualTo(LogtoConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(config.requestTimeout()).isEqualTo(LogtoConfig.DEFAULT_REQUEST_TIMEOUT);
        assertThat(config.clockSkew()).isEqualTo(LogtoConfig.DEFAULT_CLOCK_SKEW);
        assertThat(config.hasOrganizationScope()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://tenant.logto.app/", "https://tenant.logto.app//", " https://tenant.logto.app "})
    void buildWhenEndpointHasTrailingSlashOrSpacesThenNormalized(String endpoint) {
        assertThat(valid().endpoint(endpoint).build().issuer()).isEqualTo("https://tenant.logto.app/oidc");
    }

    @Test
    void buildWhenEndpointSchemeOrHostHasCapitalsThenIssuerIsCanonical() {
        // Logto's discovery says https://tenant.logto.app/oidc; a copied endpoint must still match it.
        assertThat(valid().endpoint("HTTPS://Tenant.Logto.App").build().issuer()).isEqualTo("https://tenant.logto.app/oidc");
        assertThat(valid().endpoint("http://LOCALHOST:3001/Path").build().issuer()).isEqualTo("http://localhost:3001/Path/oidc");
    }

    @Test
    void buildWhenEndpointHasPathThenIssuerKeepsIt() {
        assertThat(valid().endpoint("http://localhost:3001/logto/").build().issuer())
                .isEqualTo("http://localhost:3001/logto/oidc");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "tenant.logto.app", "ftp://tenant.logto.app", "https://", "https://a b",
            "https://tenant.logto.app?x=1", "https://tenant.logto.app#f", "https://user:pw@tenant.logto.app",
            "javascript:alert(1)", "/relative"})
    void buildWhenEndpointInvalidThenInvalidConfig(String endpoint) {
        assertThat(Failures.ofCall(() -> valid().endpoint(endpoint).build()).code())
                .isEqualTo(LogtoException.Code.INVALID_CONFIG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://tenant.logto.app", "http://192.168.1.10:3001", "http://10.0.0.1",
            "http://localhost.evil.example", "http://127.0.0.1.nip.io", "http://128.0.0.1", "http://[::2]",
            "http://[fe80::1]", "http://0.0.0.0:3001"})
    void buildWhenEndpointIsPlainHttpToAHostThatIsNotLoopbackThenInvalidConfig(String endpoint) {
        LogtoException e = Failures.ofCall(() -> valid().endpoint(endpoint).build());

        assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("https", "dangerouslyAllowInsecureHttp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:3001", "http://LOCALHOST", "http://127.0.0.1:3001", "http://127.255.0.9",
            "http://[::1]:3001", "http://[0:0:0:0:0:0:0:1]", "https://tenant.logto.app", "https://192.168.1.10"})
    void buildWhenEndpointIsHttpsOrLoopbackThenAccepted(String endpoint) {
        LogtoConfig config = valid().endpoint(endpoint).build();

        assertThat(config.insecureHttpAllowed()).isFalse();
    }

    @Test
    void buildWhenInsecureHttpDangerouslyAllowedThenAnyHostAndTheChoiceShows() {
        LogtoConfig config = valid().endpoint("http://logto:3001").dangerouslyAllowInsecureHttp().build();

        assertThat(config.insecureHttpAllowed()).isTrue();
        assertThat(config.permitsTransport(URI.create("http://app.internal/callback"))).isTrue();
        assertThat(config.toString()).contains("DANGEROUSLY allowing insecure http");
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void endpointsOnOtherOriginsAllowedWhenDangerouslyAskedThenShownAndKeptByToBuilder() {
        LogtoConfig config = valid().dangerouslyAllowEndpointsOnOtherOrigins().build();

        assertThat(valid().build().endpointsOnOtherOriginsAllowed()).isFalse();
        assertThat(config.endpointsOnOtherOriginsAllowed()).isTrue();
        assertThat(config.toString()).contains("DANGEROUSLY allowing endpoints on other origins");
        assertThat(config.toBuilder().build()).isEqualTo(config).isNotEqualTo(valid().build());
    }

    @Test
    void permitsTransportWhenHttpsOrLoopbackHttpThenTrueOtherwiseFalse() {
        LogtoConfig config = valid().build();

        assertThat(config.permitsTransport(URI.create("https://app.example/cb"))).isTrue();
        assertThat(config.permitsTransport(URI.create("http://localhost:8080/cb"))).isTrue();
        assertThat(config.permitsTransport(URI.create("http://app.example/cb"))).isFalse();
        assertThat(config.permitsTransport(URI.create("ftp://app.example/cb"))).isFalse();
    }

    @Test
    void isLoopbackHostWhenNamesOrLiteralsThenOnlyTheMachineItself() {
        assertThat(LogtoConfig.isLoopbackHost("localhost")).isTrue();
        assertThat(LogtoConfig.isLoopbackHost("127.0.0.1")).isTrue();
        assertThat(LogtoConfig.isLoopbackHost("127.1.2.3")).isTrue();
        assertThat(LogtoConfig.isLoopbackHost("[::1]")).isTrue();
        for (String host : new String[] {null, "", "localhost.", "localhost.example", "127.0.0.1.example",
                "127.0.0", "127.0.0.1.1", "127.0.0.-1", "[::]", "[::ffff:10.0.0.1]", "[a::b:c]", "[localhost]", "::1"}) {
            assertThat(LogtoConfig.isLoopbackHost(host)).as(String.valueOf(host)).isFalse();
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void buildWhenAppIdMissingThenInvalidConfig(String appId) {
        assertThat(Failures.ofCall(() -> valid().appId(appId).build()).code()).isEqualTo(LogtoException.Code.INVALID_CONFIG);
    }

    @Test
    void buildWhenScopesGivenThenDefaultsFirstAndDeduplicated() {
        LogtoConfig config = valid().scopes(List.of("email", "profile", LogtoScopes.ORGANIZATIONS, "email")).build();

        assertThat(config.scopes()).containsExactly("openid", "offline_access", "profile", "email",
                LogtoScopes.ORGANIZATIONS);
        assertThat(config.hasOrganizationScope()).isTrue();
    }

    @Test
    void buildWhenScopeOrResourceBlankThenInvalidConfig() {
        assertThat(Failures.ofCall(() -> valid().scopes(List.of(" ")).build()).code())
                .isEqualTo(LogtoException.Code.INVALID_CONFIG);
        var withNull = new ArrayList<String>();
        withNull.add(null);
        assertThat(Failures.ofCall(() -> valid().resources(withNull).build()).code())
                .isEqualTo(LogtoException.Code.INVALID_CONFIG);
    }

    @Test
    void buildWhenDurationsInvalidThenInvalidConfig() {
        assertThat(Failures.ofCall(() -> valid().requestTimeout(Duration.ZERO).build()).code())
                .isEqualTo(LogtoException.Code.INVALID_CONFIG);
        assertThat(Failures.ofCall(() -> valid().connectTimeout(Duration.ofSeconds(-1)).build()).code())
                .isEqualTo(LogtoException.Code.INVALID_CONFIG);
        assertThat(Failures.ofCall(() -> valid().clockSkew(Duration.ofSeconds(-1)).build()).code())
                .isEqualTo(LogtoException.Code.INVALID_CONFIG);
        assertThat(Failures.ofCall(() -> valid().metadataCacheTtl(null).build()).code())
                .isEqualTo(LogtoException.Code.INVALID_CONFIG);
        assertThat(valid().clockSkew(Duration.ZERO).jwksRefetchInterval(Duration.ZERO).build().clockSkew()).isZero();
    }

    @Test
    void scopesWhenReturnedThenUnmodifiable() {
        LogtoConfig config = valid().build();

        assertThat(Failures.ofCallOrAny(() -> config.scopes().add("x"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void builderWhenChangedAfterBuildThenConfigUnaffected() {
        var scopes = new ArrayList<>(List.of("email"));
        var builder = valid().scopes(scopes);
        LogtoConfig config = builder.build();

        scopes.add("phone");
        builder.appId("other");

        assertThat(config.scopes()).doesNotContain("phone");
        assertThat(config.appId()).isEqualTo("app");
    }

    @Test
    void toStringWhenSecretSetThenRedacted() {
        LogtoConfig config = valid().build();

        assertThat(config.toString()).contains("app", "tenant.logto.app").doesNotContain("top-secret-value");
        assertThat(valid().toString()).doesNotContain("top-secret-value");
    }

    @Test
    void toBuilderWhenRebuiltThenEqual() {
        LogtoConfig config = valid().scopes(List.of("email")).resources(List.of("https://api")).prompt("login")
                .requestTimeout(Duration.ofSeconds(3)).build();

        assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
        assertThat(config.toBuilder().appSecret("other").build()).isNotEqualTo(config);
    }

    @Test
    void sessionAndIdTokenSettingsWhenSetThenValidatedAndKeptByToBuilder() {
        LogtoConfig config = valid().maxSessionAge(Duration.ofHours(8)).maxIdTokenAge(Duration.ofMinutes(30))
                .trustedAudiences(List.of("app", "https://api.example.com", "https://api.example.com")).build();

        assertThat(valid().build().maxIdTokenAge()).isEqualTo(LogtoConfig.DEFAULT_MAX_ID_TOKEN_AGE);
        assertThat(valid().build().trustedAudiences()).isEmpty();
        assertThat(config.maxSessionAge()).contains(Duration.ofHours(8));
        assertThat(config.trustedAudiences()).as("the app id itself and duplicates left out")
                .containsExactly("https://api.example.com");
        assertThat(config.toBuilder().build()).isEqualTo(config).isNotEqualTo(valid().build());
        assertThat(Failures.ofCall(() -> valid().maxIdTokenAge(Duration.ZERO).build()).code())
                .isEqualTo(LogtoException.Code.INVALID_CONFIG);
        assertThat(Failures.ofCall(() -> valid().trustedAudiences(List.of(" ")).build()).code())
                .isEqualTo(LogtoException.Code.INVALID_CONFIG);
    }

    @Test
    void buildWhenPromptBlankThenConsent() {
        assertThat(valid().prompt(" ").build().prompt()).isEqualTo("consent");
        assertThat(valid().prompt(null).build().prompt()).isEqualTo("consent");
    }
}
