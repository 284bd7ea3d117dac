package io.logto.sdk;

import io.logto.sdk.oidc.AuthorizationSecrets;
import io.logto.sdk.session.CachedAccessToken;
import io.logto.sdk.storage.FileStorage;
import io.logto.sdk.session.SignInAttempt;
import io.logto.sdk.session.UserSession;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.RecordingStorage;
import io.logto.testing.SignIn;
import io.logto.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the flows, their failures included, while capturing every JDK log record (System.Logger
 * goes to java.util.logging), every exception and every toString(), and looks for any token,
 * code, verifier, nonce, state or secret in them.
 */
class SecretsNeverLeakTest {
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final List<String> texts = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private Handler handler;
    private Level oldLevel;
    private FakeLogto logto;

    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        var formatter = new SimpleFormatter();
        handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logLines.add(formatter.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        oldLevel = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(handler);
        logto = new FakeLogto();
        secrets.add(FakeLogto.APP_SECRET);
        secrets.add(SignIn.CODE);
    }

    @AfterEach
    void release() {
        Logger root = Logger.getLogger("");
        root.removeHandler(handler);
        root.setLevel(oldLevel);
        logto.close();
    }

    private void failure(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                texts.add(String.valueOf(t.getMessage()));
                texts.add(t.toString());
            }
        }
    }

    private void rememberSecretsOf(SignIn s, RecordingStorage storage, long now) {
        secrets.add(s.state());
        secrets.add(s.nonce());
        new UserSession(storage).signInAttempts(now).forEach(a -> secrets.add(a.codeVerifier()));
    }

    @Test
    void flowsWhenRunWithFailuresThenNoSecretInLogsMessagesOrToString() throws Exception {
        var storage = new RecordingStorage();
        var core = logto.core();
        var client = new LogtoClient(core, storage);

        // A sign-in that succeeds.
        SignIn s = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        rememberSecretsOf(s, storage, logto.clock().epochSeconds());
        String idToken = logto.tokens().idToken().claim("nonce", s.nonce()).signedWith(TestKeys.ES384);
        secrets.add(idToken);
        secrets.add("access-secret-1");
        secrets.add("refresh-secret-1");
        logto.stubToken(logto.tokenResponse("access-secret-1", "refresh-secret-1", idToken));
        client.handleSignInCallback(s.callback()).join();

        // Callbacks that fail in every way.
        SignIn pending = logto.startSignIn(client, FakeLogto.REDIRECT_URI);
        rememberSecretsOf(pending, storage, logto.clock().epochSeconds());
        failure(client.handleSignInCallback(pending.callbackWithQuery("code=" + SignIn.CODE + "&state=wrong")));
        failure(client.handleSignInCallback("http://evil.example/cb?code=" + SignIn.CODE + "&state="
                + SignIn.enc(pending.state())));
        failure(client.handleSignInCallback(pending.callbackWithQuery("code=" + SignIn.CODE + "&state="
                + SignIn.enc(pending.state()) + "&iss=https%3A%2F%2Fevil")));
        failure(client.handleSignInCallback(pending.callbackWithQuery("code=" + SignIn.CODE + "&code=" + SignIn.CODE)));
        logto.stubToken(logto.tokenResponse("access-secret-x", "refresh-secret-x",
                logto.tokens().idToken().claim("nonce", "wrong").signedWith(TestKeys.ES384)));
        secrets.add("access-secret-x");
        secrets.add("refresh-secret-x");
        failure(client.handleSignInCallback(pending.callback()));

        // Refreshes that fail, one that succeeds, userinfo, sign-out with a failing revocation.
        logto.clock().advance(Duration.ofHours(2));
        logto.stubTokenError(500, "server_error");
        failure(client.getAccessToken());
        logto.stubToken(logto.tokenResponse("access-secret-2", "refresh-secret-2", null));
        secrets.add("access-secret-2");
        secrets.add("refresh-secret-2");
        client.getAccessToken().join();
        failure(client.getAccessTokenClaims(""));
        client.fetchUserInfo().join();
        logto.server().stubFor(post(urlPathEqualTo(FakeLogto.REVOCATION_PATH)).willReturn(aResponse().withStatus(500)
                .withBody("revocation failed for refresh-secret-2")));
        texts.add(client.toString());
        texts.add(core.toString());
        texts.add(core.config().toString());
        texts.add(storage.toString());
        client.signOut("http://localhost:3000/").join();

        // A refresh token that is refused.
        var other = new RecordingStorage();
        var otherClient = new LogtoClient(core, other);
        logto.signIn(otherClient);
        secrets.add(otherClient.getIdToken().orElseThrow());
        logto.clock().advance(Duration.ofHours(2));
        logto.stubTokenError(400, "invalid_grant");
        failure(otherClient.getAccessToken());

        // A corrupt file storage, which logs.
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"refreshToken\":\"refresh-secret-3");
        secrets.add("refresh-secret-3");
        var fileStorage = new FileStorage(file);
        fileStorage.get("refreshToken");
        fileStorage.set("x", "y");
        texts.add(fileStorage.toString());

        // The records and values that hold secrets.
        texts.add(new CachedAccessToken("access-secret-1", "s", 1).toString());
        texts.add(new SignInAttempt(s.state(), FakeLogto.REDIRECT_URI, "verifier-secret", s.nonce(), 1).toString());
        secrets.add("verifier-secret");
        var generated = AuthorizationSecrets.generate(new java.security.SecureRandom());
        texts.add(generated.toString());
        secrets.add(generated.codeVerifier());
        secrets.add(generated.state());
        secrets.add(generated.nonce());
        texts.add(CallbackParameters.parse(s.callback()).toString());
        texts.add(io.logto.sdk.oidc.TokenResponse.class.getSimpleName());
        texts.add(new io.logto.sdk.oidc.TokenResponse("access-secret-1", "Bearer", java.util.Optional.of(1L), "",
                java.util.Optional.of(idToken), java.util.Optional.of("refresh-secret-1")).toString());

        // The SDK's own warnings were captured, so the check below means something.
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("revocation failed"));
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("corrupt"));
        var everything = new ArrayList<String>(logLines);
        everything.addAll(texts);
        for (String text : everything) {
            for (String secret : secrets) {
                assertThat(text).as("a log line, message or toString()").doesNotContain(secret);
            }
        }
    }
}
