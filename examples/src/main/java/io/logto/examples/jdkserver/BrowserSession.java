package io.logto.examples.jdkserver;

import io.logto.sdk.storage.Storage;

/**
 * One browser's session as the routes use it, wherever it lives: on this server
 * ({@link CookieSessionStore}, behind a random id in a cookie) or in the browser
 * ({@link EncryptedCookieSession}, encrypted cookies that any node with the keys can read).
 * One per request.
 */
interface BrowserSession {
    /** Where the SDK keeps the session's Logto values. */
    Storage storage();

    /** The session's anti-forgery token, created when there is none (pages put it in their forms). */
    String csrfToken();

    /** Whether {@code candidate} is this session's anti-forgery token (constant time). */
    boolean isCsrfToken(String candidate);

    /** Once the user is signed in: a new session id and anti-forgery token (against session fixation). */
    void markSignedIn();

    /** Forgets the session and deletes its cookie. */
    void invalidate();
}
