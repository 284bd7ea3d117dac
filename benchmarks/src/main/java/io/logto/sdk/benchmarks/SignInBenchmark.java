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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * {@code signIn} with discovery cached: new random values, the authorization URL and the pending
 * attempt written to a fresh session. No network call. (The flow benchmark measures it within whole
 * sign-ins, where caches are colder.)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class SignInBenchmark {

    @State(Scope.Benchmark)
    public static class Core {
        LoopbackProvider provider;
        OidcCore core;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            provider = new LoopbackProvider(new LogtoShapedTokens());
            core = OidcCore.create(SignIns.config(provider));
            new LogtoClient(core, new MemoryStorage()).signIn(SignIns.REDIRECT_URI).join(); // caches discovery
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            provider.close();
        }
    }

    @Benchmark
    public String signIn(Core c) {
        return new LogtoClient(c.core, new MemoryStorage()).signIn(SignIns.REDIRECT_URI).join();
    }
}
