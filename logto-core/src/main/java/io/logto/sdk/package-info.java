/**
 * The public API of Logto for Java, mirroring the Logto Python SDK: {@link io.logto.sdk.LogtoConfig}
 * (built once), {@link io.logto.sdk.OidcCore} (the shared, thread-safe part: HTTP client, discovery
 * and key caches) and {@link io.logto.sdk.LogtoClient} (the flows of one user's session: sign-in,
 * callback, tokens, user info, sign-out), with the claim records, the sign-in options and the one
 * exception type, {@link io.logto.sdk.LogtoException}.
 *
 * <pre>{@code
 * LogtoConfig config = LogtoConfig.builder().endpoint("https://tenant.logto.app").appId("app-id").build();
 * OidcCore core = OidcCore.create(config);                          // once per app
 * LogtoClient client = new LogtoClient(core, new MemoryStorage());  // per user session
 * String url = client.signIn("https://app.example.com/callback").join();
 * }</pre>
 *
 * <p>Package-private here: the story's helpers ({@code AccessTokenRefresher} decides refreshes,
 * {@code AuthorizationUrl}, {@code CallbackParameters}, {@code ClaimReader},
 * {@code DecodedTokenCache}).
 */
package io.logto.sdk;
