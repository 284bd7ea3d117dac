package io.logto.spring;

import io.logto.sdk.LogtoException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The resource-server part of the starter's filter chain, apart so that the chain's class loads
 * without spring-security-oauth2-resource-server. Stateless.
 */
final class LogtoResourceServerChain {
    private LogtoResourceServerChain() {
    }

    /**
     * Bearer tokens on {@code api}: Logto's decoder and converter, and RFC 6750 answers — {@code 401}
     * with {@code WWW-Authenticate: Bearer} without a token or with a refused one, {@code 403} with
     * {@code error="insufficient_scope"} — rather than a sign-in redirect; and {@code 503} with
     * {@code Retry-After} when Logto's keys cannot be fetched ({@link LogtoBearerFailureHandler}).
     */
    static void configure(HttpSecurity http, RequestMatcher api, BeanFactory beans) throws Exception {
        LogtoJwtDecoder decoder = beans.getBeanProvider(LogtoJwtDecoder.class).getIfAvailable();
        if (decoder == null) {
            throw new LogtoException(LogtoException.Code.INVALID_CONFIG,
                    "logto.api.paths needs logto.api.resource (the API's resource indicator)");
        }
        LogtoJwtAuthenticationConverter converter = beans.getBean(LogtoJwtAuthenticationConverter.class);
        http.exceptionHandling(errors -> errors
                .defaultAuthenticationEntryPointFor(new BearerTokenAuthenticationEntryPoint(), api)
                .defaultAccessDeniedHandlerFor(new BearerTokenAccessDeniedHandler(), api));
        BearerTokenAuthenticationEntryPoint refused = new BearerTokenAuthenticationEntryPoint();
        http.oauth2ResourceServer(server -> server
                .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(converter))
                .authenticationEntryPoint(refused)
                // The configurer offers no failure handler of its own; the filter does, and the
                // configurer passes it through its post-processors (Spring Security 6.5 and 7 alike).
                .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                    @Override
                    public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(new LogtoBearerFailureHandler(refused));
                        return filter;
                    }
                }));
    }
}
