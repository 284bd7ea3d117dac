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
 * changes in load; {@code interleaved} (against the SDK's check) and {@code interleavedJdk} (against
 * the JDK's) alternate validation and the bare check call by call and sum each one's time: read the
 * ratios from their {@code validateNanos} and {@code …SignatureNanos} lines.
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

    /** Time in validation and in the SDK's own signature check, summed per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class SdkSplit {
        public long validateNanos;
        public long sdkSignatureNanos;
        boolean validateFirst;

        @Setup(Level.Iteration)
        public void reset() {
            validateNanos = 0;
            sdkSignatureNanos = 0;
        }
    }

    /** Time in validation and in the JDK's signature check, summed per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class JdkSplit {
        public long validateNanos;
        public long jdkSignatureNanos;
        boolean validateFirst;

        @Setup(Level.Iteration)
        public void reset() {
            validateNanos = 0;
            jdkSignatureNanos = 0;
        }
    }

    /**
     * Validation and the SDK's own signature check of the same token, alternating call by call (the
     * order flips every call): {@code validateNanos / sdkSignatureNanos} is what validation costs
     * over the signature it contains. The target: ≤ 1.2.
     */
    @Benchmark
    public Object interleaved(AccessTokenState s, SdkSplit split) {
        split.validateFirst = !split.validateFirst;
        long t0 = System.nanoTime();
        Object first = split.validateFirst ? s.validate() : s.sdkSignature();
        long t1 = System.nanoTime();
        Object second = split.validateFirst ? s.sdkSignature() : s.validate();
        long t2 = System.nanoTime();
        split.validateNanos += split.validateFirst ? t1 - t0 : t2 - t1;
        split.sdkSignatureNanos += split.validateFirst ? t2 - t1 : t1 - t0;
        return split.validateFirst ? first : second;
    }

    /** Validation and the JDK's bare signature check, alternating call by call: {@code validateNanos / jdkSignatureNanos}. */
    @Benchmark
    public Object interleavedJdk(AccessTokenState s, JdkSplit split) {
        split.validateFirst = !split.validateFirst;
        long t0 = System.nanoTime();
        Object first = split.validateFirst ? s.validate() : s.bareSignature();
        long t1 = System.nanoTime();
        Object second = split.validateFirst ? s.bareSignature() : s.validate();
        long t2 = System.nanoTime();
        split.validateNanos += split.validateFirst ? t1 - t0 : t2 - t1;
        split.jdkSignatureNanos += split.validateFirst ? t2 - t1 : t1 - t0;
        return split.validateFirst ? first : second;
    }
}
