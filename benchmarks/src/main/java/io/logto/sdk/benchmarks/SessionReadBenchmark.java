package io.logto.sdk.benchmarks;

import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.OidcCore;
import io.logto.sdk.storage.MemoryStorage;
import io.logto.sdk.storage.SessionStorage;
import io.logto.sdk.storage.Storage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a web app does on almost every request: read the signed-in user's session. The user signed
 * in for real (against the loopback provider) and holds a cached access token for one API resource.
 * Target: under 5 µs each; none of them may touch the network (checked at tear-down).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class SessionReadBenchmark {
    /** {@code memory}: {@link MemoryStorage}; {@code session}: {@link SessionStorage} over a map session. */
    @Param({"memory", "session"})
    public String storage;

    private LoopbackProvider provider;
    private OidcCore core;
    private MapSession session;
    private Storage store;
    private LogtoClient client;
    private int tokenRequestsAfterSetup;

    @Setup(Level.Trial)
    public void signIn() throws Exception {
        var tokens = new LogtoShapedTokens();
        provider = new LoopbackProvider(tokens);
        core = OidcCore.create(SignIns.config(provider));
        session = new MapSession();
        store = "memory".equals(storage) ? new MemoryStorage() : new SessionStorage(session);
        client = new LogtoClient(core, store);
        SignIns.signIn(client, provider.issuer());
        client.getAccessToken(LogtoShapedTokens.RESOURCE).join().orElseThrow();
        tokenRequestsAfterSetup = provider.count("/oidc/token");
    }

    @TearDown(Level.Trial)
    public void checkNoNetwork() {
        int extra = provider.count("/oidc/token") - tokenRequestsAfterSetup;
        provider.close();
        if (extra != 0) {
            throw new IllegalStateException("session reads made " + extra + " token requests");
        }
    }

    @Benchmark
    public boolean isAuthenticated() {
        return client.isAuthenticated().join();
    }

    @Benchmark
    public IdTokenClaims getIdTokenClaims() {
        return client.getIdTokenClaims();
    }

    @Benchmark
    public Optional<String> getAccessTokenCached() {
        return client.getAccessToken(LogtoShapedTokens.RESOURCE).join();
    }

    @Benchmark
    public Optional<String> getRefreshToken() {
        return client.getRefreshToken();
    }

    /**
     * A request's whole Logto work in a web app: a new client over the user's session (one per
     * request), then the three reads.
     */
    @Benchmark
    public Optional<String> perRequestClientAllThreeReads() {
        var perRequest = new LogtoClient(core, "memory".equals(storage) ? store : new SessionStorage(session));
        if (!perRequest.isAuthenticated().join()) {
            throw new IllegalStateException("signed out");
        }
        perRequest.getIdTokenClaims();
        return perRequest.getAccessToken(LogtoShapedTokens.RESOURCE).join();
    }
}
