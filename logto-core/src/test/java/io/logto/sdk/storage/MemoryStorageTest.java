package io.logto.sdk.storage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryStorageTest {
    @Test
    void setWhenCalledThenGetReturnsIt() {
        var storage = new MemoryStorage();
        storage.set("k", "v");

        assertThat(storage.get("k")).isEqualTo("v");
        assertThat(storage.get("other")).isNull();
    }

    @Test
    void setWhenNullThenDeleted() {
        var storage = new MemoryStorage();
        storage.set("k", "v");

        storage.set("k", null);

        assertThat(storage.get("k")).isNull();
    }

    @Test
    void deleteWhenMissingThenNothingHappens() {
        var storage = new MemoryStorage();
        storage.delete("k");
        storage.set("k", "v");
        storage.delete("k");

        assertThat(storage.get("k")).isNull();
    }

    @Test
    void toStringWhenValuesStoredThenShowsOnlyKeys() {
        var storage = new MemoryStorage();
        storage.set("refreshToken", "secret-refresh-value");

        assertThat(storage.toString()).contains("refreshToken").doesNotContain("secret-refresh-value");
    }

    @Test
    void setWhenManyThreadsThenNothingLost() throws Exception {
        var storage = new MemoryStorage();
        var pool = Executors.newFixedThreadPool(16);
        var gate = new CountDownLatch(1);
        var futures = new ArrayList<Future<?>>();
        try {
            for (int t = 0; t < 16; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    gate.await();
                    for (int i = 0; i < 500; i++) {
                        storage.set(id + "-" + i, "v");
                    }
                    return null;
                }));
            }
            gate.countDown();
            for (var f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        for (int t = 0; t < 16; t++) {
            for (int i = 0; i < 500; i++) {
                assertThat(storage.get(t + "-" + i)).isEqualTo("v");
            }
        }
    }
}
