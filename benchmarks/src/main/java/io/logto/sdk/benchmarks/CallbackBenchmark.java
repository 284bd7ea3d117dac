package io.logto.sdk.benchmarks;

import io.logto.sdk.LogtoClient;
import io.logto.sdk.OidcCore;
import io.logto.sdk.storage.MemoryStorage;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Whole sign-ins per second through one shared {@link OidcCore}: {@code signIn} (URL + stored
 * attempt), then {@code handleSignInCallback} (checks, one code exchange over loopback HTTP/1.1,
 * ES384 ID-token verification, storing the tokens). The provider runs in the same JVM and signs
 * each ID token, so on a 2-core machine the two sides share the CPU.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class CallbackBenchmark {

    /** The provider and the core, shared by all threads as in a web app. */
    @State(Scope.Benchmark)
    public static class Shared {
        LoopbackProvider provider;
        OidcCore core;

        @Setup(Level.Trial)
        public void start() throws Exception {
            provider = new LoopbackProvider(new LogtoShapedTokens());
            core = OidcCore.create(SignIns.config(provider));
        }

        @TearDown(Level.Trial)
        public void stop() {
            provider.close();
        }
    }

    /** One user's session per thread. */
    @State(Scope.Thread)
    public static class User {
        LogtoClient client;

        @Setup(Level.Trial)
        public void create(Shared shared) {
            client = new LogtoClient(shared.core, new MemoryStorage());
        }
    }

    @Benchmark
    @Threads(1)
    public LogtoClient signInAndCallback1Thread(Shared shared, User user) {
        SignIns.signIn(user.client, shared.provider.issuer());
        return user.client;
    }

    @Benchmark
    @Threads(8)
    public LogtoClient signInAndCallback8Threads(Shared shared, User user) {
        SignIns.signIn(user.client, shared.provider.issuer());
        return user.client;
    }
}
