package io.logto.sdk;

import io.logto.sdk.testing.FakeLogto;
import io.logto.testing.MutableClock;
import io.logto.testing.TestKeys;
import io.logto.testing.TokenFactory;
import io.logto.sdk.storage.MemoryStorage;
import io.logto.sdk.storage.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stored ID token is decoded once per core, not once per request, and the cache stays bounded. */
class DecodedTokenCacheTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private FakeLogto logto;
    private OidcCore core;

    @BeforeEach
    void start() {
        logto = new FakeLogto(clock);
        core = logto.core();
    }

    @AfterEach
    void stop() {
        logto.close();
    }

    /** A sign-in whose ID token carries a nested claim, like Logto's {@code custom_data}. */
    private void signIn(LogtoClient client) {
        logto.signInWithOwnCode(client, Map.of("custom_data", Map.of("plan", "pro")));
    }

    @Test
    void getIdTokenClaimsDecodesTheStoredTokenOncePerCore() {
        Storage storage = new MemoryStorage();
        signIn(new LogtoClient(core, storage));
        IdTokenClaims first = new LogtoClient(core, storage).getIdTokenClaims();

        for (int i = 0; i < 100; i++) {
            assertThat(new LogtoClient(core, storage).getIdTokenClaims()).isSameAs(first);
        }
        assertThat(core.decodedTokens().size()).isEqualTo(1);
        assertThat(first.sub()).isEqualTo(TokenFactory.SUBJECT);
    }

    @Test
    void sharedClaimsCannotBeChangedByOneCaller() {
        Storage storage = new MemoryStorage();
        signIn(new LogtoClient(core, storage));
        IdTokenClaims claims = new LogtoClient(core, storage).getIdTokenClaims();

        assertThatThrownBy(() -> claims.extra().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> claims.aud().add("x")).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        var customData = (Map<String, Object>) claims.extra().get("custom_data");
        assertThat(customData).containsEntry("plan", "pro");
        assertThatThrownBy(() -> customData.put("plan", "free")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theCacheNeverHoldsMoreThanItsBound() {
        DecodedTokenCache cache = core.decodedTokens();
        for (int i = 0; i < DecodedTokenCache.MAX_ENTRIES * 3; i++) {
            cache.get("token-" + i, String.class, t -> t.toUpperCase());
        }
        assertThat(cache.size()).isLessThanOrEqualTo(DecodedTokenCache.MAX_ENTRIES);
    }

    @Test
    void aTokenThatCannotBeDecodedIsNotCached() {
        DecodedTokenCache cache = core.decodedTokens();
        assertThatThrownBy(() -> cache.get("bad", String.class, t -> {
            throw new IllegalArgumentException("bad");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(cache.size()).isZero();
    }
}
