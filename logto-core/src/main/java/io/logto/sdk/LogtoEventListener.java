package io.logto.sdk;

/**
 * Hears what happens in the flows of one {@link OidcCore}, for metrics, audit logs or alerts: the
 * one seam where monitoring plugs in, so that the core depends on no metrics library. Every method
 * has an empty default; implement the ones you need and set the listener with
 * {@link OidcCore.Builder#eventListener(LogtoEventListener)}.
 *
 * <pre>{@code
 * OidcCore core = OidcCore.builder(config)
 *         .eventListener(new LogtoEventListener() {
 *             @Override public void signInFailed(LogtoException.Code code) {
 *                 failures.computeIfAbsent(code, c -> new LongAdder()).increment();
 *             }
 *         })
 *         .build();
 * }</pre>
 *
 * <p>The events carry no token, user id or other personal data: only what a counter needs.
 *
 * <p><b>Thread safety:</b> the methods are called on whichever thread finishes the step — a
 * request thread, or a thread of the HTTP client — often on many threads at once, so an
 * implementation must be thread-safe. It should also be quick and must not block: it runs inside
 * the flow. An exception it throws is logged (at {@code WARNING}, its class name only) and
 * ignored; it never changes the outcome of a flow.
 */
public interface LogtoEventListener {
    /** A listener that does nothing: the default of every core. */
    LogtoEventListener NONE = new LogtoEventListener() {
    };

    /**
     * A sign-in completed: the callback's code was exchanged, the ID token verified and the
     * session stored ({@link LogtoClient#handleSignInCallback}).
     */
    default void signInCompleted() {
    }

    /**
     * A sign-in callback was refused or could not be completed ({@link LogtoClient#handleSignInCallback}
     * failed).
     *
     * @param code why, e.g. {@link LogtoException.Code#CALLBACK_STATE_MISMATCH} or
     *             {@link LogtoException.Code#TOKEN_REQUEST_FAILED}
     */
    default void signInFailed(LogtoException.Code code) {
    }

    /**
     * A refresh-token grant succeeded: new tokens came from Logto. Once per request sent, however
     * many callers shared it (concurrent refreshes of one token share one request).
     */
    default void tokenRefreshed() {
    }

    /**
     * A refresh-token grant failed, once per request sent.
     *
     * @param code {@link LogtoException.Code#REFRESH_TOKEN_INVALID} when Logto refused it for good
     *             (the session is over), else the transient failure, e.g.
     *             {@link LogtoException.Code#TOKEN_REQUEST_FAILED}
     */
    default void refreshFailed(LogtoException.Code code) {
    }

    /**
     * A back-channel logout token was verified and accepted ({@link BackChannelLogout#verify}): a
     * user's Logto session ended.
     */
    default void backChannelLogout() {
    }
}
