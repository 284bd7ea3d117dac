package io.logto.sdk.benchmarks;

import org.jose4j.jwt.JwtClaims;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Verifying one ES384 ID token through the SDK vs jose4j alone (target: SDK ≤ 1.2 × jose4j), and the
 * provider's cost to sign one, for reference.
 *
 * <p>{@code sdkVerify} and {@code jose4jAloneVerify} run one after the other. The {@code sideBySide}
 * group runs both at the same time, one thread each, so that on a shared, busy machine they see the
 * same load and their ratio stays fair.
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

    @Benchmark
    @Group("sideBySide")
    @GroupThreads(1)
    public Map<String, Object> sdk(VerificationState s) {
        return s.sdkVerify();
    }

    @Benchmark
    @Group("sideBySide")
    @GroupThreads(1)
    public JwtClaims jose4jAlone(VerificationState s) throws Exception {
        return s.jose4jVerify();
    }

    /** The loopback provider's cost per ID token (included in the callback benchmark's time). */
    @Benchmark
    public String providerSignsIdToken(VerificationState s) {
        return s.tokens.idToken(s.provider.issuer(), VerificationState.NONCE);
    }
}
