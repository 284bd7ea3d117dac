package io.logto.sdk.servlet;

import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PendingReturnPaths} alone, on an in-memory session: a return path is kept only for a
 * well-formed state of a pending sign-in, only when safe, given back once, and forgotten with the
 * sign-in — so the stored lines can never be bent into a redirect elsewhere or grow without bound.
 */
class PendingReturnPathsTest {
    private static final String KEY = "logto." + PendingReturnPaths.KEY;
    /** Nothing listens there: nothing here asks Logto. */
    private static final LogtoWeb WEB = LogtoWeb.create(LogtoServletConfig.builder(
            LogtoConfig.builder().endpoint("http://127.0.0.1:9").appId("app-1").build(), "https://app.example.com")
            .build());

    private final FakeRequests.Request request = new FakeRequests.Request();

    /** Sign-ins with these states pending in the session, as the SDK stores them. */
    private LogtoClient pending(String... states) {
        request.proxy.getSession(true);
        var attempts = new ArrayList<String>();
        for (String state : states) {
            attempts.add("{\"state\":\"" + state + "\",\"redirectUri\":\"https://app.example.com/callback\","
                    + "\"codeVerifier\":\"v\",\"nonce\":\"n\",\"createdAt\":" + Instant.now().getEpochSecond() + "}");
        }
        request.attributes.put("logto.signInSession", "[" + String.join(",", attempts) + "]");
        return WEB.client(request.proxy);
    }

    @Test
    void rememberedPathIsGivenBackOnceForItsStateOnly() {
        LogtoClient client = pending("s-1", "s-2");
        PendingReturnPaths.remember(request.proxy, client, "s-1", "/orders");
        PendingReturnPaths.remember(request.proxy, client, "s-2", "/cart");

        assertThat(PendingReturnPaths.take(request.proxy, "s-3")).isEmpty();
        assertThat(PendingReturnPaths.take(request.proxy, "s-2")).contains("/cart");
        assertThat(PendingReturnPaths.take(request.proxy, "s-2")).as("given once").isEmpty();
        assertThat(request.attributes).containsEntry(KEY, "s-1 /orders");
        assertThat(PendingReturnPaths.take(request.proxy, "s-1")).contains("/orders");
        assertThat(request.attributes).as("nothing left, nothing kept").doesNotContainKey(KEY);
    }

    @Test
    void rememberWhenTheStateIsMissingEmptyOrHoldsWhitespaceThenNothingIsStored() {
        // A state with a space would split the "<state> <path>" line somewhere else.
        LogtoClient client = pending("s-1");

        PendingReturnPaths.remember(request.proxy, client, null, "/a");
        PendingReturnPaths.remember(request.proxy, client, "", "/a");
        PendingReturnPaths.remember(request.proxy, client, "s-1 /evil", "/a");
        PendingReturnPaths.remember(request.proxy, client, "s-1\t", "/a");

        assertThat(request.attributes).doesNotContainKey(KEY);
    }

    @Test
    void rememberWhenThePathIsUnsafeThenNothingIsStored() {
        LogtoClient client = pending("s-1");

        PendingReturnPaths.remember(request.proxy, client, "s-1", "//evil.example");
        PendingReturnPaths.remember(request.proxy, client, "s-1", "https://evil.example/");

        assertThat(request.attributes).doesNotContainKey(KEY);
        assertThat(PendingReturnPaths.take(request.proxy, "s-1")).isEmpty();
    }

    @Test
    void takeWhenTheStateIsMissingOrEmptyThenNothingAndNoSessionIsCreated() {
        assertThat(PendingReturnPaths.take(request.proxy, null)).isEmpty();
        assertThat(PendingReturnPaths.take(request.proxy, "")).isEmpty();
        assertThat(request.session.get()).isNull();
    }

    @Test
    void takeWhenTheStoredPathWasTamperedToAnUnsafeOneThenNothingIsGivenBack() {
        request.proxy.getSession(true);
        request.attributes.put(KEY, "s-1 //evil.example");

        assertThat(PendingReturnPaths.take(request.proxy, "s-1")).isEmpty();
        assertThat(request.attributes).doesNotContainKey(KEY);
    }

    @Test
    void takeDropsMalformedLinesSoTheyAreNeverKept() {
        request.proxy.getSession(true);
        request.attributes.put(KEY, "no-space\n /starts-with-space\n\ns-1 /orders");

        assertThat(PendingReturnPaths.take(request.proxy, "s-1")).contains("/orders");
        assertThat(request.attributes).doesNotContainKey(KEY);
    }

    @Test
    void rememberForgetsThePathsOfSignInsNoLongerPending() {
        request.proxy.getSession(true);
        request.attributes.put(KEY, "gone-1 /old\ns-1 /kept\ngone-2 /older");
        LogtoClient client = pending("s-1", "s-2");

        PendingReturnPaths.remember(request.proxy, client, "s-2", "/new");

        assertThat(request.attributes).containsEntry(KEY, "s-1 /kept\ns-2 /new");
    }

    @Test
    void rememberKeepsAtMostOnePathPerPossiblePendingSignInNewestLast() {
        int max = LogtoClient.MAX_PENDING_SIGN_INS;
        var states = new ArrayList<String>();
        for (int i = 0; i <= max; i++) {
            states.add("s-" + i);
        }
        LogtoClient client = pending(states.toArray(String[]::new));

        for (String state : states) {
            PendingReturnPaths.remember(request.proxy, client, state, "/p/" + state);
        }

        List<String> lines = List.of(((String) request.attributes.get(KEY)).split("\n"));
        assertThat(lines).hasSize(max).first().isEqualTo("s-1 /p/s-1");
        assertThat(lines).last().isEqualTo("s-" + max + " /p/s-" + max);
        assertThat(PendingReturnPaths.take(request.proxy, "s-0")).as("the oldest was pushed out").isEmpty();
    }

    @Test
    void clearForgetsEveryRememberedPath() {
        request.proxy.getSession(true);
        request.attributes.put(KEY, "s-1 /a\ns-2 /b");

        PendingReturnPaths.clear(request.proxy);

        assertThat(request.attributes).doesNotContainKey(KEY);
        assertThat(PendingReturnPaths.take(request.proxy, "s-1")).isEmpty();
    }
}
