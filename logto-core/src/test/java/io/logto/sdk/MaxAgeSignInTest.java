package io.logto.sdk;

import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.sdk.testing.RecordingStorage;
import io.logto.testing.SignIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sign-in that asks for {@code max_age} (issue 9, item 5; OIDC Core §3.1.3.7 step 13): the
 * ID token's {@code auth_time} must show an authentication that recent, or the sign-in fails.
 */
class MaxAgeSignInTest {
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
    private LogtoClient client;

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        client = new LogtoClient(logto.core(), new RecordingStorage());
    }

    /** Starts a sign-in with {@code options}; the token endpoint answers an ID token with {@code authTime}. */
    private SignIn pending(SignInOptions options, Long authTime) {
        SignIn s = SignIn.of(client.signIn(options).join(), options.redirectUri(), logto.issuer());
        var idToken = logto.tokens().idToken().claim("nonce", s.nonce());
        if (authTime != null) {
            idToken.claim("auth_time", authTime);
        }
        logto.stubToken(logto.tokenResponse("access-1", "refresh-1", idToken.signedWith(logto.signingKey())));
        return s;
    }

    @Test
    void maxAgeAskedAsAnExtraParameterAndTheUserAuthenticatedLongBeforeThenSignInFails() {
        long anHourAgo = logto.clock().epochSeconds() - 3600;
        SignIn s = pending(SignInOptions.builder(FakeLogto.REDIRECT_URI).extraParam("max_age", "300").build(), anHourAgo);

        LogtoException e = Failures.of(client.handleSignInCallback(s.callback()));

        assertThat(s.param("max_age")).isEqualTo("300");
        assertThat(e.code()).isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
        assertThat(e.getMessage()).contains("auth_time");
        assertThat(client.isAuthenticated().join()).isFalse();
    }

    @Test
    void maxAgeAskedAndAuthTimeMissingThenSignInFails() {
        SignIn s = pending(SignInOptions.builder(FakeLogto.REDIRECT_URI).extraParam("max_age", "300").build(), null);

        assertThat(Failures.of(client.handleSignInCallback(s.callback())).getMessage()).contains("auth_time is missing");
    }

    @Test
    void maxAgeAskedWithTheBuilderAndARecentAuthenticationThenSignedIn() {
        long aMinuteAgo = logto.clock().epochSeconds() - 60;
        var options = SignInOptions.builder(FakeLogto.REDIRECT_URI).maxAge(Duration.ofMinutes(5)).build();
        SignIn s = pending(options, aMinuteAgo);

        client.handleSignInCallback(s.callback()).join();

        assertThat(s.param("max_age")).isEqualTo("300");
        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @Test
    void maxAgeZeroThenTheAuthenticationMustBeNow() {
        long twoMinutesAgo = logto.clock().epochSeconds() - 120;
        var options = SignInOptions.builder(FakeLogto.REDIRECT_URI).maxAge(Duration.ZERO).build();
        SignIn s = pending(options, twoMinutesAgo);

        assertThat(Failures.of(client.handleSignInCallback(s.callback())).code())
                .isEqualTo(LogtoException.Code.ID_TOKEN_INVALID);
    }

    @Test
    void noMaxAgeAskedThenAnOldAuthenticationIsFine() {
        SignIn s = pending(SignInOptions.of(FakeLogto.REDIRECT_URI), 0L);

        client.handleSignInCallback(s.callback()).join();

        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "5m", "", " 300", "99999999999"})
    void maxAgeThatIsNotWholeSecondsThenInvalidArgumentWithoutNetwork(String value) {
        var options = SignInOptions.builder(FakeLogto.REDIRECT_URI).extraParam("max_age", value).build();

        assertThat(Failures.of(client.signIn(options)).code()).isEqualTo(LogtoException.Code.INVALID_ARGUMENT);
        assertThat(logto.count("GET", FakeLogto.DISCOVERY_PATH)).isZero();
    }
}
