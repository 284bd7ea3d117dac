package io.logto.spring;

import io.logto.sdk.LogtoEventListener;
import io.logto.sdk.LogtoException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.Supplier;

/**
 * Counts Logto's events in Micrometer (Prometheus names in brackets):
 * <ul>
 *   <li>{@value #SIGN_INS} ({@code logto_sign_ins_total}), tags {@code outcome} = {@code completed} or
 *       {@code failed} and {@code code} = the {@link LogtoException.Code} of a failure ({@code none});</li>
 *   <li>{@value #REFRESHES} ({@code logto_token_refreshes_total}), tags {@code outcome} =
 *       {@code refreshed} or {@code failed} and {@code code}: one per refresh request sent to Logto;</li>
 *   <li>{@value #BACK_CHANNEL_LOGOUTS} ({@code logto_back_channel_logouts_total}): accepted logout tokens.</li>
 * </ul>
 * No tag carries a user, a token or a URL, so the number of series stays small.
 *
 * <p>Thread-safe: Micrometer's registries and counters are.
 */
public final class LogtoMicrometerListener implements LogtoEventListener {
    /** The counter of sign-in callbacks. */
    public static final String SIGN_INS = "logto.sign_ins";
    /** The counter of refresh requests. */
    public static final String REFRESHES = "logto.token_refreshes";
    /** The counter of accepted back-channel logouts. */
    public static final String BACK_CHANNEL_LOGOUTS = "logto.back_channel_logouts";

    private final Supplier<MeterRegistry> registry;

    /**
     * A listener that counts in the registry {@code registry} gives at each event (the registry may
     * be made after the listener).
     *
     * @param registry gives the registry
     */
    public LogtoMicrometerListener(Supplier<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public void signInCompleted() {
        count(SIGN_INS, "completed", "none");
    }

    @Override
    public void signInFailed(LogtoException.Code code) {
        count(SIGN_INS, "failed", code.name());
    }

    @Override
    public void tokenRefreshed() {
        count(REFRESHES, "refreshed", "none");
    }

    @Override
    public void refreshFailed(LogtoException.Code code) {
        count(REFRESHES, "failed", code.name());
    }

    @Override
    public void backChannelLogout() {
        MeterRegistry meters = registry.get();
        if (meters != null) {
            Counter.builder(BACK_CHANNEL_LOGOUTS).description("Back-channel logouts accepted")
                    .register(meters).increment();
        }
    }

    private void count(String name, String outcome, String code) {
        MeterRegistry meters = registry.get();
        if (meters != null) {
            Counter.builder(name).tag("outcome", outcome).tag("code", code).register(meters).increment();
        }
    }

    @Override
    public String toString() {
        return "LogtoMicrometerListener";
    }
}
