package io.logto.sdk.benchmarks;

import org.jose4j.jwt.JwtClaims;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Verifying one ES384 ID token through the SDK vs jose4j alone (target: SDK ≤ 1.2 × jose4j), and the
 * provider's cost to sign one, for reference.
 *
 * <p>{@code sdkVerify} and {@code jose4jAloneVerify} run one after the other, minutes apart, so on a
 * busy machine their ratio carries the change in load; {@code interleaved} alternates the two call
 * by call and sums each one's time, which gives the fair ratio.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class IdTokenVerificationBenchmark {

    @Benchmark
    public Map<String, Object> sdkVerify(VerificationState s) {
        return s.sdkVerify();
    }

    @Benchmark
    public JwtClaims jose4jAloneVerify(VerificationState s) throws Exception {
        return s.jose4jVerify();
    }

    /**
     * Time spent in each verifier, summed per iteration, when the two alternate call by call (the
     * order flips every call): both see the same load at the same moments, so on a shared, busy
     * machine {@code sdkNanos / jose4jNanos} is the fair ratio. Read the two sums from the
     * {@code interleaved:sdkNanos} and {@code interleaved:jose4jNanos} lines.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long sdkNanos;
        public long jose4jNanos;
        boolean sdkFirst;

        @Setup(Level.Iteration)
        public void reset() {
            sdkNanos = 0;
            jose4jNanos = 0;
        }
    }

    @Benchmark
    public Object interleaved(VerificationState s, Split split) throws Exception {
        split.sdkFirst = !split.sdkFirst;
        Object last;
        if (split.sdkFirst) {
            long t0 = System.nanoTime();
            s.sdkVerify();
            long t1 = System.nanoTime();
            last = s.jose4jVerify();
            split.sdkNanos += t1 - t0;
            split.jose4jNanos += System.nanoTime() - t1;
        } else {
            long t0 = System.nanoTime();
            s.jose4jVerify();
            long t1 = System.nanoTime();
            last = s.sdkVerify();
            split.jose4jNanos += t1 - t0;
            split.sdkNanos += System.nanoTime() - t1;
        }
        return last;
    }

    /** The loopback provider's cost per ID token (included in the callback benchmark's time). */
    @Benchmark
    public String providerSignsIdToken(VerificationState s) {
        return s.tokens.idToken(s.provider.issuer(), VerificationState.NONCE);
    }
}
