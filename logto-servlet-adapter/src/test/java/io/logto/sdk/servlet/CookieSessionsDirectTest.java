package io.logto.sdk.servlet;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.storage.CookieKeys;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CookieSessions} without a container: how its filter registers, and that a request that
 * did not pass it cannot silently fall back to another session store.
 */
class CookieSessionsDirectTest {
    private static final LogtoWeb WEB = LogtoWeb.create(LogtoServletConfig.builder(
            LogtoConfig.builder().endpoint("http://127.0.0.1:9").appId("app-1").build(), "https://app.example.com")
            .cookieSessions(CookieKeys.parse("k1:" + Base64.getEncoder().encodeToString(new byte[32]))).build());

    @Test
    void requestThatDidNotPassTheCookieFilterThenAnErrorNamingTheFix() {
        var request = new FakeRequests.Request();

        assertThatThrownBy(() -> WEB.client(request.proxy)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not pass the adapter's cookie filter");
        assertThat(request.session.get()).as("no HttpSession instead").isNull();
    }

    @Test
    void installRegistersTheFilterOnEveryRequestAsyncAndOnlyOnce() {
        var recording = FakeRequests.filterContext();
        ServletContext context = recording.context();
        List<String> calls = recording.calls();
        var sessions = new CookieSessions(null);

        sessions.install(context);

        assertThat(calls).containsExactly("async=true", "map " + EnumSet.of(DispatcherType.REQUEST) + " false [/*]");
        assertThatThrownBy(() -> sessions.install(context)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("logto-cookie-sessions");
    }
}
