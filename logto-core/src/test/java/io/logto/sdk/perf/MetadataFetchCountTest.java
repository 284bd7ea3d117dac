package io.logto.sdk.perf;

import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoException;
import io.logto.sdk.oidc.OidcCore;
import io.logto.sdk.storage.MemoryStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static com.github.tomakehurst.wiremock.http.RequestMethod.GET;
import static io.logto.sdk.perf.PerfProvider.DISCOVERY;
import static io.logto.sdk.perf.PerfProvider.JWKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery and JWKS are fetched once per {@link OidcCore}, then only when their lifetime ends or a new kid appears. */
class MetadataFetchCountTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private PerfProvider provider;

    @BeforeEach
    void start() {
        provider = new PerfProvider(clock);
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    @Test
    void manyClientsSharingOneCoreFetchDiscoveryAndJwksOnce() {
        OidcCore core = provider.core();
        for (int i = 0; i < 25; i++) {
            provider.signIn(new LogtoClient(core, new MemoryStorage()));
        }

        assertThat(provider.count(GET, DISCOVERY)).isEqualTo(1);
        assertThat(provider.count(GET, JWKS)).isEqualTo(1);
    }

    @Test
    void concurrentFirstCallsShareOneDiscoveryFetch() throws Exception {
        OidcCore core = provider.core();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var futures = new ArrayList<CompletableFuture<String>>();
            for (int i = 0; i < 32; i++) {
                futures.add(CompletableFuture.supplyAsync(
                        () -> new LogtoClient(core, new MemoryStorage()).signIn(PerfProvider.REDIRECT_URI).join(), pool));
            }
            futures.forEach(CompletableFuture::join);
        } finally {
            pool.shutdownNow();
        }

        assertThat(provider.count(GET, DISCOVERY)).isEqualTo(1);
    }

    @Test
    void creatingAClientPerRequestMakesNoRequest() {
        OidcCore core = provider.core();
        provider.signIn(new LogtoClient(core, new MemoryStorage()));
        int before = provider.total();

        for (int i = 0; i < 1000; i++) {
            new LogtoClient(core, new MemoryStorage()).isAuthenticated().join();
        }

        assertThat(provider.total()).isEqualTo(before);
    }

    @Test
    void discoveryIsFetchedAgainOnlyWhenItsLifetimeEnds() {
        OidcCore core = provider.core(provider.config(b -> b.metadataCacheTtl(Duration.ofHours(1))));
        var client = new LogtoClient(core, new MemoryStorage());
        client.signIn(PerfProvider.REDIRECT_URI).join();

        clock.advance(Duration.ofMinutes(59));
        client.signIn(PerfProvider.REDIRECT_URI).join();
        assertThat(provider.count(GET, DISCOVERY)).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        client.signIn(PerfProvider.REDIRECT_URI).join();
        client.signIn(PerfProvider.REDIRECT_URI).join();
        assertThat(provider.count(GET, DISCOVERY)).isEqualTo(2);
    }

    @Test
    void jwksIsFetchedAgainOnlyWhenItsLifetimeEnds() {
        OidcCore core = provider.core(provider.config(b -> b.metadataCacheTtl(Duration.ofHours(1))));
        core.idTokens().verifyAfterSignIn(provider.idToken("n"), "n").join();

        clock.advance(Duration.ofMinutes(59));
        core.idTokens().verifyAfterSignIn(provider.idToken("n"), "n").join();
        assertThat(provider.count(GET, JWKS)).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        core.idTokens().verifyAfterSignIn(provider.idToken("n"), "n").join();
        core.idTokens().verifyAfterSignIn(provider.idToken("n"), "n").join();
        assertThat(provider.count(GET, JWKS)).isEqualTo(2);
    }

    @Test
    void aRotatedKeyCausesExactlyOneJwksFetch() {
        OidcCore core = provider.core();
        core.idTokens().verifyAfterSignIn(provider.idToken("n"), "n").join();
        clock.advance(Duration.ofMinutes(10)); // keys rotate long after the first fetch
        var rotated = PerfProvider.newKey("perf-key-2");
        provider.publishKeys(rotated);

        for (int i = 0; i < 10; i++) {
            core.idTokens().verifyAfterSignIn(provider.idToken(rotated, "n"), "n").join();
        }

        assertThat(provider.count(GET, JWKS)).isEqualTo(2);
    }

    @Test
    void anUnknownKeyIdRightAfterAFetchCausesNoFetch() {
        OidcCore core = provider.core(provider.config(b -> b.jwksRefetchInterval(Duration.ofSeconds(30))));
        core.idTokens().verifyAfterSignIn(provider.idToken("n"), "n").join();

        assertThatThrownBy(() -> core.idTokens().verifyAfterSignIn(provider.idToken(PerfProvider.newKey("made-up"), "n"), "n")
                .join()).hasCauseInstanceOf(LogtoException.class);

        assertThat(provider.count(GET, JWKS)).isEqualTo(1);
    }

    @Test
    void unknownKeyIdsRefetchJwksAtMostOncePerInterval() {
        OidcCore core = provider.core(provider.config(b -> b.jwksRefetchInterval(Duration.ofSeconds(30))));
        core.idTokens().verifyAfterSignIn(provider.idToken("n"), "n").join();
        clock.advance(Duration.ofSeconds(31)); // the first fetch no longer counts against the interval
        var forger = PerfProvider.newKey("made-up");

        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> core.idTokens().verifyAfterSignIn(provider.idToken(forger, "n"), "n").join())
                    .hasCauseInstanceOf(LogtoException.class);
        }
        assertThat(provider.count(GET, JWKS)).isEqualTo(2);

        clock.advance(Duration.ofSeconds(31));
        assertThatThrownBy(() -> core.idTokens().verifyAfterSignIn(provider.idToken(forger, "n"), "n").join())
                .hasCauseInstanceOf(LogtoException.class);
        assertThat(provider.count(GET, JWKS)).isEqualTo(3);
    }
}
