package io.logto.sdk.session;

import java.util.Objects;

/**
 * One pending sign-in, stored between {@code signIn} and the callback. Holds secrets: its
 * {@link #toString()} shows none of them.
 *
 * @param state        the {@code state} sent to Logto; the callback must return it
 * @param redirectUri  the redirect URI sent to Logto; the callback must arrive there
 * @param codeVerifier the PKCE verifier (secret)
 * @param nonce        the nonce the ID token must carry
 * @param createdAt    when the attempt started, in epoch seconds
 */
public record SignInAttempt(String state, String redirectUri, String codeVerifier, String nonce, long createdAt) {
    /**
     * Checks that no field is missing.
     *
     * @param state        the {@code state} sent to Logto; the callback must return it
     * @param redirectUri  the redirect URI sent to Logto; the callback must arrive there
     * @param codeVerifier the PKCE verifier (secret)
     * @param nonce        the nonce the ID token must carry
     * @param createdAt    when the attempt started, in epoch seconds
     */
    public SignInAttempt {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        Objects.requireNonNull(nonce, "nonce");
    }

    @Override
    public String toString() {
        return "SignInAttempt{redirectUri=" + redirectUri + ", createdAt=" + createdAt + "}";
    }
}
