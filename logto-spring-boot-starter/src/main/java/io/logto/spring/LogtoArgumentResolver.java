package io.logto.spring;

import io.logto.sdk.IdTokenClaims;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.resourceserver.VerifiedAccessToken;
import io.logto.sdk.servlet.LogtoBearerFilter;
import io.logto.sdk.servlet.LogtoWeb;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.server.ResponseStatusException;

import java.lang.reflect.ParameterizedType;
import java.util.Optional;

/**
 * Lets controller methods take what Logto knows about the request:
 * <ul>
 *   <li>{@link LogtoClient} — bound to the request's session (no network call to get it);</li>
 *   <li>{@link IdTokenClaims} — the signed-in user's claims, read from the session without a network
 *       call; {@code 401} when no one is signed in. {@code Optional<IdTokenClaims>} is empty then
 *       instead;</li>
 *   <li>{@link VerifiedAccessToken} — the claims of the bearer token that the API protection accepted
 *       ({@code 401} if none): the {@link LogtoBearerInterceptor}'s without Spring Security, the
 *       resource server's ({@code JwtAuthenticationToken}) with it; {@code Optional<VerifiedAccessToken>}
 *       too.</li>
 * </ul>
 *
 * <pre>{@code
 * @GetMapping("/protected")
 * String page(IdTokenClaims user, LogtoClient logto) { ... }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class LogtoArgumentResolver implements HandlerMethodArgumentResolver {
    /**
     * Whether Spring Security's resource server is on the class path: only then is
     * {@link LogtoResourceServerTokens} (which names its types) ever loaded.
     */
    private static final boolean RESOURCE_SERVER = ClassUtils.isPresent(LogtoResourceServerTokens.JWT_AUTHENTICATION,
            LogtoArgumentResolver.class.getClassLoader());

    private final Optional<LogtoWeb> web;

    /**
     * A resolver for the session of {@code web} (empty for an application that only serves an API).
     *
     * @param web the application's {@link LogtoWeb}, if it signs users in
     */
    public LogtoArgumentResolver(Optional<LogtoWeb> web) {
        this.web = web;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        Class<?> type = valueType(parameter);
        return type == VerifiedAccessToken.class
                || (web.isPresent() && (type == LogtoClient.class || type == IdTokenClaims.class));
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        Class<?> type = valueType(parameter);
        Optional<?> value;
        if (type == LogtoClient.class) {
            return web.orElseThrow().client(request);
        } else if (type == IdTokenClaims.class) {
            value = claims(web.orElseThrow().client(request));
        } else {
            value = accessToken(request);
        }
        if (parameter.getParameterType() == Optional.class) {
            return value;
        }
        return value.orElseThrow(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED));
    }

    /** The token the interceptor accepted, or else the one Spring Security's resource server accepted. */
    private static Optional<VerifiedAccessToken> accessToken(HttpServletRequest request) {
        Optional<VerifiedAccessToken> token = LogtoBearerFilter.accessToken(request);
        if (token.isEmpty() && RESOURCE_SERVER) {
            return LogtoResourceServerTokens.current();
        }
        return token;
    }

    /** The signed-in user's claims; no network call. */
    private static Optional<IdTokenClaims> claims(LogtoClient client) {
        return client.isAuthenticated().join() ? Optional.of(client.getIdTokenClaims()) : Optional.empty();
    }

    /** The parameter's type, or the {@code T} of an {@code Optional<T>}. */
    private static Class<?> valueType(MethodParameter parameter) {
        if (parameter.getParameterType() == Optional.class
                && parameter.getGenericParameterType() instanceof ParameterizedType optional
                && optional.getActualTypeArguments()[0] instanceof Class<?> inner) {
            return inner;
        }
        return parameter.getParameterType();
    }
}
