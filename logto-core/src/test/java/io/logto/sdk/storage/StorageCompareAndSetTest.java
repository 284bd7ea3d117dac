package io.logto.sdk.storage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The default compare-and-set of {@link Storage}: correct among the threads of one JVM, and says it is no more. */
class StorageCompareAndSetTest {
    @Test
    void compareAndSetWhenTheValueIsExpectedThenReplacedElseUnchanged() {
        var storage = new MemoryStorage();

        assertThat(storage.compareAndSet("k", null, "a")).isTrue();
        assertThat(storage.compareAndSet("k", null, "b")).isFalse();
        assertThat(storage.compareAndSet("k", "x", "b")).isFalse();
        assertThat(storage.get("k")).isEqualTo("a");
        assertThat(storage.compareAndSet("k", "a", "b")).isTrue();
        assertThat(storage.compareAndSet("k", "b", null)).isTrue();
        assertThat(storage.get("k")).isNull();
    }

    @Test
    void compareAndSetWhenManyThreadsRaceThenExactlyOneWinsEachRound() throws Exception {
        var storage = new MemoryStorage();
        var pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                String expected = round == 0 ? null : "round-" + (round - 1);
                var start = new CountDownLatch(1);
                var wins = new AtomicInteger();
                var futures = new ArrayList<Future<?>>();
                for (int t = 0; t < 8; t++) {
                    String value = "round-" + round;
                    futures.add(pool.submit(() -> {
                        start.await();
                        if (storage.compareAndSet("lease", expected, value)) {
                            wins.incrementAndGet();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (var f : futures) {
                    f.get();
                }
                assertThat(wins.get()).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void storagesWithoutTheirOwnCompareAndSetDoNotClaimToCoordinateProcesses() {
        assertThat(new MemoryStorage().isAtomicAcrossProcesses()).isFalse();
        assertThat(new SessionStorage(new MapAttributes()).isAtomicAcrossProcesses()).isFalse();
    }

    private static final class MapAttributes implements SessionStorage.Attributes {
        private final java.util.Map<String, String> values = new java.util.HashMap<>();

        @Override
        public String getAttribute(String name) {
            return values.get(name);
        }

        @Override
        public void setAttribute(String name, String value) {
            values.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            values.remove(name);
        }
    }
}
