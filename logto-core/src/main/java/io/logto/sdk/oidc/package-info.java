/**
 * Internal, not exported: talking to the OpenID provider, one small class per job. Discovery
 * ({@link io.logto.sdk.oidc.DiscoveryClient}, cached by {@code MetadataCache}), the signing keys
 * ({@code SigningKeys}) and ID-token verification ({@link io.logto.sdk.oidc.IdTokenVerifier} with
 * {@code IdTokenClaimRules}), the token endpoint ({@link io.logto.sdk.oidc.TokenClient}, single-flight
 * and serialized refreshes), userinfo ({@link io.logto.sdk.oidc.UserInfoClient}), PKCE/state/nonce
 * ({@link io.logto.sdk.oidc.AuthorizationSecrets}), all tied to one HTTP client by
 * {@link io.logto.sdk.oidc.ProviderClients}. Knows nothing of storage. Its public types are public
 * only for {@code io.logto.sdk}; they may change in any release.
 */
package io.logto.sdk.oidc;
