package io.logto.sdk.oidc;

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
 * ES384 signature verification: the JDK's SunEC, BouncyCastle's JCA provider, BouncyCastle's
 * low-level ECDSA (point decoded per call / cached), fixed-point combs and the SDK's
 * {@link JwsSignatures}; and, for reference, RS256 and PS256 through the JDK and through the SDK.
 *
 * <p>Lives in {@code io.logto.sdk.oidc} (a split package, fine on the class path) so that it can
 * reach the SDK's package-private signature classes. Read the ratios from {@code interleaved}: the
 * implementations take turns call by call, so on a shared machine they all see the same load.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class SignatureBenchmark {

    @State(Scope.Thread)
    public static class Fixture {
        SignatureAlternatives es384;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            es384 = new SignatureAlternatives();
        }
    }

    @Benchmark
    public boolean es384Sdk(Fixture f) {
        return f.es384.sdk();
    }

    @Benchmark
    public boolean es384Fixed4(Fixture f) throws Exception {
        return f.es384.fixed4();
    }

    @Benchmark
    public boolean es384Fixed5(Fixture f) throws Exception {
        return f.es384.fixed5();
    }

    @Benchmark
    public boolean es384SunEc(Fixture f) throws Exception {
        return f.es384.sunEc();
    }

    @Benchmark
    public boolean es384BcJca(Fixture f) throws Exception {
        return f.es384.bcJca();
    }

    @Benchmark
    public boolean es384BcSignerDecodingEachTime(Fixture f) {
        return f.es384.bcSignerDecodingEachTime();
    }

    @Benchmark
    public boolean es384BcSignerCachedPoint(Fixture f) {
        return f.es384.bcSignerCachedPoint();
    }

    @Benchmark
    public boolean es384Comb(Fixture f) throws Exception {
        return f.es384.comb();
    }

    @State(Scope.Thread)
    public static class RsaFixture {
        java.security.interfaces.RSAPublicKey key;
        byte[] input;
        byte[] rs256;
        byte[] ps256;
        SignatureCheck sdk;
        java.security.spec.PSSParameterSpec pss = new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                java.security.spec.MGF1ParameterSpec.SHA256, 32, 1);

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            var generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            key = (java.security.interfaces.RSAPublicKey) pair.getPublic();
            input = new SignatureAlternatives().signingInput;
            var signer = java.security.Signature.getInstance("SHA256withRSA");
            signer.initSign(pair.getPrivate());
            signer.update(input);
            rs256 = signer.sign();
            signer = java.security.Signature.getInstance("RSASSA-PSS");
            signer.setParameter(pss);
            signer.initSign(pair.getPrivate());
            signer.update(input);
            ps256 = signer.sign();
            sdk = JwsSignatures.forKey(key);
        }
    }

    @Benchmark
    public boolean rs256Jdk(RsaFixture f) throws Exception {
        var verifier = java.security.Signature.getInstance("SHA256withRSA");
        verifier.initVerify(f.key);
        verifier.update(f.input);
        return verifier.verify(f.rs256);
    }

    @Benchmark
    public boolean rs256Sdk(RsaFixture f) {
        return f.sdk.verify("RS256", f.input, f.rs256);
    }

    @Benchmark
    public boolean ps256Jdk(RsaFixture f) throws Exception {
        var verifier = java.security.Signature.getInstance("RSASSA-PSS");
        verifier.setParameter(f.pss);
        verifier.initVerify(f.key);
        verifier.update(f.input);
        return verifier.verify(f.ps256);
    }

    @Benchmark
    public boolean ps256Sdk(RsaFixture f) {
        return f.sdk.verify("PS256", f.input, f.ps256);
    }

    /** Sum of each implementation's time when they take turns call by call (nanoseconds per iteration). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long sunEcNanos;
        public long bcJcaNanos;
        public long bcSignerNanos;
        public long bcSignerCachedNanos;
        public long combNanos;
        public long sdkNanos;
        public long fixed5Nanos;
        int turn;

        @Setup(Level.Iteration)
        public void reset() {
            sunEcNanos = 0;
            bcJcaNanos = 0;
            bcSignerNanos = 0;
            bcSignerCachedNanos = 0;
            combNanos = 0;
            sdkNanos = 0;
            fixed5Nanos = 0;
        }
    }

    /** One call of each (all but the 4-bit table), in an order that rotates every time. */
    @Benchmark
    public int interleaved(Fixture f, Split split) throws Exception {
        int ok = 0;
        int first = split.turn++ % 7;
        for (int i = 0; i < 7; i++) {
            long t0 = System.nanoTime();
            boolean valid;
            switch ((first + i) % 7) {
                case 0 -> {
                    valid = f.es384.sunEc();
                    split.sunEcNanos += System.nanoTime() - t0;
                }
                case 1 -> {
                    valid = f.es384.bcJca();
                    split.bcJcaNanos += System.nanoTime() - t0;
                }
                case 2 -> {
                    valid = f.es384.bcSignerDecodingEachTime();
                    split.bcSignerNanos += System.nanoTime() - t0;
                }
                case 3 -> {
                    valid = f.es384.bcSignerCachedPoint();
                    split.bcSignerCachedNanos += System.nanoTime() - t0;
                }
                case 4 -> {
                    valid = f.es384.comb();
                    split.combNanos += System.nanoTime() - t0;
                }
                case 5 -> {
                    valid = f.es384.fixed5();
                    split.fixed5Nanos += System.nanoTime() - t0;
                }
                default -> {
                    valid = f.es384.sdk();
                    split.sdkNanos += System.nanoTime() - t0;
                }
            }
            ok += valid ? 1 : 0;
        }
        return ok;
    }
}
