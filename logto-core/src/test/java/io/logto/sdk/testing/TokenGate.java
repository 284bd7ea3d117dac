package io.logto.sdk.testing;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds refresh responses of {@link FakeLogto}'s token endpoint while the test keeps the gate closed,
 * so that "all callers joined while the refresh was in flight" is a fact, not a timing hope. Open
 * (holding nothing) until {@link #close()}.
 */
public final class TokenGate implements ServeEventListener {
    private volatile CountDownLatch open = new CountDownLatch(0);
    private final AtomicInteger held = new AtomicInteger();

    /** From now on, refresh responses wait for {@link #open()}. */
    public void close() {
        held.set(0);
        open = new CountDownLatch(1);
    }

    /** Lets the held responses (and all later ones) go. */
    public void open() {
        open.countDown();
    }

    /**
     * Lets the held responses go and holds the ones that arrive from now on: a refresh that can only
     * start after a held one was answered is held in its turn, whatever the timing.
     */
    public void passHeldAndCloseAgain() {
        CountDownLatch passing = open;
        held.set(0);
        open = new CountDownLatch(1);
        passing.countDown();
    }

    /** Refresh requests that arrived since {@link #close()}. */
    public int held() {
        return held.get();
    }

    @Override
    public void beforeResponseSent(ServeEvent event, Parameters parameters) {
        if (event.getRequest().getUrl().startsWith("/oidc/token")
                && event.getRequest().getBodyAsString().contains("grant_type=refresh_token")) {
            held.incrementAndGet();
            try {
                open.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String getName() {
        return "logto-token-gate";
    }
}
