package io.logto.sdk;

import io.logto.sdk.testing.FakeLogto;
import io.logto.testing.MutableClock;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import io.logto.sdk.storage.MemoryStorage;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery and JWKS are fetched once per {@link OidcCore}, then only when their lifetime ends or a new kid appears. */
class MetadataFetchCountTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private FakeLogto logto;

    @BeforeEach
    void start() {
        logto = new FakeLogto(clock);
    }

    @AfterEach
    void stop() {
        logto.close();
    }

    /** An ID token for the nonce {@code n}, signed with {@code key}. */
    private String idToken(PublicJsonWebKey key) {
        return logto.tokens().idToken().claim("nonce", "n").signedWith(key);
    }

    @Test
    void manyClientsSharingOneCoreFetchDiscoveryAndJwksOnce() {
        OidcCore core = logto.core();
        for (int i = 0; i < 25; i++) {
            logto.signInWithOwnCode(new LogtoClient(core, new MemoryStorage()), Map.of());
        }

        assertThat(logto.count("GET", FakeLogto.DISCOVERY_PATH)).isEqualTo(1);
        assertThat(logto.count("GET", FakeLogto.JWKS_PATH)).isEqualTo(1);
    }

    @Test
    void concurrentFirstCallsShareOneDiscoveryFetch() throws Exception {
        OidcCore core = logto.core();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var futures = new ArrayList<CompletableFuture<String>>();
            for (int i = 0; i < 32; i++) {
                futures.add(CompletableFuture.supplyAsync(
                        () -> new LogtoClient(core, new MemoryStorage()).signIn(FakeLogto.REDIRECT_URI).join(), pool));
            }
            futures.forEach(CompletableFuture::join);
        } finally {
            pool.shutdownNow();
        }

        assertThat(logto.count("GET", FakeLogto.DISCOVERY_PATH)).isEqualTo(1);
    }

    @Test
    void creatingAClientPerRequestMakesNoRequest() {
        OidcCore core = logto.core();
        logto.signInWithOwnCode(new LogtoClient(core, new MemoryStorage()), Map.of());
        int before = logto.requestCount();

        for (int i = 0; i < 1000; i++) {
            new LogtoClient(core, new MemoryStorage()).isAuthenticated().join();
        }

        assertThat(logto.requestCount()).isEqualTo(before);
    }

    @Test
    void discoveryIsFetchedAgainOnlyWhenItsLifetimeEnds() {
        OidcCore core = logto.core(logto.configBuilder().metadataCacheTtl(Duration.ofHours(1)).build());
        var client = new LogtoClient(core, new MemoryStorage());
        client.signIn(FakeLogto.REDIRECT_URI).join();

        clock.advance(Duration.ofMinutes(59));
        client.signIn(FakeLogto.REDIRECT_URI).join();
        assertThat(logto.count("GET", FakeLogto.DISCOVERY_PATH)).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        client.signIn(FakeLogto.REDIRECT_URI).join();
        client.signIn(FakeLogto.REDIRECT_URI).join();
        assertThat(logto.count("GET", FakeLogto.DISCOVERY_PATH)).isEqualTo(2);
    }

    @Test
    void jwksIsFetchedAgainOnlyWhenItsLifetimeEnds() {
        OidcCore core = logto.core(logto.configBuilder().metadataCacheTtl(Duration.ofHours(1)).build());
        core.idTokens().verifyAfterSignIn(idToken(TestKeys.ES384), "n").join();

        clock.advance(Duration.ofMinutes(59));
        core.idTokens().verifyAfterSignIn(idToken(TestKeys.ES384), "n").join();
        assertThat(logto.count("GET", FakeLogto.JWKS_PATH)).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        core.idTokens().verifyAfterSignIn(idToken(TestKeys.ES384), "n").join();
        core.idTokens().verifyAfterSignIn(idToken(TestKeys.ES384), "n").join();
        assertThat(logto.count("GET", FakeLogto.JWKS_PATH)).isEqualTo(2);
    }

    @Test
    void aRotatedKeyCausesExactlyOneJwksFetch() {
        OidcCore core = logto.core();
        core.idTokens().verifyAfterSignIn(idToken(TestKeys.ES384), "n").join();
        clock.advance(Duration.ofMinutes(10)); // keys rotate long after the first fetch
        var rotated = TestKeys.es384("perf-key-2");
        logto.publishKeys(rotated);

        for (int i = 0; i < 10; i++) {
            core.idTokens().verifyAfterSignIn(idToken(rotated), "n").join();
        }

        assertThat(logto.count("GET", FakeLogto.JWKS_PATH)).isEqualTo(2);
    }

    @Test
    void anUnknownKeyIdRightAfterAFetchCausesNoFetch() {
        OidcCore core = logto.core(logto.configBuilder().jwksRefetchInterval(Duration.ofSeconds(30)).build());
        core.idTokens().verifyAfterSignIn(idToken(TestKeys.ES384), "n").join();

        assertThatThrownBy(() -> core.idTokens().verifyAfterSignIn(idToken(TestKeys.es384("made-up")), "n")
                .join()).hasCauseInstanceOf(LogtoException.class);

        assertThat(logto.count("GET", FakeLogto.JWKS_PATH)).isEqualTo(1);
    }

    @Test
    void unknownKeyIdsRefetchJwksAtMostOncePerInterval() {
        OidcCore core = logto.core(logto.configBuilder().jwksRefetchInterval(Duration.ofSeconds(30)).build());
        core.idTokens().verifyAfterSignIn(idToken(TestKeys.ES384), "n").join();
        clock.advance(Duration.ofSeconds(31)); // the first fetch no longer counts against the interval
        var forger = TestKeys.es384("made-up");

        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> core.idTokens().verifyAfterSignIn(idToken(forger), "n").join())
                    .hasCauseInstanceOf(LogtoException.class);
        }
        assertThat(logto.count("GET", FakeLogto.JWKS_PATH)).isEqualTo(2);

        clock.advance(Duration.ofSeconds(31));
        assertThatThrownBy(() -> core.idTokens().verifyAfterSignIn(idToken(forger), "n").join())
                .hasCauseInstanceOf(LogtoException.class);
        assertThat(logto.count("GET", FakeLogto.JWKS_PATH)).isEqualTo(3);
    }
}
