/**
 * Test fixtures shared by every module of logto-java, the way OkHttp shares
 * {@code okhttp-testing-support}: {@link io.logto.testing.MutableClock} (a clock tests move),
 * {@link io.logto.testing.TestKeys} and {@link io.logto.testing.TokenFactory} (really signed tokens,
 * and the forgeries attackers try), {@link io.logto.testing.SignIn} (an authorization URL read as
 * the browser sees it, and the callbacks Logto would send) and
 * {@link io.logto.testing.LoopbackOidcProvider} (a real OIDC provider on 127.0.0.1 with Logto's URL
 * layout; its builder makes it issue access tokens as Logto does, through
 * {@link io.logto.testing.LogtoTokenCallback}) and {@link io.logto.testing.LogtoEngine} (Logto's own
 * OIDC engine, {@code engine/} of this module, run by Node for the tests of the profile {@code engine}).
 *
 * <p>Nothing here depends on logto-core: logto-core's tests compile these sources as their own (a
 * Maven dependency would be a cycle), and keep the fixtures typed on the SDK's classes in
 * {@code io.logto.sdk.testing}. Not for production use.
 */
package io.logto.testing;
