package io.logto.sdk.servlet;

import io.logto.sdk.LogtoClient;
import io.logto.sdk.LogtoException;
import io.logto.sdk.OidcCore;
import io.logto.sdk.SignedInSession;
import io.logto.sdk.storage.EncryptedCookies;
import io.logto.sdk.storage.SessionStorage;
import io.logto.sdk.storage.Storage;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletRequest;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Logto for one servlet application: built once at start-up, shared by every request. It holds the
 * {@link OidcCore} (the HTTP client and the cached discovery document and key set) and hands out a
 * {@link LogtoClient} bound to the current request's session, which costs no network call.
 *
 * <pre>{@code
 * // In a ServletContainerInitializer or a @WebListener's contextInitialized:
 * LogtoWeb web = LogtoWeb.create(LogtoServletConfig.fromEnvironment());
 * web.install(context, "/protected/*");    // /sign-in, /callback, /sign-out and the filter
 *
 * // In any servlet:
 * LogtoClient logto = LogtoWeb.from(getServletContext()).client(request);
 * Optional<String> token = logto.getAccessToken("https://api.example.com").join();
 * }</pre>
 *
 * <p>Thread-safe: one instance serves all requests; the per-user state lives in each user's
 * {@link jakarta.servlet.http.HttpSession} (see {@link HttpSessionStorage}), so instances of the
 * application behind a load balancer only need a shared session store — and then
 * {@link #withRefreshLeases} so that they refresh each session once. Or, with
 * {@link LogtoServletConfig.Builder#cookieSessions} (env {@code LOGTO_COOKIE_KEYS}), in encrypted
 * cookies, and the nodes need nothing shared but the keys.
 */
public final class LogtoWeb {
    /** The servlet-context attribute under which {@link #installEndpoints} stores this object. */
    public static final String CONTEXT_ATTRIBUTE = LogtoWeb.class.getName();

    /** Request attribute: the ended-session check ran for this request (it runs once per request). */
    static final String ENDED_SESSION_CHECKED = LogtoWeb.class.getName() + ".endedSessionChecked";

    private static final System.Logger LOG = System.getLogger(LogtoWeb.class.getName());

    private final LogtoServletConfig config;
    private final OidcCore core;
    private final RefreshLeases leases;
    /** Set when sessions live in encrypted cookies rather than the HttpSession. */
    private final CookieSessions cookieSessions;
    private final EndedSessions endedSessions;
    /** Whether {@link #client} checks the record: back-channel logout is on, or a record was given. */
    private final boolean checksEndedSessions;

    private LogtoWeb(LogtoServletConfig config, OidcCore core) {
        this(config, core, null, cookieSessionsOf(config, core), new MemoryEndedSessions(),
                config.backChannelLogoutPath().isPresent());
    }

    private LogtoWeb(LogtoServletConfig config, OidcCore core, RefreshLeases leases, CookieSessions cookieSessions,
                     EndedSessions endedSessions, boolean checksEndedSessions) {
        this.config = config;
        this.core = core;
        this.leases = leases;
        this.cookieSessions = cookieSessions;
        this.endedSessions = endedSessions;
        this.checksEndedSessions = checksEndedSessions;
    }

    /** The cookie binding when the configuration keeps sessions in encrypted cookies; else {@code null}. */
    private static CookieSessions cookieSessionsOf(LogtoServletConfig config, OidcCore core) {
        return config.cookieKeys().map(keys -> new CookieSessions(EncryptedCookies.builder(keys)
                .secure(config.baseUrl().getScheme().equalsIgnoreCase("https"))
                .path(config.baseUrl().getRawPath() == null || config.baseUrl().getRawPath().isEmpty()
                        ? "/" : config.baseUrl().getRawPath())
                .clock(core.clock())
                .build())).orElse(null);
    }

    /**
     * Builds the shared object with its own {@link OidcCore}. Makes no network call.
     *
     * @param config the configuration
     * @return the shared object
     */
    public static LogtoWeb create(LogtoServletConfig config) {
        Objects.requireNonNull(config, "config");
        return new LogtoWeb(config, OidcCore.create(config.logto()));
    }

    /**
     * Builds the shared object on an existing {@link OidcCore} (to share it with other code, or to
     * give it an own {@link java.net.http.HttpClient} or clock).
     *
     *
     * @param config the configuration
     * @param core the shared core
     * @return the shared object
     * @throws LogtoException {@link LogtoException.Code#INVALID_CONFIG} when the core was built for
     *                        another {@link io.logto.sdk.LogtoConfig} than {@code config.logto()}
     */
    public static LogtoWeb create(LogtoServletConfig config, OidcCore core) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(core, "core");
        if (!core.config().equals(config.logto())) {
            throw new LogtoException(LogtoException.Code.INVALID_CONFIG,
                    "the OidcCore was built for another LogtoConfig than the servlet configuration's");
        }
        return new LogtoWeb(config, core);
    }

    /**
     * The same, keeping each session's refresh lease in {@code leases}: for several nodes sharing
     * sessions through a store that gives each request its own copy (a JDBC session store), so that
     * they refresh each session once, however many requests arrive at once. Logto rotates refresh
     * tokens and revokes the grant when a rotated one is used again; without leases two nodes may
     * refresh the same session at the same moment.
     *
     * <pre>{@code
     * LogtoWeb web = LogtoWeb.create(LogtoServletConfig.fromEnvironment())
     *         .withRefreshLeases(JdbcRefreshLeases.create(sessionDataSource));
     * }</pre>
     *
     * <p>With sessions in encrypted cookies ({@link LogtoServletConfig#cookieKeys()}) there is no
     * shared session to lease, and the leases are not used.
     *
     * @param leases where the leases are kept, shared by every node
     * @return a new {@code LogtoWeb} sharing this one's core
     */
    public LogtoWeb withRefreshLeases(RefreshLeases leases) {
        return new LogtoWeb(config, core, Objects.requireNonNull(leases, "leases"), cookieSessions, endedSessions,
                checksEndedSessions);
    }

    /**
     * The same object with another record of the sessions back-channel logouts ended: a
     * {@link JdbcEndedSessions} when the app runs on several nodes (by default each
     * {@code LogtoWeb} keeps a {@link MemoryEndedSessions}, right for one node). Sessions are then
     * checked against it on every request even if this node does not serve the back-channel
     * endpoint. Call it before {@link #install}: the installed object is the one that counts.
     *
     * <pre>{@code
     * LogtoWeb web = LogtoWeb.create(config)
     *         .withEndedSessions(JdbcEndedSessions.builder(sessionDataSource).build());
     * }</pre>
     *
     * @param endedSessions the record every node of the app shares
     * @return a new {@code LogtoWeb} with the same configuration and core
     */
    public LogtoWeb withEndedSessions(EndedSessions endedSessions) {
        return new LogtoWeb(config, core, leases, cookieSessions, Objects.requireNonNull(endedSessions, "endedSessions"),
                true);
    }

    /**
     * The record of the sessions back-channel logouts ended.
     *
     * @return the record ({@link MemoryEndedSessions} unless {@link #withEndedSessions} gave another)
     */
    public EndedSessions endedSessions() {
        return endedSessions;
    }

    /**
     * The object that {@link #installEndpoints} (or {@link #install}) stored in {@code context}.
     *
     *
     * @param context the servlet context
     * @return the object that {@link #installEndpoints} (or {@link #install}) stored in {@code context}
     * @throws IllegalStateException when none was installed
     */
    public static LogtoWeb from(ServletContext context) {
        Object web = Objects.requireNonNull(context, "context").getAttribute(CONTEXT_ATTRIBUTE);
        if (web instanceof LogtoWeb logtoWeb) {
            return logtoWeb;
        }
        throw new IllegalStateException("no LogtoWeb in this servlet context: call LogtoWeb.install(context, …) "
                + "at start-up (or set the context attribute " + CONTEXT_ATTRIBUTE + ")");
    }

    /**
     * The adapter's configuration.
     *
     * @return the adapter's configuration
     */
    public LogtoServletConfig config() {
        return config;
    }

    /**
     * The shared core (HTTP client, discovery and key-set caches).
     *
     * @return the shared core (HTTP client, discovery and key-set caches)
     */
    public OidcCore core() {
        return core;
    }

    /**
     * A client bound to {@code request}'s session. Cheap: no network call, no session created until
     * something is stored. Use it within the request only.
     *
     * <p>With back-channel logout on (or a record given to {@link #withEndedSessions}), the first
     * call of a request whose session is signed in checks it against {@link #endedSessions()}: a
     * session that Logto ended is signed out locally at once ({@link LogtoClient#signOutLocally()}:
     * tokens forgotten, refresh token revoked in the background) and the client sees no one signed
     * in. The filter the back-channel set-up installs on {@code /*} makes that call before any other
     * filter or servlet, so it happens on every request, whatever the app does next.
     *
     * @param request the current request
     * @return a client bound to {@code request}'s session
     * @throws LogtoException {@link LogtoException.Code#STORAGE_FAILED} when the record of ended
     *                        sessions cannot be read (nothing is let through unchecked)
     */
    public LogtoClient client(HttpServletRequest request) {
        LogtoClient client = new LogtoClient(core, storage(request));
        if (checksEndedSessions) {
            signOutIfEnded(request, client);
        }
        return client;
    }

    /** The storage of {@code request}'s Logto session: its encrypted cookies, or its HttpSession. */
    Storage storage(HttpServletRequest request) {
        if (cookieSessions != null) {
            return cookieSessions.storage(request);
        }
        return new HttpSessionStorage(request, SessionStorage.DEFAULT_PREFIX, leases);
    }

    /**
     * After sign-in: a new session id (against session fixation): {@code changeSessionId()}, or a new
     * random id in the session cookies.
     */
    void renewSessionId(HttpServletRequest request) {
        if (cookieSessions != null) {
            cookieSessions.storage(request).renewSessionId();
        } else {
            request.changeSessionId();
        }
    }

    /**
     * Signs the request's session out if a back-channel logout ended it; once per request. Whatever
     * holds the session (the HttpSession, encrypted cookies): the tokens, the session key and the
     * refresh lease go ({@link LogtoClient#signOutLocally()}).
     */
    private void signOutIfEnded(HttpServletRequest request, LogtoClient client) {
        if (request.getAttribute(ENDED_SESSION_CHECKED) != null) {
            return;
        }
        // Read through the client's storage, whatever it is; without a sign-in there is nothing to look up.
        Optional<SignedInSession> session = client.signedInSession();
        if (session.isPresent() && endedSessions.hasEnded(session.get(), core.clock().instant())) {
            CompletableFuture<Void> revocation = client.signOutLocally();
            if (revocation.isCompletedExceptionally()) {
                // The tokens could not be removed: the session must not pass as signed in.
                throw unwrap(revocation.handle((ok, error) -> error).join());
            }
            CsrfToken.forget(request);
            LOG.log(System.Logger.Level.INFO, "A session that a back-channel logout ended was signed out");
        }
        request.setAttribute(ENDED_SESSION_CHECKED, Boolean.TRUE);
    }

    /**
     * Registers the sign-in, callback and sign-out endpoints at the configured paths and stores this
     * object in {@code context} (see {@link #from}). Call it while the context starts (from a
     * {@link jakarta.servlet.ServletContainerInitializer} or a declared {@code ServletContextListener}).
     *
     * <p>It also hardens the container's session cookie, which holds the sign-in: {@code HttpOnly}
     * (no script reads it), {@code SameSite=Lax} unless the app chose {@code None} (Logto's redirect
     * to the callback is a cross-site navigation: {@code Strict} would lose the session, so it is
     * replaced, with a warning), and {@code Secure} when the base URL is https.
     *
     * @param context the servlet context
     * @return this, for chaining
     * @throws IllegalStateException when servlets with the adapter's names are already registered
     */
    public LogtoWeb installEndpoints(ServletContext context) {
        Objects.requireNonNull(context, "context");
        context.setAttribute(CONTEXT_ATTRIBUTE, this);
        hardenSessionCookie(context);
        if (cookieSessions != null) {
            cookieSessions.install(context);
        }
        addServlet(context, "logto-sign-in", new SignInServlet(this), config.signInPath());
        addServlet(context, "logto-callback", new CallbackServlet(this), config.callbackPath());
        addServlet(context, "logto-sign-out", new SignOutServlet(this), config.signOutPath());
        if (config.backChannelLogoutPath().isPresent()) {
            addServlet(context, "logto-backchannel-logout", new BackChannelLogoutServlet(this),
                    config.backChannelLogoutPath().get());
        }
        if (checksEndedSessions) {
            // On every path, before any app code runs (after the cookie-session filter, registered first,
            // which gives the request its session): an ended session is signed out.
            FilterRegistration.Dynamic check = context.addFilter("logto-ended-sessions", new EndedSessionFilter(this));
            if (check == null) {
                throw new IllegalStateException("a filter named logto-ended-sessions is already registered");
            }
            check.setAsyncSupported(true);
            check.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
            warnIfSessionsOutliveTheRecord(context);
        }
        return this;
    }

    /** See {@link #installEndpoints}: the session cookie's attributes the callback and the session rely on. */
    private void hardenSessionCookie(ServletContext context) {
        try {
            SessionCookieConfig cookie = context.getSessionCookieConfig();
            cookie.setHttpOnly(true);
            String sameSite = cookie.getAttribute("SameSite");
            if (sameSite != null && sameSite.equalsIgnoreCase("Strict")) {
                LOG.log(System.Logger.Level.WARNING, "The session cookie was SameSite=Strict, which Logto's "
                        + "redirect to the callback would not send back: it is SameSite=Lax now");
            }
            if (sameSite == null || !sameSite.equalsIgnoreCase("None")) {
                cookie.setAttribute("SameSite", "Lax");
            }
            if (config.baseUrl().getScheme().equalsIgnoreCase("https")) {
                cookie.setSecure(true);
            }
        } catch (IllegalStateException | UnsupportedOperationException e) {
            // The context has started already, or the listener was not declared: the app must set them.
            LOG.log(System.Logger.Level.WARNING, "The session cookie could not be hardened ({0}): set HttpOnly, "
                    + "SameSite=Lax and, on https, Secure yourself", e.getClass().getSimpleName());
        }
    }

    /**
     * An entry of the record must outlive every session it may end, or a session idle past the
     * entry's retention would come back signed in: warns when the container's session timeout (or
     * none) — with encrypted-cookie sessions, the cookies' {@code Max-Age}, which also bounds a copy
     * of the cookies kept from before the logout — says that may happen.
     */
    private void warnIfSessionsOutliveTheRecord(ServletContext context) {
        Optional<Duration> retention = endedSessions.retention();
        if (retention.isEmpty()) {
            return;
        }
        Duration idle;
        if (cookieSessions != null) {
            idle = EncryptedCookies.DEFAULT_MAX_AGE;
        } else {
            try {
                int minutes = context.getSessionTimeout();
                idle = minutes > 0 ? Duration.ofMinutes(minutes) : null;
            } catch (UnsupportedOperationException e) {
                return;
            }
        }
        Duration longest = core.config().maxSessionAge()
                .map(max -> idle == null || max.compareTo(idle) < 0 ? max : idle).orElse(idle);
        if (longest == null || longest.compareTo(retention.get()) > 0) {
            LOG.log(System.Logger.Level.WARNING, "Sessions may stay usable longer ({0}) than the record of ended "
                    + "sessions keeps an entry ({1}): raise its retention, or set a session timeout or "
                    + "LogtoConfig.maxSessionAge", longest == null ? "no session timeout" : longest, retention.get());
        }
    }

    /**
     * Registers the endpoints and a {@link LogtoAuthFilter} that sends visitors of
     * {@code protectedPatterns} (servlet URL patterns such as {@code /protected/*}) to sign-in.
     *
     *
     * @param context the servlet context
     * @param protectedPatterns servlet URL patterns, e.g. {@code /protected/*}
     * @return the registered filter
     */
    public LogtoAuthFilter install(ServletContext context, String... protectedPatterns) {
        var builder = LogtoAuthFilter.builder(this);
        for (String pattern : protectedPatterns) {
            builder.protect(pattern);
        }
        return install(context, builder.build());
    }

    /**
     * Registers the endpoints and {@code filter} (built with {@link LogtoAuthFilter#builder}) for
     * its patterns.
     *
     *
     * @param context the servlet context
     * @param filter the filter, built with {@link LogtoAuthFilter#builder}
     * @return {@code filter}
     */
    public LogtoAuthFilter install(ServletContext context, LogtoAuthFilter filter) {
        installEndpoints(context);
        if (!filter.patterns().isEmpty()) {
            FilterRegistration.Dynamic registration = context.addFilter("logto-auth", filter);
            if (registration == null) {
                throw new IllegalStateException("a filter named logto-auth is already registered");
            }
            registration.setAsyncSupported(true);
            registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true,
                    filter.patterns().toArray(String[]::new));
        }
        return filter;
    }

    @Override
    public String toString() {
        return "LogtoWeb{" + config + (leases == null ? "" : ", " + leases)
                + (checksEndedSessions ? ", " + endedSessions : "") + "}";
    }

    /**
     * Waits for a Logto call. Servlets are blocking, and every call to Logto has the connect and
     * request timeouts of {@link io.logto.sdk.LogtoConfig}, so an unbounded wait cannot hang.
     *
     * @throws LogtoException the failure of the call, unwrapped
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    /** The {@link LogtoException} inside a future's failure. */
    static LogtoException unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof LogtoException e) {
            return e;
        }
        return new LogtoException(LogtoException.Code.TOKEN_REQUEST_FAILED,
                "unexpected failure: " + cause.getClass().getSimpleName(), cause);
    }

    private static void addServlet(ServletContext context, String name, Servlet servlet, String path) {
        ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
        if (registration == null) {
            throw new IllegalStateException("a servlet named " + name + " is already registered");
        }
        registration.addMapping(path);
    }
}
