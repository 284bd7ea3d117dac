package io.logto.sdk.benchmarks;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.oidc.IdTokenVerifier;
import io.logto.sdk.oidc.ProviderClients;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Map;

/**
 * One ES384 ID token and two ways to verify it: the SDK's {@link IdTokenVerifier}, warm (discovery
 * and JWKS cached from the loopback provider; it is internal, reached through
 * {@link ProviderClients} as {@code OidcCore} builds it), and a jose4j {@link JwtConsumer} built once
 * with the same checks written by hand.
 */
@State(Scope.Benchmark)
public class VerificationState {
    static final String NONCE = "n-0S6_WzA2Mj";

    LogtoShapedTokens tokens;
    LoopbackProvider provider;
    IdTokenVerifier verifier;
    JwtConsumer jose4j;
    String idToken;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        tokens = new LogtoShapedTokens();
        provider = new LoopbackProvider(tokens);
        LogtoConfig config = SignIns.config(provider);
        verifier = new ProviderClients(config, ProviderClients.defaultHttpClient(config), java.time.Clock.systemUTC())
                .idTokens();
        idToken = tokens.idToken(provider.issuer(), NONCE);
        verifier.verifyAfterSignIn(idToken, NONCE).join(); // warm discovery and JWKS
        jose4j = new JwtConsumerBuilder()
                .setVerificationKey(tokens.key().getPublicKey())
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384))
                .setExpectedIssuer(provider.issuer())
                .setExpectedAudience(LogtoShapedTokens.APP_ID)
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

    Map<String, Object> sdkVerify() {
        return verifier.verifyAfterSignIn(idToken, NONCE).join();
    }

    JwtClaims jose4jVerify() throws Exception {
        JwtClaims claims = jose4j.processToClaims(idToken);
        if (!NONCE.equals(claims.getClaimValue("nonce"))) {
            throw new IllegalStateException("nonce");
        }
        return claims;
    }
}
