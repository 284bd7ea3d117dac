package io.logto.examples;

import io.logto.sdk.LogtoConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExampleSettingsTest {

    @Test
    void fromEnvironmentWhenNothingIsSetThenUsesTheLocalProviderAndPort8080() {
        ExampleSettings settings = ExampleSettings.fromEnvironment(Map.of());
        assertThat(settings.usesLocalProvider()).isTrue();
        assertThat(settings.appId()).isEqualTo(LocalOidcProvider.APP_ID);
        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(settings.scopes()).isEqualTo(ExampleSettings.DEFAULT_SCOPES);
    }

    @Test
    void fromEnvironmentWhenLogtoIsConfiguredThenUsesIt() {
        ExampleSettings settings = ExampleSettings.fromEnvironment(Map.of(
                "LOGTO_ENDPOINT", "https://tenant.logto.app/", "LOGTO_APP_ID", "app", "LOGTO_APP_SECRET", "secret",
                "LOGTO_BASE_URL", "https://app.example.com/", "LOGTO_SCOPES", "email, phone"));
        assertThat(settings.usesLocalProvider()).isFalse();
        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://app.example.com"));
        LogtoConfig config = settings.logtoConfig(settings.endpoint().orElseThrow());
        assertThat(config.endpoint()).isEqualTo(URI.create("https://tenant.logto.app"));
        assertThat(config.appId()).isEqualTo("app");
        assertThat(config.appSecret()).contains("secret");
        assertThat(config.scopes()).contains("email", "phone");
    }

    @Test
    void fromEnvironmentWhenEndpointHasNoAppIdThenExplains() {
        assertThatThrownBy(() -> ExampleSettings.fromEnvironment(Map.of("LOGTO_ENDPOINT", "https://t.logto.app")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LOGTO_APP_ID");
    }

    @Test
    void fromEnvironmentWhenScopesAreEmptyThenAsksForNone() {
        assertThat(ExampleSettings.fromEnvironment(Map.of("LOGTO_SCOPES", "")).scopes()).isEmpty();
    }

    @Test
    void fromEnvironmentWhenBaseUrlHasAPathThenRefuses() {
        for (String bad : List.of("http://localhost:8080/app", "localhost:8080", "ftp://host")) {
            assertThatThrownBy(() -> ExampleSettings.fromEnvironment(Map.of("LOGTO_BASE_URL", bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LOGTO_BASE_URL");
        }
    }

    @Test
    void fromEnvironmentWhenPlainHttpToAnotherHostThenRefusedUnlessDangerouslyAllowed() {
        var env = new java.util.HashMap<>(Map.of("LOGTO_ENDPOINT", "http://logto:3001", "LOGTO_APP_ID", "app",
                "LOGTO_APP_SECRET", "secret"));
        ExampleSettings strict = ExampleSettings.fromEnvironment(env);
        assertThatThrownBy(() -> strict.logtoConfig("http://logto:3001")).hasMessageContaining("https")
                .hasMessageStartingWith("LOGTO_ENDPOINT");

        env.put("LOGTO_DANGEROUSLY_ALLOW_INSECURE_HTTP", "true");
        assertThat(ExampleSettings.fromEnvironment(env).logtoConfig("http://logto:3001").insecureHttpAllowed()).isTrue();

        env.put("LOGTO_DANGEROUSLY_ALLOW_INSECURE_HTTP", "yes");
        assertThatThrownBy(() -> ExampleSettings.fromEnvironment(env))
                .hasMessageContaining("LOGTO_DANGEROUSLY_ALLOW_INSECURE_HTTP");
    }

    @Test
    void fromEnvironmentWhenEndpointAndAppIdButNoSecretThenNamesTheVariable() {
        assertThatThrownBy(() -> ExampleSettings.fromEnvironment(Map.of("LOGTO_ENDPOINT", "https://t.logto.app",
                "LOGTO_APP_ID", "app", "LOGTO_APP_SECRET", "  ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("LOGTO_APP_SECRET is required");
    }

    @Test
    void logtoConfigWhenTheEndpointIsNotAUrlThenNamesTheVariable() {
        var settings = ExampleSettings.fromEnvironment(Map.of("LOGTO_ENDPOINT", "tenant.logto.app",
                "LOGTO_APP_ID", "app", "LOGTO_APP_SECRET", "secret"));
        assertThatThrownBy(() -> settings.logtoConfig("tenant.logto.app"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("LOGTO_ENDPOINT: ");
    }

    @Test
    void bindAddressWhenLocalThenLoopbackOnly() {
        assertThat(ExampleApp.bindAddress(URI.create("http://localhost:8080")).getAddress().isLoopbackAddress())
                .isTrue();
        assertThat(ExampleApp.bindAddress(URI.create("http://127.0.0.1:0")).getPort()).isZero();
        assertThat(ExampleApp.withPort(URI.create("http://127.0.0.1:0"), 4321))
                .isEqualTo(URI.create("http://127.0.0.1:4321"));
    }
}
