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

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the SDK sends the app secret, codes and tokens (issue 9, item 4): a discovery document
 * that moves an endpoint to another origin, or to plain http, must not make the SDK send them
 * there. The fake tenant is {@code http://127.0.0.1:PORT}; {@code http://localhost:PORT} is the
 * same server under another origin, so a request that leaks would still be counted here.
 */
class EndpointTransportTest {
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

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
    }

    private String otherOrigin(String path) {
        return "http://localhost:" + logto.server().port() + path;
    }

    @Test
    void tokenEndpointOnAnotherOriginThenTheSecretAndCodeAreNeverSentThere() {
        var doc = logto.discoveryDocument();
        doc.put("token_endpoint", otherOrigin(FakeLogto.TOKEN_PATH));
        logto.stubDiscovery(doc);
        var client = new LogtoClient(logto.core(), new RecordingStorage());

        LogtoException e = signInThroughCallback(client);

        assertThat(e.code()).isEqualTo(LogtoException.Code.DISCOVERY_FAILED);
        assertThat(e.getMessage()).contains("token_endpoint", "origin");
        assertThat(logto.tokenRequests()).as("nothing POSTed to the token endpoint").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"revocation_endpoint", "jwks_uri", "userinfo_endpoint", "end_session_endpoint",
            "authorization_endpoint"})
    void anyEndpointOnAnotherOriginThenDiscoveryFailed(String field) {
        var doc = logto.discoveryDocument();
        doc.put(field, otherOrigin("/oidc/x"));
        logto.stubDiscovery(doc);

        LogtoException e = Failures.of(new LogtoClient(logto.core(), new RecordingStorage())
                .signIn(FakeLogto.REDIRECT_URI));

        assertThat(e.code()).isEqualTo(LogtoException.Code.DISCOVERY_FAILED);
        assertThat(e.getMessage()).contains(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:%d/oidc/token", "HTTP://127.0.0.1:%d/oidc/token"})
    void endpointOnTheSameOriginSpelledDifferentlyThenAccepted(String template) {
        var doc = logto.discoveryDocument();
        doc.put("token_endpoint", template.formatted(logto.server().port()));
        logto.stubDiscovery(doc);
        var client = new LogtoClient(logto.core(), new RecordingStorage());

        logto.signIn(client);

        assertThat(client.isAuthenticated().join()).isTrue();
    }

    @Test
    void endpointOnAnotherOriginWhenExplicitlyAllowedThenUsed() {
        var doc = logto.discoveryDocument();
        doc.put("token_endpoint", otherOrigin(FakeLogto.TOKEN_PATH));
        logto.stubDiscovery(doc);
        var client = new LogtoClient(logto.core(logto.configBuilder().dangerouslyAllowEndpointsOnOtherOrigins()
                .build()), new RecordingStorage());

        logto.signIn(client);

        assertThat(client.isAuthenticated().join()).isTrue();
        assertThat(logto.tokenRequests()).hasSize(1);
    }

    @Test
    void endpointOnAnotherOriginOverPlainHttpToANonLoopbackHostThenRefusedEvenWhenOtherOriginsAllowed() {
        var doc = logto.discoveryDocument();
        doc.put("token_endpoint", "http://token.example/oidc/token");
        logto.stubDiscovery(doc);
        var config = logto.configBuilder().dangerouslyAllowEndpointsOnOtherOrigins().build();

        LogtoException e = Failures.of(new LogtoClient(logto.core(config), new RecordingStorage())
                .signIn(FakeLogto.REDIRECT_URI));

        assertThat(e.code()).isEqualTo(LogtoException.Code.DISCOVERY_FAILED);
        assertThat(e.getMessage()).contains("https");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://app.example/callback", "http://192.168.0.5:8080/callback"})
    void signInWhenRedirectUriIsPlainHttpToAnotherHostThenRejected(String redirectUri) {
        LogtoException e = Failures.of(new LogtoClient(logto.core(), new RecordingStorage()).signIn(redirectUri));

        assertThat(e.code()).isEqualTo(LogtoException.Code.INVALID_ARGUMENT);
        assertThat(logto.count("GET", FakeLogto.DISCOVERY_PATH)).isZero();
    }

    @Test
    void signInWhenRedirectUriIsPlainHttpAndInsecureHttpAllowedThenAccepted() {
        var client = new LogtoClient(logto.core(logto.configBuilder().dangerouslyAllowInsecureHttp().build()),
                new RecordingStorage());

        assertThat(client.signIn("http://app.example/callback").join()).contains(FakeLogto.AUTH_PATH);
    }

    /** The whole sign-in, failing where the SDK refuses: at sign-in (discovery) or at the callback. */
    private LogtoException signInThroughCallback(LogtoClient client) {
        try {
            SignIn s = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
            logto.stubToken(logto.tokenResponse("a", "r",
                    logto.tokens().idToken().claim("nonce", s.nonce()).signedWith(logto.signingKey())));
            client.handleSignInCallback(s.callback()).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LogtoException logtoException) {
                return logtoException;
            }
            throw e;
        }
        throw new AssertionError("the sign-in went through: " + logto.tokenRequests().size() + " token request(s)");
    }
}
