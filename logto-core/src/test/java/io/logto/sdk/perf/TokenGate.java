package io.logto.sdk.perf;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds refresh responses of the token endpoint until the test opens the gate, so that "all callers
 * joined while the refresh was in flight" is a fact, not a timing hope.
 */
final class TokenGate implements ServeEventListener {
    private volatile CountDownLatch open = new CountDownLatch(0);
    private final AtomicInteger held = new AtomicInteger();

    /** From now on, refresh responses wait for {@link #open()}. */
    void close() {
        held.set(0);
        open = new CountDownLatch(1);
    }

    void open() {
        open.countDown();
    }

    /** Refresh requests that arrived since {@link #close()}. */
    int held() {
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
        return "perf-token-gate";
    }
}
