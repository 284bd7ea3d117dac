package io.logto.sdk.servlet;

import io.logto.testing.SignIn;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
        /** The request's own attributes (not the session's). */
        final Map<String, Object> requestAttributes = new ConcurrentHashMap<>();
        /** Headers sent more than once (getHeaders); others are in {@link #headers}. */
        final Map<String, List<String>> repeatedHeaders = new ConcurrentHashMap<>();
        final AtomicReference<String> httpMethod = new AtomicReference<>("GET");
        final AtomicReference<String> contentType = new AtomicReference<>();
        /** The body; its length is the Content-Length unless {@link #contentLength} says otherwise. */
        final AtomicReference<byte[]> body = new AtomicReference<>(new byte[0]);
        final AtomicReference<Long> contentLength = new AtomicReference<>();
        private final AtomicReference<Body> stream = new AtomicReference<>();
        /** The parameters as a container parsed them (query and form body), when set; else from the query. */
        final AtomicReference<Map<String, List<String>>> parsedParameters = new AtomicReference<>();
        final AtomicReference<String> requestUri = new AtomicReference<>("/");
        final AtomicReference<String> contextPath = new AtomicReference<>("");
        final AtomicReference<String> servletPath = new AtomicReference<>("/");
        final AtomicReference<String> pathInfo = new AtomicReference<>();
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
                    case "getAttribute" -> requestAttributes.get((String) args[0]);
                    case "setAttribute" -> requestAttributes.put((String) args[0], args[1]);
                    case "getHeaders" -> Collections.enumeration(repeatedHeaders.getOrDefault((String) args[0],
                            Optional.ofNullable(headers.get((String) args[0])).map(List::of).orElse(List.of())));
                    case "getMethod" -> httpMethod.get();
                    case "getContentType" -> contentType.get();
                    case "getContentLengthLong" -> contentLength.get() != null ? contentLength.get()
                            : (long) body.get().length;
                    case "getInputStream" -> stream();
                    case "getRequestURI" -> requestUri.get();
                    case "getContextPath" -> contextPath.get();
                    case "getServletPath" -> servletPath.get();
                    case "getPathInfo" -> pathInfo.get();
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    case "toString" -> "FakeRequest";
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        /** The one input stream of the body (the same on every call, as a container's). */
        Body stream() {
            return stream.updateAndGet(b -> b != null ? b : new Body(body.get()));
        }

        private Map<String, List<String>> parameters() {
            return parsedParameters.get() != null ? parsedParameters.get() : SignIn.query(query.get());
        }
    }

    /** A request body; {@link #drained} counts the bytes skipped with {@code skipNBytes}. */
    static final class Body extends ServletInputStream {
        private final java.io.ByteArrayInputStream in;
        final AtomicLong drained = new AtomicLong();

        Body(byte[] bytes) {
            in = new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public void skipNBytes(long n) {
            drained.addAndGet(n);
            in.skip(n);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    /** A response that records what a servlet wrote: status, headers, body, redirect. */
    static final class Response {
        final AtomicInteger status = new AtomicInteger(200);
        final Map<String, String> headers = new ConcurrentHashMap<>();
        final AtomicReference<String> redirect = new AtomicReference<>();
        final java.util.concurrent.atomic.AtomicBoolean errorSent = new java.util.concurrent.atomic.AtomicBoolean();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final HttpServletResponse proxy = (HttpServletResponse) Proxy.newProxyInstance(
                FakeRequests.class.getClassLoader(), new Class<?>[]{HttpServletResponse.class},
                (self, method, args) -> switch (method.getName()) {
                    case "setStatus" -> {
                        status.set((int) args[0]);
                        yield null;
                    }
                    case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                    case "getHeader" -> headers.get((String) args[0]);
                    case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                    case "setContentLength" -> headers.put("Content-Length", String.valueOf(args[0]));
                    case "sendError" -> {
                        status.set((int) args[0]);
                        errorSent.set(true);
                        yield null;
                    }
                    case "isCommitted" -> false;
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

    /**
     * A servlet context that records filter registrations: the first {@code addFilter} returns a
     * registration whose calls go to {@link FilterContext#calls()}; later ones return {@code null},
     * as a container does for a name already registered. Every other call throws.
     */
    static FilterContext filterContext() {
        var calls = new ArrayList<String>();
        var added = new ArrayList<String>();
        var registration = (FilterRegistration.Dynamic) Proxy.newProxyInstance(
                FakeRequests.class.getClassLoader(), new Class<?>[]{FilterRegistration.Dynamic.class},
                (self, method, args) -> {
                    switch (method.getName()) {
                        case "setAsyncSupported" -> calls.add("async=" + args[0]);
                        case "addMappingForUrlPatterns" -> calls.add("map " + args[0] + " " + args[1] + " "
                                + List.of((String[]) args[2]));
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
        var context = (ServletContext) Proxy.newProxyInstance(FakeRequests.class.getClassLoader(),
                new Class<?>[]{ServletContext.class}, (self, method, args) -> {
                    if (method.getName().equals("addFilter")) {
                        boolean first = added.isEmpty();
                        added.add((String) args[0]);
                        return first ? registration : null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new FilterContext(context, calls, added);
    }

    /** See {@link #filterContext()}: the context, the registration's calls, the names added. */
    record FilterContext(ServletContext context, List<String> calls, List<String> added) {
    }
}
