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
 * {@code AccessTokenValidator}, keys cached, against bare signature checks of the same token — the
 * JDK's, and the SDK's own per-key check that validation uses (target: validation ≤ 1.2 × the bare
 * check) — and jose4j's JWS check for reference.
 *
 * <p>The separate benchmarks run one after the other, so on a busy machine their ratios carry
 * changes in load; {@code interleaved} runs validation and the two bare checks call by call, in a
 * rotating order, and sums each one's time: read the ratios from its {@code validateNanos},
 * {@code bareNanos} (JDK) and {@code sdkSignatureNanos} lines.
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
    public boolean sdkSignature(AccessTokenState s) {
        return s.sdkSignature();
    }

    @Benchmark
    public boolean jose4jSignature(AccessTokenState s) {
        return s.jose4jSignature();
    }

    /** Time in each of the three, summed per iteration, called in turn (the order rotates every call). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long validateNanos;
        public long bareNanos;
        public long sdkSignatureNanos;
        int turn;

        @Setup(Level.Iteration)
        public void reset() {
            validateNanos = 0;
            bareNanos = 0;
            sdkSignatureNanos = 0;
        }
    }

    @Benchmark
    public Object interleaved(AccessTokenState s, Split split) {
        split.turn = (split.turn + 1) % 3;
        Object last = null;
        for (int i = 0; i < 3; i++) {
            int which = (split.turn + i) % 3;
            long t0 = System.nanoTime();
            if (which == 0) {
                last = s.validate();
                split.validateNanos += System.nanoTime() - t0;
            } else if (which == 1) {
                last = s.bareSignature();
                split.bareNanos += System.nanoTime() - t0;
            } else {
                last = s.sdkSignature();
                split.sdkSignatureNanos += System.nanoTime() - t0;
            }
        }
        return last;
    }
}
