package io.logto.sdk.benchmarks;

import io.logto.sdk.LogtoClient;
import io.logto.sdk.OidcCore;
import io.logto.sdk.storage.CookieStorage;
import io.logto.sdk.storage.EncryptedCookies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The per-request cost of a session kept in encrypted cookies (AES-256-GCM): the user signed in for
 * real and holds one API-resource token. {@code readPerRequest} is what every request pays (decrypt
 * the cookies, then the three reads of {@code SessionReadBenchmark.perRequestClientAllThreeReads});
 * {@code writeSession} what each change of the session pays (encrypt the whole session again: a
 * refresh makes two or three). None may touch the network (checked at tear-down).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class CookieSessionBenchmark {
    private LoopbackProvider provider;
    private OidcCore core;
    private EncryptedCookies codec;
    private Map<String, String> requestCookies;
    private Map<String, String> values;
    private String sessionId;
    private int tokenRequestsAfterSetup;
    private final CookieSessions.Response response = new CookieSessions.Response();

    @Setup(Level.Trial)
    public void signIn() throws Exception {
        provider = new LoopbackProvider(new LogtoShapedTokens());
        core = OidcCore.create(SignIns.config(provider));
        codec = EncryptedCookies.builder(CookieSessions.KEYS).build();
        requestCookies = CookieSessions.signedIn(core, codec, provider.issuer());
        EncryptedCookies.Decoded decoded = codec.decode(requestCookies);
        values = decoded.values();
        sessionId = decoded.sessionId().orElseThrow();
        tokenRequestsAfterSetup = provider.count("/oidc/token");
    }

    @TearDown(Level.Trial)
    public void checkNoNetwork() {
        int extra = provider.count("/oidc/token") - tokenRequestsAfterSetup;
        provider.close();
        if (extra != 0) {
            throw new IllegalStateException("cookie session reads made " + extra + " token requests");
        }
    }

    /** Decrypting the request's cookies alone. */
    @Benchmark
    public EncryptedCookies.Decoded decodeCookies() {
        return codec.decode(requestCookies);
    }

    /** A request's whole Logto work: a storage over its cookies, a client, the three reads. */
    @Benchmark
    public Optional<String> readPerRequest() {
        var client = new LogtoClient(core, new CookieStorage(codec, requestCookies, response));
        if (!client.isAuthenticated().join()) {
            throw new IllegalStateException("signed out");
        }
        client.getIdTokenClaims();
        return client.getAccessToken(LogtoShapedTokens.RESOURCE).join();
    }

    /** One change of the session: encrypting all of it again into its Set-Cookie headers. */
    @Benchmark
    public List<EncryptedCookies.SetCookie> writeSession() {
        return codec.encode(values, sessionId, requestCookies.keySet());
    }
}
