package io.logto.sdk.oidc;

import io.logto.sdk.LogtoException;
import io.logto.sdk.testing.FakeLogto;
import io.logto.sdk.testing.Failures;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AccessTokenVerifier}'s costs: with the caches warm, one signature check and no request per
 * token; an unknown key id costs one key-set fetch, rate-limited and shared.
 */
class AccessTokenVerifierTest {
    private static final String API = "https://api.example.com";
    private static FakeLogto shared;

    private FakeLogto logto;
    private TokenFactory tokens;
    private AccessTokenVerifier verifier;

    @BeforeAll
    static void startProvider() {
        shared = new FakeLogto();
    }

    @AfterAll
    static void stopProvider() {
        shared.close();
    }

    @BeforeEach
    void start() {
        logto = shared;
        logto.reset();
        tokens = logto.tokens();
        var settings = ProviderSettings.of(logto.config());
        verifier = AccessTokenVerifier.create(settings, ProviderClients.defaultHttpClient(settings), logto.clock());
    }

    private String token(int n) {
        return tokens.logtoAccessToken(API, "read:data").claim("jti", "jti-" + n).signedWith(TestKeys.ES384);
    }

    private int jwksRequests() {
        return logto.count("GET", FakeLogto.JWKS_PATH);
    }

    @Test
    void verifyWhenCachesAreWarmThenOneSignatureCheckAndNoRequestPerToken() {
        verifier.verify(token(0)).join();
        int requests = logto.requestCount();
        long checks = verifier.signatureChecks();

        for (int i = 1; i <= 200; i++) {
            assertThat(verifier.verify(token(i)).join()).containsEntry("jti", "jti-" + i);
        }

        assertThat(logto.requestCount()).as("requests to Logto").isEqualTo(requests);
        assertThat(verifier.signatureChecks() - checks).as("signature checks").isEqualTo(200);
    }

    @Test
    void verifyWhenTheSameTokenComesAgainThenItIsCheckedAgain() {
        String token = token(1);
        verifier.verify(token).join();
        long checks = verifier.signatureChecks();

        verifier.verify(token).join();

        assertThat(verifier.signatureChecks() - checks).isEqualTo(1);
    }

    @Test
    void verifyWhenCachesAreWarmThenTheFutureIsCompleteOnReturn() {
        verifier.verify(token(0)).join();

        CompletableFuture<?> next = verifier.verify(token(1));

        assertThat(next).isCompleted();
    }

    @Test
    void verifyWhenFirstCalledThenDiscoveryAndKeysAreFetchedOnce() {
        var first = new ArrayList<CompletableFuture<?>>();
        for (int i = 0; i < 16; i++) {
            first.add(verifier.verify(token(i)));
        }
        first.forEach(CompletableFuture::join);

        assertThat(logto.count("GET", FakeLogto.DISCOVERY_PATH)).isEqualTo(1);
        assertThat(jwksRequests()).isEqualTo(1);
    }

    @Test
    void verifyWhenTheProviderRotatesItsKeyThenOneRefetchAcceptsTheNewKey() {
        verifier.verify(token(0)).join();
        EllipticCurveJsonWebKey next = TestKeys.es384("es384-next");
        logto.publishKeys(TestKeys.ES384, next);
        logto.clock().advance(Duration.ofMinutes(1));

        assertThat(verifier.verify(tokens.logtoAccessToken(API, "read:data").signedWith(next)).join())
                .containsEntry("aud", API);
        assertThat(jwksRequests()).isEqualTo(2);
    }

    @Test
    void verifyWhenManyTokensNameUnknownKeysThenTheRefetchIsRateLimited() {
        verifier.verify(token(0)).join();
        logto.clock().advance(Duration.ofMinutes(1));

        for (int i = 0; i < 20; i++) {
            LogtoException e = Failures.of(verifier.verify(
                    tokens.logtoAccessToken(API, "read:data").signedWith(TestKeys.es384("made-up-" + i))));
            assertThat(e.code()).isEqualTo(LogtoException.Code.ACCESS_TOKEN_SIGNATURE_INVALID);
        }

        assertThat(jwksRequests()).as("one refetch in the interval").isEqualTo(2);
    }

    @Test
    void providerSettingsOfAConfigCarryItsEndpointAndDurations() {
        var config = logto.configBuilder().clockSkew(Duration.ofSeconds(5)).build();
        var settings = ProviderSettings.of(config);

        assertThat(settings.issuer()).isEqualTo(config.issuer());
        assertThat(settings.discoveryUri()).isEqualTo(config.discoveryUri());
        assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ProviderSettings.forEndpoint("HTTPS://Tenant.Logto.app/").issuer())
                .isEqualTo("https://tenant.logto.app/oidc");
        assertThat(Failures.ofCall(() -> ProviderSettings.forEndpoint("ftp://x")).code())
                .isEqualTo(LogtoException.Code.INVALID_CONFIG);
    }
}
