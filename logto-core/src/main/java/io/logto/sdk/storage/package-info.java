/**
 * Where a user's session lives: the {@link io.logto.sdk.storage.Storage} seam and its
 * implementations in memory ({@link io.logto.sdk.storage.MemoryStorage}), in a file
 * ({@link io.logto.sdk.storage.FileStorage}) and on any web framework's session attributes
 * ({@link io.logto.sdk.storage.SessionStorage}; the servlet adapter's {@code HttpSessionStorage} is
 * one). Knows nothing of the provider.
 */
package io.logto.sdk.storage;
