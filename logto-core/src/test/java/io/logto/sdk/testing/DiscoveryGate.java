package io.logto.sdk.testing;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Holds {@link FakeLogto}'s discovery responses while the test keeps the gate closed, so that "both
 * callers were past their synchronous checks before the provider answered" is a fact, not a timing
 * hope. Open (holding nothing) until {@link #close()}.
 */
public final class DiscoveryGate implements ServeEventListener {
    private volatile CountDownLatch open = new CountDownLatch(0);
    private final Semaphore arrived = new Semaphore(0);

    /** From now on, discovery responses wait for {@link #open()}. */
    public void close() {
        arrived.drainPermits();
        open = new CountDownLatch(1);
    }

    /** Lets the held responses (and all later ones) go. */
    public void open() {
        open.countDown();
    }

    /** Returns once a discovery request is being held (fails the test after 20 s). */
    public void awaitRequest() throws InterruptedException {
        if (!arrived.tryAcquire(20, TimeUnit.SECONDS)) {
            throw new AssertionError("no discovery request arrived");
        }
    }

    @Override
    public void beforeResponseSent(ServeEvent event, Parameters parameters) {
        if (event.getRequest().getUrl().startsWith(FakeLogto.DISCOVERY_PATH)) {
            arrived.release();
            try {
                open.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String getName() {
        return "logto-discovery-gate";
    }
}
