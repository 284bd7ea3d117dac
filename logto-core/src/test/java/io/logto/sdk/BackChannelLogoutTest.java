package io.logto.sdk;

import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link BackChannelLogout}, the public entry point: what a verified logout token says has ended. */
class BackChannelLogoutTest {
    private static FakeLogto shared;

    @BeforeAll
    static void startProvider() {
        shared = new FakeLogto();
    }

    @AfterAll
    static void stopProvider() {
        shared.close();
    }

    private FakeLogto logto;
    private OidcCore core;

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        core = logto.core();
    }

    @Test
    void verifyWhenTheTokenNamesASessionThenSessionScopedLogoutWithSubAndIat() {
        String token = logto.tokens().logoutToken().claim("sid", "op-session-1").signedWith(TestKeys.ES384);

        VerifiedLogout logout = core.backChannelLogout().verify(token).join();

        assertThat(logout).isEqualTo(new VerifiedLogout(Optional.of(TokenFactory.SUBJECT), Optional.of("op-session-1"),
                Instant.ofEpochSecond(logto.clock().instant().getEpochSecond())));
        assertThat(logout.isSessionScoped()).isTrue();
    }

    @Test
    void verifyWhenTheTokenNamesOnlyTheUserThenAllOfTheirSessions() {
        VerifiedLogout logout = core.backChannelLogout().verify(logto.tokens().logoutToken().signedWith(TestKeys.ES384))
                .join();

        assertThat(logout.sub()).contains(TokenFactory.SUBJECT);
        assertThat(logout.sid()).isEmpty();
        assertThat(logout.isSessionScoped()).isFalse();
    }

    @Test
    void verifyWhenReplayedThenTypedErrorAndTheCountIsBounded() {
        String token = logto.tokens().logoutToken().signedWith(TestKeys.ES384);
        core.backChannelLogout().verify(token).join();

        assertThat(Failures.of(core.backChannelLogout().verify(token)).code())
                .isEqualTo(LogtoException.Code.LOGOUT_TOKEN_REPLAYED);
        assertThat(core.backChannelLogout().rememberedTokenIds()).isEqualTo(1);
    }

    @Test
    void verifyWhenNotAJwtThenFailedFutureNotAThrow() {
        assertThat(Failures.of(core.backChannelLogout().verify("nope")).code())
                .isEqualTo(LogtoException.Code.LOGOUT_TOKEN_MALFORMED);
    }

    @Test
    void backChannelLogoutIsOnePerCore() {
        assertThat(core.backChannelLogout()).isSameAs(core.backChannelLogout());
    }

    @Test
    void verifiedLogoutWhenNeitherSubNorSidThenRefused() {
        assertThatThrownBy(() -> new VerifiedLogout(Optional.empty(), Optional.empty(), Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
