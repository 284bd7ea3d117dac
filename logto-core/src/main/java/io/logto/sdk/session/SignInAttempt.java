package io.logto.sdk.session;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One pending sign-in, stored between {@code signIn} and the callback. Holds secrets: its
 * {@link #toString()} shows none of them.
 *
 * @param state        the {@code state} sent to Logto; the callback must return it
 * @param redirectUri  the redirect URI sent to Logto; the callback must arrive there
 * @param codeVerifier the PKCE verifier (secret)
 * @param nonce        the nonce the ID token must carry
 * @param createdAt    when the attempt started, in epoch seconds
 * @param startedByApp whether a page of the app (or the user) started it, rather than another site
 *                     or someone unknown: only such an attempt may push out another pending one
 * @param maxAge       the {@code max_age} (seconds) the authorization request asked for, or
 *                     {@code null}; the ID token's {@code auth_time} must then be recent enough
 */
public record SignInAttempt(String state, String redirectUri, String codeVerifier, String nonce, long createdAt,
                            boolean startedByApp, Long maxAge) {
    /**
     * An attempt started by the app, without {@code max_age}.
     *
     * @param state        the {@code state} sent to Logto; the callback must return it
     * @param redirectUri  the redirect URI sent to Logto; the callback must arrive there
     * @param codeVerifier the PKCE verifier (secret)
     * @param nonce        the nonce the ID token must carry
     * @param createdAt    when the attempt started, in epoch seconds
     */
    public SignInAttempt(String state, String redirectUri, String codeVerifier, String nonce, long createdAt) {
        this(state, redirectUri, codeVerifier, nonce, createdAt, true, null);
    }

    /**
     * An attempt without {@code max_age}.
     *
     * @param state        the {@code state} sent to Logto; the callback must return it
     * @param redirectUri  the redirect URI sent to Logto; the callback must arrive there
     * @param codeVerifier the PKCE verifier (secret)
     * @param nonce        the nonce the ID token must carry
     * @param createdAt    when the attempt started, in epoch seconds
     * @param startedByApp whether a page of the app (or the user) started it
     */
    public SignInAttempt(String state, String redirectUri, String codeVerifier, String nonce, long createdAt,
                         boolean startedByApp) {
        this(state, redirectUri, codeVerifier, nonce, createdAt, startedByApp, null);
    }

    /**
     * Checks that no field is missing. {@code maxAge} is a nullable {@code Long} rather than an
     * optional because this record is persisted as JSON; an attempt stored before
     * {@code startedByApp} existed reads as not started by the app.
     *
     * @param state        the {@code state} sent to Logto; the callback must return it
     * @param redirectUri  the redirect URI sent to Logto; the callback must arrive there
     * @param codeVerifier the PKCE verifier (secret)
     * @param nonce        the nonce the ID token must carry
     * @param createdAt    when the attempt started, in epoch seconds
     * @param startedByApp whether a page of the app (or the user) started it
     * @param maxAge       the {@code max_age} (seconds) the authorization request asked for, or {@code null}
     */
    public SignInAttempt {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        Objects.requireNonNull(nonce, "nonce");
    }

    /**
     * The {@code max_age} the sign-in sent, for checking the ID token's {@code auth_time}.
     *
     * @return the seconds; empty when the sign-in sent none
     */
    public OptionalLong maxAgeSeconds() {
        return maxAge == null ? OptionalLong.empty() : OptionalLong.of(maxAge);
    }

    @Override
    public String toString() {
        return "SignInAttempt{redirectUri=" + redirectUri + ", createdAt=" + createdAt
                + ", startedByApp=" + startedByApp + "}";
    }
}
