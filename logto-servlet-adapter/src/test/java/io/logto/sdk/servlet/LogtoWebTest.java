package io.logto.sdk.servlet;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import io.logto.sdk.OidcCore;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogtoWebTest {
    private static final LogtoConfig LOGTO = LogtoConfig.builder()
            .endpoint("https://tenant.logto.app").appId("app").build();
    private static final LogtoServletConfig CONFIG = LogtoServletConfig.builder(LOGTO, "https://app.example.com").build();

    @Test
    void clientWhenNothingStoredThenNotAuthenticatedAndNoSessionCreated() {
        var request = new FakeRequests.Request();

        var client = LogtoWeb.create(CONFIG).client(request.proxy);

        assertThat(client.isAuthenticated().join()).isFalse();
        assertThat(request.session.get()).isNull();
    }

    @Test
    void createWithCoreOfAnotherConfigThenInvalidConfig() {
        OidcCore other = OidcCore.create(LogtoConfig.builder().endpoint("https://other.logto.app").appId("x").build());

        assertThatThrownBy(() -> LogtoWeb.create(CONFIG, other))
                .isInstanceOfSatisfying(LogtoException.class,
                        e -> assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_CONFIG));
    }

    @Test
    void createWithCoreOfTheSameConfigThenSharesIt() {
        OidcCore core = OidcCore.create(LOGTO);

        assertThat(LogtoWeb.create(CONFIG, core).core()).isSameAs(core);
    }

    @Test
    void fromWhenNothingInstalledThenExplainsWhatToDo() {
        assertThatThrownBy(() -> LogtoWeb.from(FakeRequests.context(Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LogtoWeb.install");
    }

    @Test
    void awaitWhenFutureFailsWithLogtoExceptionThenThrowsItUnwrapped() {
        var failure = new LogtoException(LogtoException.Code.DISCOVERY_FAILED, "down");

        assertThatThrownBy(() -> LogtoWeb.await(java.util.concurrent.CompletableFuture.failedFuture(failure)))
                .isSameAs(failure);
    }
}
