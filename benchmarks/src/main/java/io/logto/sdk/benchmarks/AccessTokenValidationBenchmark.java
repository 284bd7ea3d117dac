package io.logto.sdk.benchmarks;

import io.logto.sdk.resourceserver.VerifiedAccessToken;
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

import java.util.concurrent.TimeUnit;

/**
 * A resource server's work per request: validating one Logto access token (ES384 and RS256) with
 * {@code AccessTokenValidator}, keys cached, against the bare signature check of the same token
 * (target: validation ≤ 1.2 × the bare check), and jose4j's JWS check for reference.
 *
 * <p>{@code validate}, {@code bareSignature} and {@code jose4jSignature} run one after the other,
 * so on a busy machine their ratio carries changes in load; {@code interleaved} alternates
 * validation and the bare check call by call and sums each one's time: read the ratio from its
 * {@code interleaved:validateNanos} and {@code interleaved:bareNanos} lines.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class AccessTokenValidationBenchmark {

    @Benchmark
    public VerifiedAccessToken validate(AccessTokenState s) {
        return s.validate();
    }

    @Benchmark
    public boolean bareSignature(AccessTokenState s) {
        return s.bareSignature();
    }

    @Benchmark
    public boolean jose4jSignature(AccessTokenState s) {
        return s.jose4jSignature();
    }

    /** Time in each of the two, summed per iteration, alternating call by call (the order flips every call). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long validateNanos;
        public long bareNanos;
        boolean validateFirst;

        @Setup(Level.Iteration)
        public void reset() {
            validateNanos = 0;
            bareNanos = 0;
        }
    }

    @Benchmark
    public Object interleaved(AccessTokenState s, Split split) {
        split.validateFirst = !split.validateFirst;
        Object last;
        if (split.validateFirst) {
            long t0 = System.nanoTime();
            s.validate();
            long t1 = System.nanoTime();
            last = s.bareSignature();
            split.validateNanos += t1 - t0;
            split.bareNanos += System.nanoTime() - t1;
        } else {
            long t0 = System.nanoTime();
            s.bareSignature();
            long t1 = System.nanoTime();
            last = s.validate();
            split.bareNanos += t1 - t0;
            split.validateNanos += System.nanoTime() - t1;
        }
        return last;
    }
}
