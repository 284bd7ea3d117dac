/**
 * Internal, not exported: the shapes of a user's Logto session as they are persisted in a
 * {@link io.logto.sdk.storage.Storage}, and their JSON form, in one place:
 * {@link io.logto.sdk.session.UserSession} (the keys and how each is read and written),
 * {@link io.logto.sdk.session.SignInAttempt} (a pending sign-in) and
 * {@link io.logto.sdk.session.CachedAccessToken}. Changing a shape breaks stored sessions.
 */
package io.logto.sdk.session;
