package io.logto.sdk.servlet;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogtoServletConfigTest {
    private static final LogtoConfig LOGTO = LogtoConfig.builder()
            .endpoint("https://tenant.logto.app").appId("app").appSecret("s3cret").build();

    @Test
    void builderWhenOnlyBaseUrlThenDefaultPathsAndUrlsFromBaseUrl() {
        var config = LogtoServletConfig.builder(LOGTO, "https://app.example.com/").build();

        assertThat(config.baseUrl()).hasToString("https://app.example.com");
        assertThat(config.signInPath()).isEqualTo("/sign-in");
        assertThat(config.callbackPath()).isEqualTo("/callback");
        assertThat(config.signOutPath()).isEqualTo("/sign-out");
        assertThat(config.defaultReturnPath()).isEqualTo("/");
        assertThat(config.errorPath()).isEmpty();
        assertThat(config.redirectUri()).isEqualTo("https://app.example.com/callback");
        assertThat(config.postSignOutRedirectUri()).isEqualTo("https://app.example.com/");
    }

    @Test
    void builderWhenBaseUrlHasContextPathThenEndpointsAreUnderIt() {
        var config = LogtoServletConfig.builder(LOGTO, "https://example.com/shop")
                .callbackPath("/logto/callback").postSignOutPath("/bye").build();

        assertThat(config.redirectUri()).isEqualTo("https://example.com/shop/logto/callback");
        assertThat(config.postSignOutRedirectUri()).isEqualTo("https://example.com/shop/bye");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "app.example.com", "ftp://app.example.com", "https://app.example.com/?x=1",
            "https://user:pw@app.example.com", "https://app.example.com/#f", "/relative"})
    void builderWhenBaseUrlInvalidThenInvalidConfig(String baseUrl) {
        assertThatThrownBy(() -> LogtoServletConfig.builder(LOGTO, baseUrl).build())
                .isInstanceOfSatisfying(LogtoException.class,
                        e -> assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_CONFIG));
    }

    @ParameterizedTest
    @ValueSource(strings = {"callback", "//evil.example/callback", "/call back", "/cb?x=1", "/", "/cb/*"})
    void builderWhenEndpointPathInvalidThenInvalidConfig(String path) {
        assertThatThrownBy(() -> LogtoServletConfig.builder(LOGTO, "https://app.example.com").callbackPath(path).build())
                .isInstanceOf(LogtoException.class);
    }

    @Test
    void builderWhenTwoEndpointsShareAPathThenInvalidConfig() {
        assertThatThrownBy(() -> LogtoServletConfig.builder(LOGTO, "https://app.example.com")
                .signOutPath("/sign-in").build())
                .isInstanceOf(LogtoException.class).hasMessageContaining("must differ");
    }

    @Test
    void fromVariablesThenReadsLogtoAndBaseUrlAndCommaLists() {
        var config = LogtoServletConfig.fromVariables(Map.of(
                "LOGTO_ENDPOINT", "https://tenant.logto.app",
                "LOGTO_APP_ID", "app",
                "LOGTO_APP_SECRET", "s3cret",
                "LOGTO_BASE_URL", "http://localhost:8080",
                "LOGTO_SCOPES", "email, phone ,,",
                "LOGTO_RESOURCES", "https://api.example.com")::get);

        assertThat(config.logto().endpoint()).hasToString("https://tenant.logto.app");
        assertThat(config.logto().appSecret()).hasValue("s3cret");
        assertThat(config.logto().scopes()).contains("email", "phone").doesNotContain("");
        assertThat(config.logto().resources()).containsExactly("https://api.example.com");
        assertThat(config.redirectUri()).isEqualTo("http://localhost:8080/callback");
    }

    @Test
    void fromVariablesWhenRequiredMissingThenNamesTheVariable() {
        assertThatThrownBy(() -> LogtoServletConfig.fromVariables(Map.of(
                "LOGTO_ENDPOINT", "https://tenant.logto.app", "LOGTO_APP_ID", "app")::get))
                .isInstanceOfSatisfying(LogtoException.class,
                        e -> assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_CONFIG))
                .hasMessageContaining("LOGTO_BASE_URL");
    }

    @Test
    void fromVariablesWhenPublicClientThenNoSecret() {
        var config = LogtoServletConfig.fromVariables(Map.of("LOGTO_ENDPOINT", "https://tenant.logto.app",
                "LOGTO_APP_ID", "app", "LOGTO_APP_SECRET", " ", "LOGTO_BASE_URL", "http://localhost:8080")::get);

        assertThat(config.logto().appSecret()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://app.example.com", "http://192.168.1.20:8080", "http://localhost.example"})
    void builderWhenBaseUrlIsPlainHttpToAHostThatIsNotLoopbackThenInvalidConfig(String baseUrl) {
        assertThatThrownBy(() -> LogtoServletConfig.builder(LOGTO, baseUrl).build())
                .isInstanceOfSatisfying(LogtoException.class,
                        e -> assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_CONFIG))
                .hasMessageContaining("https");
    }

    @Test
    void builderWhenBaseUrlIsPlainHttpAndInsecureHttpDangerouslyAllowedThenAccepted() {
        var insecure = LOGTO.toBuilder().dangerouslyAllowInsecureHttp().build();

        assertThat(LogtoServletConfig.builder(insecure, "http://app.internal:8080").build().redirectUri())
                .isEqualTo("http://app.internal:8080/callback");
    }

    @Test
    void fromVariablesWhenInsecureHttpVariableTrueThenPlainHttpEverywhereAccepted() {
        var config = LogtoServletConfig.fromVariables(Map.of("LOGTO_ENDPOINT", "http://logto:3001",
                "LOGTO_APP_ID", "app", "LOGTO_BASE_URL", "http://app:8080",
                "LOGTO_DANGEROUSLY_ALLOW_INSECURE_HTTP", "TRUE")::get);

        assertThat(config.logto().insecureHttpAllowed()).isTrue();
        assertThatThrownBy(() -> LogtoServletConfig.fromVariables(Map.of("LOGTO_ENDPOINT", "http://logto:3001",
                "LOGTO_APP_ID", "app", "LOGTO_BASE_URL", "http://app:8080")::get))
                .isInstanceOfSatisfying(LogtoException.class,
                        e -> assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_CONFIG));
        assertThatThrownBy(() -> LogtoServletConfig.fromVariables(Map.of("LOGTO_ENDPOINT", "https://logto",
                "LOGTO_APP_ID", "app", "LOGTO_BASE_URL", "https://app", "LOGTO_DANGEROUSLY_ALLOW_INSECURE_HTTP", "yes")::get))
                .hasMessageContaining("LOGTO_DANGEROUSLY_ALLOW_INSECURE_HTTP");
    }

    @Test
    void fromInitParametersThenReadsContextParamsIncludingPaths() {
        var params = new HashMap<String, String>();
        params.put("logto.endpoint", "https://tenant.logto.app");
        params.put("logto.appId", "app");
        params.put("logto.appSecret", "s3cret");
        params.put("logto.baseUrl", "https://app.example.com");
        params.put("logto.callbackPath", "/auth/callback");
        params.put("logto.errorPath", "/auth/failed");

        var config = LogtoServletConfig.fromInitParameters(FakeRequests.context(params));

        assertThat(config.redirectUri()).isEqualTo("https://app.example.com/auth/callback");
        assertThat(config.errorPath()).hasValue("/auth/failed");
        assertThat(config.signInPath()).isEqualTo("/sign-in");
    }

    @Test
    void urlWhenNotALocalPathThenRejected() {
        var config = LogtoServletConfig.builder(LOGTO, "https://app.example.com").build();

        assertThat(config.url("/orders")).isEqualTo("https://app.example.com/orders");
        assertThatThrownBy(() -> config.url("@evil.example")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsNoSecret() {
        var config = LogtoServletConfig.builder(LOGTO, "https://app.example.com").build();

        assertThat(config.toString()).doesNotContain("s3cret").contains("https://app.example.com");
    }

    @Test
    void toBuilderThenCopyWithOneChange() {
        var config = LogtoServletConfig.builder(LOGTO, "https://app.example.com").errorPath("/oops").build();

        var changed = config.toBuilder().signInPath("/login").build();

        assertThat(changed.signInPath()).isEqualTo("/login");
        assertThat(changed.errorPath()).hasValue("/oops");
        assertThat(changed.baseUrl()).isEqualTo(config.baseUrl());
    }
}
