package io.logto.sdk.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Minimal in-memory stand-ins for the few servlet objects the unit tests touch (the flow tests use a
 * real Jetty). Any other method fails loudly.
 */
final class FakeRequests {
    private FakeRequests() {
    }

    /** A request whose session is created on {@code getSession(true)}; {@link #session} shows it. */
    static final class Request {
        final AtomicReference<HttpSession> session = new AtomicReference<>();
        final Map<String, Object> attributes = new ConcurrentHashMap<>();
        final HttpServletRequest proxy = (HttpServletRequest) Proxy.newProxyInstance(
                FakeRequests.class.getClassLoader(), new Class<?>[]{HttpServletRequest.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getSession" -> args == null || (boolean) args[0]
                            ? session.updateAndGet(s -> s != null ? s : newSession(attributes)) : session.get();
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    case "toString" -> "FakeRequest";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
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
