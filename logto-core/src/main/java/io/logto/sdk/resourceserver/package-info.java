/**
 * Protecting an API with Logto: a resource server validates the bearer access tokens it receives.
 * Build one {@link io.logto.sdk.resourceserver.AccessTokenValidator} per API from the Logto endpoint
 * and the API's resource indicator (no app id or secret), then validate each request's token
 * against an {@link io.logto.sdk.resourceserver.AccessRequirement} (global API permissions,
 * organization-level API permissions, or organization permissions). An accepted token comes back as
 * a {@link io.logto.sdk.resourceserver.VerifiedAccessToken}; a refused one as a
 * {@link io.logto.sdk.LogtoException} whose code {@link io.logto.sdk.resourceserver.BearerError}
 * maps to RFC 6750's {@code invalid_token} (401) or {@code insufficient_scope} (403).
 *
 * <pre>{@code
 * AccessTokenValidator validator = AccessTokenValidator.builder("https://tenant.logto.app")
 *         .apiResource("https://api.example.com").build();
 * VerifiedAccessToken token = validator.validate(bearer, AccessRequirement.api("read:orders")).join();
 * }</pre>
 *
 * <p>Framework-free; the servlet adapter's {@code LogtoBearerFilter} applies it to URL patterns.
 */
package io.logto.sdk.resourceserver;
