package io.logto.spring;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.OidcCore;
import io.logto.sdk.resourceserver.AccessTokenValidator;
import io.logto.sdk.servlet.LogtoAuthFilter;
import io.logto.sdk.servlet.LogtoBearerFilter;
import io.logto.sdk.servlet.LogtoServletConfig;
import io.logto.sdk.servlet.LogtoWeb;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;
import java.util.Optional;

/**
 * The web side, for servlet applications: the servlet adapter's sign-in, callback and sign-out
 * endpoints (and back-channel logout when {@code logto.web.back-channel-logout-path} is set) on the
 * user's {@link jakarta.servlet.http.HttpSession}, controller parameters ({@link LogtoArgumentResolver}),
 * and — without Spring Security — the adapter's page protection ({@code logto.web.protected-paths}
 * redirect to sign-in, {@code logto.web.unauthorized-paths} answer {@code 401}) and the API's bearer
 * protection ({@link LogtoBearerInterceptor}). With Spring Security on the class path those two are
 * {@link LogtoSecurityAutoConfiguration}'s.
 */
@AutoConfiguration(after = LogtoAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "logto.enabled", matchIfMissing = true)
public class LogtoWebAutoConfiguration {
    /** Spring Security's filter chain: when present, Spring Security protects paths. */
    static final String SECURITY_FILTER_CHAIN = "org.springframework.security.web.SecurityFilterChain";

    /** Created by Spring. */
    public LogtoWebAutoConfiguration() {
    }

    /**
     * The adapter's configuration.
     *
     * @param properties the properties
     * @param config     the sign-in configuration
     * @return the adapter's configuration
     */
    @Bean
    @ConditionalOnBean(LogtoConfig.class)
    @ConditionalOnMissingBean
    LogtoServletConfig logtoServletConfig(LogtoProperties properties, LogtoConfig config) {
        return LogtoPropertiesCheck.servletConfig(properties, config);
    }

    /**
     * The adapter's shared object: hands out a {@link io.logto.sdk.LogtoClient} per request.
     *
     * @param config the adapter's configuration
     * @param core   the shared core
     * @return the shared object
     */
    @Bean
    @ConditionalOnBean(LogtoServletConfig.class)
    @ConditionalOnMissingBean
    LogtoWeb logtoWeb(LogtoServletConfig config, OidcCore core) {
        return LogtoWeb.create(config, core);
    }

    /**
     * Registers the endpoints in the servlet context as the container starts, and the page
     * protection (without Spring Security).
     *
     * @param web        the shared object
     * @param properties the properties
     * @param context    the application context, whose class loader tells whether Spring Security is there
     * @return the initializer
     */
    @Bean
    @ConditionalOnBean(LogtoWeb.class)
    ServletContextInitializer logtoEndpoints(LogtoWeb web, LogtoProperties properties,
                                             org.springframework.context.ApplicationContext context) {
        // With Spring Security, its filter chain protects the paths (ours, or the application's own).
        boolean springSecurityProtects = ClassUtils.isPresent(SECURITY_FILTER_CHAIN, context.getClassLoader());
        Optional<String> sameSite = LogtoSessionCookie.sameSiteOf(context.getEnvironment());
        return servletContext -> {
            if (springSecurityProtects) {
                refuseIgnoredPaths(properties, context);
                web.installEndpoints(servletContext);
            } else {
                var filter = LogtoAuthFilter.builder(web);
                properties.getWeb().getProtectedPaths().forEach(filter::protect);
                properties.getWeb().getUnauthorizedPaths()
                        .forEach(p -> filter.protect(p, LogtoAuthFilter.Protection.UNAUTHORIZED));
                web.install(servletContext, filter.build());
            }
            // The adapter made the session cookie SameSite=Lax; a value the application chose wins.
            sameSite.ifPresent(value -> LogtoSessionCookie.applySameSite(servletContext, value, web.config()));
        };
    }

    /**
     * With Spring Security but without the starter's chain (the application defined its own), the
     * chain decides who may see which path: paths set in the properties would protect nothing, so
     * the application does not start rather than run with routes it believes protected.
     */
    private static void refuseIgnoredPaths(LogtoProperties properties, org.springframework.context.ApplicationContext context) {
        if (context.containsBean("logtoSecurityFilterChain")) {
            return;
        }
        List<String> ignored = new java.util.ArrayList<>();
        if (!properties.getWeb().getProtectedPaths().isEmpty()) {
            ignored.add("logto.web.protected-paths");
        }
        if (!properties.getWeb().getUnauthorizedPaths().isEmpty()) {
            ignored.add("logto.web.unauthorized-paths");
        }
        if (!properties.getApi().getPaths().isEmpty()) {
            ignored.add("logto.api.paths");
        }
        if (!ignored.isEmpty()) {
            throw new io.logto.sdk.LogtoException(io.logto.sdk.LogtoException.Code.INVALID_CONFIG, String.join(", ", ignored)
                    + " would protect nothing: the application's own SecurityFilterChain decides who may see which "
                    + "path. Protect those paths in that chain and remove the properties");
        }
    }

    /** Spring MVC: controller parameters and, without Spring Security, the bearer interceptor. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebMvcConfigurer.class)
    static class Mvc {
        /**
         * Adds {@link LogtoArgumentResolver}.
         *
         * @param web the shared object, when the application signs users in
         * @return the configurer
         */
        @Bean
        WebMvcConfigurer logtoArgumentResolverConfigurer(ObjectProvider<LogtoWeb> web) {
            return new WebMvcConfigurer() {
                @Override
                public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                    resolvers.add(new LogtoArgumentResolver(Optional.ofNullable(web.getIfAvailable())));
                }
            };
        }
    }

    /** The API protection of {@code logto.api.paths} without Spring Security. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebMvcConfigurer.class)
    @ConditionalOnMissingClass(SECURITY_FILTER_CHAIN)
    @ConditionalOnBean(AccessTokenValidator.class)
    static class Api {
        /**
         * The interceptor over the adapter's bearer filter.
         *
         * @param validator  the validator
         * @param properties the properties
         * @return the interceptor
         */
        @Bean
        @ConditionalOnMissingBean
        LogtoBearerInterceptor logtoBearerInterceptor(AccessTokenValidator validator, LogtoProperties properties) {
            // Spring MVC has matched logto.api.paths already (the interceptor's registration): every
            // request that reaches the interceptor is protected, whatever path the filter would see
            // (a servlet path such as spring.mvc.servlet.path must not let a request through).
            String[] scopes = properties.getApi().getRequiredScopes().toArray(String[]::new);
            return new LogtoBearerInterceptor(LogtoBearerFilter.builder(validator).protect("/*", scopes).build());
        }

        /**
         * Registers the interceptor for {@code logto.api.paths}.
         *
         * @param interceptor the interceptor
         * @param properties  the properties
         * @return the configurer
         */
        @Bean
        WebMvcConfigurer logtoBearerInterceptorConfigurer(LogtoBearerInterceptor interceptor,
                                                          LogtoProperties properties) {
            List<String> patterns = LogtoPropertiesCheck.pathPatterns(properties.getApi().getPaths());
            return new WebMvcConfigurer() {
                @Override
                public void addInterceptors(InterceptorRegistry registry) {
                    if (!patterns.isEmpty()) {
                        registry.addInterceptor(interceptor).addPathPatterns(patterns);
                    }
                }
            };
        }
    }
}
