/**
 * Where a user's session lives: the {@link io.logto.sdk.storage.Storage} seam and its
 * implementations in memory ({@link io.logto.sdk.storage.MemoryStorage}), in a file
 * ({@link io.logto.sdk.storage.FileStorage}) and on any web framework's session attributes
 * ({@link io.logto.sdk.storage.SessionStorage}; the servlet adapter's {@code HttpSessionStorage} is
 * one), and in the browser, in encrypted cookies ({@link io.logto.sdk.storage.CookieStorage} over
 * {@link io.logto.sdk.storage.EncryptedCookies}, keys in {@link io.logto.sdk.storage.CookieKeys}).
 * What a storage must provide for the nodes of an app to refresh each session once: see
 * {@link io.logto.sdk.storage.Storage}. Knows nothing of the provider.
 */
package io.logto.sdk.storage;
