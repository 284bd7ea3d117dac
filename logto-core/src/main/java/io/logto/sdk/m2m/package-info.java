/**
 * Calling APIs as the application, without a user's browser: machine-to-machine tokens (OAuth 2.0
 * client credentials) from {@link io.logto.sdk.m2m.ClientCredentialsTokenProvider}, cached and
 * fetched once for concurrent callers, ready for Logto's Management API
 * ({@link io.logto.sdk.m2m.ManagementApi}); and token exchange (RFC 8693) from
 * {@link io.logto.sdk.m2m.TokenExchangeClient}, which trades a user's personal access token or
 * subject token for an access token on that user's behalf. Both give an
 * {@link io.logto.sdk.m2m.IssuedToken}.
 *
 * <pre>{@code
 * var tokens = ClientCredentialsTokenProvider.create(m2mAppConfig);
 * IssuedToken token = tokens.token(ManagementApi.tokenRequest("default")).join();
 * }</pre>
 */
package io.logto.sdk.m2m;
