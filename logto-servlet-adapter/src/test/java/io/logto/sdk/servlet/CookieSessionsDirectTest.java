package io.logto.sdk.servlet;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.storage.CookieKeys;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
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
        var calls = new ArrayList<String>();
        FilterRegistration.Dynamic registration = (FilterRegistration.Dynamic) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{FilterRegistration.Dynamic.class}, (self, method, args) -> {
                    switch (method.getName()) {
                        case "setAsyncSupported" -> calls.add("async=" + args[0]);
                        case "addMappingForUrlPatterns" -> calls.add("map " + args[0] + " " + args[1] + " "
                                + List.of((String[]) args[2]));
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
        var added = new ArrayList<String>();
        ServletContext context = (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ServletContext.class}, (self, method, args) -> {
                    if (method.getName().equals("addFilter")) {
                        boolean first = added.isEmpty();
                        added.add((String) args[0]);
                        return first ? registration : null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        var sessions = new CookieSessions(null);

        sessions.install(context);

        assertThat(calls).containsExactly("async=true", "map " + EnumSet.of(DispatcherType.REQUEST) + " false [/*]");
        assertThatThrownBy(() -> sessions.install(context)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("logto-cookie-sessions");
    }
}
