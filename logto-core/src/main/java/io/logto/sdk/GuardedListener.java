package io.logto.sdk;

import java.util.function.Consumer;

/**
 * The application's {@link LogtoEventListener} as the flows call it: an exception it throws is
 * logged and ignored, so that monitoring can never change a flow's outcome. Thread-safe as the
 * listener is.
 */
final class GuardedListener implements LogtoEventListener {
    private static final System.Logger LOG = System.getLogger(LogtoEventListener.class.getName());

    private final LogtoEventListener listener;

    private GuardedListener(LogtoEventListener listener) {
        this.listener = listener;
    }

    /** {@code listener}, guarded (once). */
    static LogtoEventListener of(LogtoEventListener listener) {
        return listener instanceof GuardedListener || listener == NONE ? listener : new GuardedListener(listener);
    }

    @Override
    public void signInCompleted() {
        call("signInCompleted", LogtoEventListener::signInCompleted);
    }

    @Override
    public void signInFailed(LogtoException.Code code) {
        call("signInFailed", l -> l.signInFailed(code));
    }

    @Override
    public void tokenRefreshed() {
        call("tokenRefreshed", LogtoEventListener::tokenRefreshed);
    }

    @Override
    public void refreshFailed(LogtoException.Code code) {
        call("refreshFailed", l -> l.refreshFailed(code));
    }

    @Override
    public void backChannelLogout() {
        call("backChannelLogout", LogtoEventListener::backChannelLogout);
    }

    private void call(String event, Consumer<LogtoEventListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            // The class name only: a message might quote what the listener was handling.
            LOG.log(System.Logger.Level.WARNING, "LogtoEventListener.{0} threw {1}; ignored", event,
                    e.getClass().getName());
        }
    }

    @Override
    public String toString() {
        return "GuardedListener{" + listener.getClass().getName() + "}";
    }
}
