package io.logto.sdk.servlet;

import io.logto.sdk.storage.CookieStorage;
import io.logto.sdk.storage.EncryptedCookies;
import io.logto.sdk.storage.Storage;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The servlet binding of encrypted-cookie sessions ({@link LogtoServletConfig.Builder#cookieSessions}):
 * a filter on every request gives it one {@link CookieStorage} over its cookies, which the adapter's
 * endpoints, the protection filter, {@link SignOutForm} and {@link LogtoWeb#client} all use, and whose
 * writes become the response's {@code Set-Cookie} headers at once (replacing the ones it wrote
 * before in the same response, leaving other cookies alone). Headers cannot change once the response
 * is committed: get tokens before writing the body (see {@link CookieStorage}). Thread-safe.
 */
final class CookieSessions {
    /** The request attribute holding the request's {@link CookieStorage}. */
    static final String ATTRIBUTE = CookieSessions.class.getName() + ".storage";

    private final EncryptedCookies codec;

    CookieSessions(EncryptedCookies codec) {
        this.codec = codec;
    }

    /** The request's cookie storage, made by the filter. */
    static Optional<CookieStorage> of(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof CookieStorage storage ? Optional.of(storage) : Optional.empty();
    }

    /** The storage the adapter's own classes use: the request's cookies when they hold the session, else the HttpSession. */
    static Storage storageOf(HttpServletRequest request) {
        Optional<CookieStorage> cookies = of(request);
        return cookies.isPresent() ? cookies.get() : new HttpSessionStorage(request);
    }

    CookieStorage storage(HttpServletRequest request) {
        return of(request).orElseThrow(() -> new IllegalStateException("sessions are in encrypted cookies, and this "
                + "request did not pass the adapter's cookie filter: install it with LogtoWeb.install(context, …) or "
                + "installEndpoints(context), which map it to /*"));
    }

    /** Maps the filter to every request; before the protection filter, which needs the session. */
    void install(ServletContext context) {
        FilterRegistration.Dynamic registration = context.addFilter("logto-cookie-sessions", new SessionFilter());
        if (registration == null) {
            throw new IllegalStateException("a filter named logto-cookie-sessions is already registered");
        }
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    private final class SessionFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse out
                    && request.getAttribute(ATTRIBUTE) == null) {
                request.setAttribute(ATTRIBUTE, new CookieStorage(codec, cookies(http), new ResponseSink(out)));
            }
            chain.doFilter(request, response);
        }
    }

    private static Map<String, String> cookies(HttpServletRequest request) {
        var cookies = new HashMap<String, String>();
        Cookie[] sent = request.getCookies();
        if (sent != null) {
            for (Cookie cookie : sent) {
                // The first of two with one name (a broader path's) is the one RFC 6265 orders first.
                cookies.putIfAbsent(cookie.getName(), cookie.getValue());
            }
        }
        return cookies;
    }

    /** Sets the session's cookies on the response, replacing those it set before; other cookies stay. */
    private final class ResponseSink implements CookieStorage.Sink {
        private final HttpServletResponse response;

        ResponseSink(HttpServletResponse response) {
            this.response = response;
        }

        @Override
        public boolean canWrite() {
            return !response.isCommitted();
        }

        @Override
        public void write(List<EncryptedCookies.SetCookie> headers) {
            var all = new ArrayList<String>();
            for (String header : response.getHeaders("Set-Cookie")) {
                int eq = header.indexOf('=');
                if (eq < 0 || !codec.isOurs(header.substring(0, eq).strip())) {
                    all.add(header);
                }
            }
            headers.forEach(h -> all.add(h.header()));
            if (all.isEmpty()) {
                return;
            }
            response.setHeader("Set-Cookie", all.get(0));
            for (int i = 1; i < all.size(); i++) {
                response.addHeader("Set-Cookie", all.get(i));
            }
        }
    }
}
