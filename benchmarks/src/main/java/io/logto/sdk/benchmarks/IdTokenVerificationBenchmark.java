package io.logto.sdk.benchmarks;

import io.logto.sdk.oidc.OidcCore;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
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

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Verifying one ES384 ID token: through the SDK ({@code IdTokenVerifier} of a warm {@link OidcCore},
 * discovery and JWKS cached from the loopback provider) vs jose4j alone with the same checks written
 * by hand. Target: SDK ≤ 1.2 × jose4j alone. Also the provider's cost to sign one, for reference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class IdTokenVerificationBenchmark {
    private static final String NONCE = "n-0S6_WzA2Mj";

    private TokenFactory tokens;
    private LoopbackProvider provider;
    private OidcCore core;
    private JwtConsumer jose4j;
    private String idToken;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        tokens = new TokenFactory();
        provider = new LoopbackProvider(tokens);
        core = OidcCore.create(SignIns.config(provider));
        idToken = tokens.idToken(provider.issuer(), NONCE);
        core.idTokens().verify(idToken, NONCE, null).join(); // warm discovery and JWKS
        jose4j = new JwtConsumerBuilder()
                .setVerificationKey(tokens.key().getPublicKey())
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384))
                .setExpectedIssuer(provider.issuer())
                .setExpectedAudience(TokenFactory.APP_ID)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(60)
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        provider.close();
    }

    @Benchmark
    public Map<String, Object> sdkVerify() {
        return core.idTokens().verify(idToken, NONCE, null).join();
    }

    @Benchmark
    public JwtClaims jose4jAloneVerify() throws Exception {
        JwtClaims claims = jose4j.processToClaims(idToken);
        if (!NONCE.equals(claims.getClaimValue("nonce"))) {
            throw new IllegalStateException("nonce");
        }
        return claims;
    }

    /** The loopback provider's cost per ID token (included in the callback benchmark's time). */
    @Benchmark
    public String providerSignsIdToken() {
        return tokens.idToken(provider.issuer(), NONCE);
    }
}
