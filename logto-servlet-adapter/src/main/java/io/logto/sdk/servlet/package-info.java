/**
 * Logto sign-in for any Jakarta Servlet 6 application, on one node or many: the Java counterpart of
 * the Python Flask sample's session storage and {@code @authenticated} decorator.
 *
 * <p>The flow through the classes of this package:
 * <ol>
 *   <li>{@link io.logto.sdk.servlet.LogtoServletConfig} — the {@link io.logto.sdk.LogtoConfig}, the
 *       app's public base URL and the endpoint paths (from code, the environment or web.xml).</li>
 *   <li>{@link io.logto.sdk.servlet.LogtoWeb} — built once; hands out a per-request
 *       {@link io.logto.sdk.LogtoClient} whose {@link io.logto.sdk.storage.Storage} is the user's
 *       {@link jakarta.servlet.http.HttpSession} ({@link io.logto.sdk.servlet.HttpSessionStorage}).</li>
 *   <li>{@link io.logto.sdk.servlet.SignInServlet} → Logto → {@link io.logto.sdk.servlet.CallbackServlet}
 *       (session id rotated) → the page the user wanted, checked by
 *       {@link io.logto.sdk.servlet.ReturnPathCheck}; {@link io.logto.sdk.servlet.SignOutServlet}, which
 *       signs out only on a POST carrying the session's anti-forgery token that pages render with
 *       {@link io.logto.sdk.servlet.SignOutForm}.</li>
 *   <li>{@link io.logto.sdk.servlet.LogtoAuthFilter} — protects URL patterns and puts the user's
 *       claims in request attributes.</li>
 *   <li>{@link io.logto.sdk.servlet.BackChannelLogoutServlet} — back-channel logout, when
 *       {@link io.logto.sdk.servlet.LogtoServletConfig#backChannelLogoutPath()} is set: Logto's logout
 *       tokens go into {@link io.logto.sdk.servlet.EndedSessions} (in memory, or
 *       {@link io.logto.sdk.servlet.JdbcEndedSessions} beside the container's sessions), and every
 *       request's session is checked against it before the app sees it.</li>
 *   <li>{@link io.logto.sdk.servlet.LogtoBearerFilter} — for APIs rather than pages: protects URL
 *       patterns with Logto access tokens ({@code Authorization: Bearer}, RFC 6750), answering
 *       401/403 with a {@code WWW-Authenticate} challenge; no session, no redirect.</li>
 * </ol>
 *
 * <pre>{@code
 * public final class LogtoSetup implements ServletContainerInitializer {
 *     public void onStartup(Set<Class<?>> classes, ServletContext context) {
 *         LogtoWeb web = LogtoWeb.create(LogtoServletConfig.fromEnvironment());
 *         web.install(context, "/protected/*");
 *     }
 * }
 * }</pre>
 *
 * <p>All per-user state is in the HTTP session, as strings, so several instances of the app share
 * sign-ins through any distributed session store of the container (JDBC, Redis, …).
 */
package io.logto.sdk.servlet;
