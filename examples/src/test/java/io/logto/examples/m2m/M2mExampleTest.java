package io.logto.examples.m2m;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The machine-to-machine example: offline it lists the stand-in's users with a real client-credentials token. */
class M2mExampleTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env) {
        return M2mExample.run(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void offlineItGetsAManagementApiTokenAndListsTheStandInsUsers() {
        int status = run(Map.of());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("LOCAL STAND-IN", "scopes=[all]", "accessToken=<redacted>", "2 user(s):",
                "stand-in-1  ada  ada@example.com  Ada Lovelace", "reused the cached token");
    }

    @Test
    void withAnEndpointButNoAppCredentialsItStopsWithAConfigurationError() {
        assertThat(run(Map.of("LOGTO_ENDPOINT", "https://tenant.logto.app"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("LOGTO_APP_ID", "machine-to-machine");
    }

    @Test
    void withAPlainHttpEndpointOffLoopbackItStopsWithAConfigurationError() {
        assertThat(run(Map.of("LOGTO_ENDPOINT", "http://logto.internal", "LOGTO_APP_ID", "a", "LOGTO_APP_SECRET", "s")))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("https");
    }

    @Test
    void theManagementApiResourceFollowsTheEndpoint() {
        assertThat(M2mExample.managementApiResource("https://abc123.logto.app")).isEqualTo("https://abc123.logto.app/api");
        assertThat(M2mExample.managementApiResource("https://abc123.logto.app/")).isEqualTo("https://abc123.logto.app/api");
        assertThat(M2mExample.managementApiResource("http://localhost:3001")).isEqualTo("https://default.logto.app/api");
        assertThat(M2mExample.managementApiResource("https://auth.example.com")).isEqualTo("https://default.logto.app/api");
        assertThat(M2mExample.managementApiResource("https://x.y.logto.app")).isEqualTo("https://default.logto.app/api");
    }
}
