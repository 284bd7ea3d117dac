package io.logto.sdk;

import java.util.Objects;

/**
 * A started sign-in, as {@link LogtoClient#startSignIn(SignInOptions)} returns it: the URL to send
 * the browser to, and the sign-in's {@code state}. The callback carries the same {@code state} back,
 * so a web adapter can key what it keeps for one sign-in (where to return afterwards) by it without
 * parsing the URL. The state is already in the URL the browser gets; the sign-in's secrets (PKCE
 * verifier, nonce) are not here. Immutable and thread-safe.
 *
 * @param url   the authorization URL to redirect the browser to
 * @param state the sign-in's {@code state} parameter
 */
public record SignInRedirect(String url, String state) {
    /**
     * Checks that both are present.
     *
     * @param url   the authorization URL to redirect the browser to
     * @param state the sign-in's {@code state} parameter
     */
    public SignInRedirect {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
    }
}
