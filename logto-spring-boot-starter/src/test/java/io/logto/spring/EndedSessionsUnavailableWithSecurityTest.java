package io.logto.spring;

import io.logto.sdk.LogtoException;
import io.logto.sdk.OidcCore;
import io.logto.sdk.SignedInSession;
import io.logto.sdk.VerifiedLogout;
import io.logto.sdk.servlet.EndedSessions;
import io.logto.sdk.servlet.LogtoServletConfig;
import io.logto.sdk.servlet.LogtoWeb;
import io.logto.sdk.servlet.MemoryEndedSessions;
import io.logto.spring.app.SecuredApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Security, a record of ended sessions that cannot be read (its database is down) lets
 * no signed-in request through unchecked and answers as the adapter does without Spring Security:
 * {@code 503 session_check_unavailable}, not the container's 500; the session works again once the
 * record can be read.
 */
@SpringBootTest(classes = {SecuredApp.class, EndedSessionsUnavailableWithSecurityTest.FailingRecord.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EndedSessionsUnavailableWithSecurityTest extends BackChannelLogoutContract {
    static final AtomicBoolean DOWN = new AtomicBoolean();

    @DynamicPropertySource
    static void logto(DynamicPropertyRegistry registry) {
        properties(registry);
    }

    @AfterEach
    void recordUp() {
        DOWN.set(false);
    }

    @Test
    void recordUnreadableThen503ForTheSignedInSessionAndTheSessionWorksAgainAfterwards() {
        signedIn(user, "ada", "sid-ada-down");
        DOWN.set(true);

        HttpResponse<String> page = user.get("/protected/page");
        HttpResponse<String> whoami = user.get("/whoami");

        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).isEqualTo("{\"error\":\"session_check_unavailable\"}");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(whoami.statusCode()).isEqualTo(503);

        DOWN.set(false);
        assertThat(user.get("/whoami").body()).startsWith("ada LogtoAuthentication");
    }

    /** The starter's LogtoWeb with a record that fails while {@link #DOWN} is set. */
    @TestConfiguration(proxyBeanMethods = false)
    static class FailingRecord {
        @Bean
        LogtoWeb logtoWeb(LogtoServletConfig config, OidcCore core) {
            EndedSessions memory = new MemoryEndedSessions();
            return LogtoWeb.create(config, core).withEndedSessions(new EndedSessions() {
                @Override
                public void record(VerifiedLogout logout, Instant receivedAt) {
                    memory.record(logout, receivedAt);
                }

                @Override
                public boolean hasEnded(SignedInSession session, Instant now) {
                    if (DOWN.get()) {
                        throw new LogtoException(LogtoException.Code.STORAGE_FAILED, "the record is down (test)");
                    }
                    return memory.hasEnded(session, now);
                }
            });
        }
    }
}
