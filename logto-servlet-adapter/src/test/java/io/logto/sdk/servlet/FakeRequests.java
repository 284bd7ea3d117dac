package io.logto.sdk.servlet;

import io.logto.testing.SignIn;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Minimal in-memory stand-ins for the few servlet objects the unit tests touch (the flow tests use a
 * real Jetty). Any other method fails loudly.
 */
final class FakeRequests {
    private FakeRequests() {
    }

    /**
     * A request whose session is created on {@code getSession(true)}; {@link #session} shows it. Its
     * query is {@link #query} (parameters are read from it), its headers {@link #headers} (none by
     * default, as from a client that sends no Fetch Metadata); {@link #sessionIdChanges} counts
     * {@code changeSessionId()}.
     */
    static final class Request {
        final AtomicReference<HttpSession> session = new AtomicReference<>();
        final Map<String, Object> attributes = new ConcurrentHashMap<>();
        final AtomicReference<String> query = new AtomicReference<>();
        final Map<String, String> headers = new ConcurrentHashMap<>();
        final AtomicInteger sessionIdChanges = new AtomicInteger();
        final HttpServletRequest proxy = (HttpServletRequest) Proxy.newProxyInstance(
                FakeRequests.class.getClassLoader(), new Class<?>[]{HttpServletRequest.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getSession" -> args == null || (boolean) args[0]
                            ? session.updateAndGet(s -> s != null ? s : newSession(attributes)) : session.get();
                    case "getQueryString" -> query.get();
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getParameter" -> Optional.ofNullable(parameters().get((String) args[0]))
                            .map(values -> values.get(0)).orElse(null);
                    case "getParameterValues" -> Optional.ofNullable(parameters().get((String) args[0]))
                            .map(values -> values.toArray(String[]::new)).orElse(null);
                    case "changeSessionId" -> "session-" + sessionIdChanges.incrementAndGet();
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    case "toString" -> "FakeRequest";
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        private Map<String, List<String>> parameters() {
            return SignIn.query(query.get());
        }
    }

    /** A response that records what a servlet wrote: status, headers, body, redirect. */
    static final class Response {
        final AtomicInteger status = new AtomicInteger(200);
        final Map<String, String> headers = new ConcurrentHashMap<>();
        final AtomicReference<String> redirect = new AtomicReference<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final HttpServletResponse proxy = (HttpServletResponse) Proxy.newProxyInstance(
                FakeRequests.class.getClassLoader(), new Class<?>[]{HttpServletResponse.class},
                (self, method, args) -> switch (method.getName()) {
                    case "setStatus" -> {
                        status.set((int) args[0]);
                        yield null;
                    }
                    case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                    case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                    case "sendRedirect" -> {
                        status.set(302);
                        redirect.set((String) args[0]);
                        yield null;
                    }
                    case "getOutputStream" -> new ServletOutputStream() {
                        @Override
                        public boolean isReady() {
                            return true;
                        }

                        @Override
                        public void setWriteListener(WriteListener listener) {
                            throw new UnsupportedOperationException();
                        }

                        @Override
                        public void write(int b) {
                            body.write(b);
                        }
                    };
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    case "toString" -> "FakeResponse";
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        String bodyText() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    /** A servlet context with the given init parameters. */
    static ServletContext context(Map<String, String> initParameters) {
        return (ServletContext) Proxy.newProxyInstance(FakeRequests.class.getClassLoader(),
                new Class<?>[]{ServletContext.class}, (self, method, args) -> switch (method.getName()) {
                    case "getInitParameter" -> initParameters.get((String) args[0]);
                    case "getInitParameterNames" -> Collections.enumeration(initParameters.keySet());
                    case "getAttribute" -> null;
                    case "toString" -> "FakeContext";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static HttpSession newSession(Map<String, Object> attributes) {
        return (HttpSession) Proxy.newProxyInstance(FakeRequests.class.getClassLoader(),
                new Class<?>[]{HttpSession.class}, (self, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    case "toString" -> "FakeSession";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
