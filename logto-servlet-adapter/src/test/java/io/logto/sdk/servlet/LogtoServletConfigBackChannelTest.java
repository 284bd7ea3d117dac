package io.logto.sdk.servlet;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LogtoServletConfig}: the back-channel logout path, off unless set. */
class LogtoServletConfigBackChannelTest {
    private static final LogtoConfig LOGTO = LogtoConfig.builder()
            .endpoint("https://tenant.logto.app").appId("app").appSecret("s3cret").build();

    @Test
    void backChannelLogoutPathWhenNotSetThenOff() {
        var config = LogtoServletConfig.builder(LOGTO, "https://app.example.com").build();

        assertThat(config.backChannelLogoutPath()).isEmpty();
        assertThat(config.backChannelLogoutUri()).isEmpty();
    }

    @Test
    void backChannelLogoutPathWhenSetThenTheUriForTheConsoleIsUnderTheBaseUrl() {
        var config = LogtoServletConfig.builder(LOGTO, "https://example.com/shop")
                .backChannelLogoutPath("/backchannel-logout").build();

        assertThat(config.backChannelLogoutUri()).contains("https://example.com/shop/backchannel-logout");
        assertThat(config.toString()).contains("backChannelLogoutPath=/backchannel-logout");
        assertThat(config.toBuilder().build().backChannelLogoutPath()).contains("/backchannel-logout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/sign-in", "/callback", "/sign-out", "backchannel", "/b*", "/b?x=1", "//evil.example", "/"})
    void backChannelLogoutPathWhenNotAFreePlainPathThenInvalidConfig(String path) {
        assertThatThrownBy(() -> LogtoServletConfig.builder(LOGTO, "https://app.example.com")
                .backChannelLogoutPath(path).build())
                .isInstanceOfSatisfying(LogtoException.class,
                        e -> assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_CONFIG));
    }

    @Test
    void fromInitParametersThenReadsTheBackChannelLogoutPath() {
        var params = new HashMap<String, String>();
        params.put("logto.endpoint", "https://tenant.logto.app");
        params.put("logto.appId", "app");
        params.put("logto.baseUrl", "https://app.example.com");
        params.put("logto.backChannelLogoutPath", "/logto/backchannel");

        var config = LogtoServletConfig.fromInitParameters(FakeRequests.context(params));

        assertThat(config.backChannelLogoutUri()).contains("https://app.example.com/logto/backchannel");
    }
}
