package io.logto.spring;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import io.logto.sdk.resourceserver.AccessTokenValidator;
import io.logto.sdk.servlet.LogtoWeb;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.ClassUtils;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Logto with Spring Security: the Logto session becomes the request's
 * {@link org.springframework.security.core.Authentication} ({@link LogtoSessionAuthenticationFilter},
 * authorities from the requested scopes and Logto roles), {@code @PreAuthorize} works
 * ({@code @EnableMethodSecurity}, unless the application enables it itself), and — unless the
 * application defines its own {@link SecurityFilterChain} — a chain that:
 * <ul>
 *   <li>sends visitors of {@code logto.web.protected-paths} to sign-in, and answers {@code 401} on
 *       {@code logto.web.unauthorized-paths};</li>
 *   <li>with {@code logto.api.resource} (and spring-security-oauth2-resource-server), accepts Logto
 *       access tokens on {@code logto.api.paths} ({@link LogtoJwtDecoder},
 *       {@link LogtoJwtAuthenticationConverter}), each needing {@code logto.api.required-scopes}:
 *       {@code 401}/{@code 403} with RFC 6750 challenges;</li>
 *   <li>permits everything else;</li>
 *   <li>keeps Spring Security's CSRF protection on — the sign-out form posts Spring's token and the
 *       adapter's — except for the back-channel logout endpoint (Logto posts there, authenticated by
 *       the logout token's signature) and the sign-in endpoint's "Continue" form (which carries the
 *       adapter's own anti-forgery token); and its session-fixation protection untouched (the
 *       callback also renews the session id).</li>
 * </ul>
 */
@AutoConfiguration(after = {LogtoAutoConfiguration.class, LogtoWebAutoConfiguration.class}, beforeName = {
        // Boot 3.5: the default chain, and the resource server's (made when a JwtDecoder exists).
        "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration",
        // Boot 4.0: the same, in their new modules.
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"})
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "logto.enabled", matchIfMissing = true)
public class LogtoSecurityAutoConfiguration {
    private static final String RESOURCE_SERVER = "org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider";

    /** Created by Spring. */
    public LogtoSecurityAutoConfiguration() {
    }

    /** {@code @PreAuthorize} and friends, unless the application enabled method security itself. */
    @Configuration(proxyBeanMethods = false)
    @EnableMethodSecurity
    @ConditionalOnMissingBean(name = "preAuthorizeAuthorizationMethodInterceptor")
    static class MethodSecurity {
    }

    /** The decoder and converter of Logto access tokens, with spring-security-oauth2-resource-server. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = RESOURCE_SERVER)
    @ConditionalOnBean(AccessTokenValidator.class)
    static class ResourceServer {
        /**
         * The decoder.
         *
         * @param validator the API's validator
         * @return the decoder
         */
        @Bean
        @ConditionalOnMissingBean(org.springframework.security.oauth2.jwt.JwtDecoder.class)
        LogtoJwtDecoder logtoJwtDecoder(AccessTokenValidator validator) {
            return new LogtoJwtDecoder(validator);
        }

        /**
         * The converter.
         *
         * @return the converter
         */
        @Bean
        @ConditionalOnMissingBean
        LogtoJwtAuthenticationConverter logtoJwtAuthenticationConverter() {
            return new LogtoJwtAuthenticationConverter();
        }
    }

    /** The chain, unless the application has its own. */
    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    static class Chain {
        /**
         * The filter chain described on the class.
         *
         * @param http       Spring Security's builder
         * @param properties the properties
         * @param web        the shared object, when the application signs users in
         * @param config     the sign-in configuration, when the application signs users in
         * @param beans      where the token decoder and converter are, when the application is an API
         * @return the chain
         * @throws Exception as Spring Security's builder does
         */
        @Bean
        SecurityFilterChain logtoSecurityFilterChain(HttpSecurity http, LogtoProperties properties,
                                                     ObjectProvider<LogtoWeb> web, ObjectProvider<LogtoConfig> config,
                                                     BeanFactory beans)
                throws Exception {
            // No resource-server type in this signature or body: resolving one would load
            // spring-security-oauth2-jose, absent from a plain sign-in app (LogtoResourceServerChain).
            LogtoProperties.Web paths = properties.getWeb();
            List<String> apiPaths = properties.getApi().getPaths();
            RequestMatcher pages = matcher(paths.getProtectedPaths());
            RequestMatcher unauthorized = matcher(paths.getUnauthorizedPaths());
            RequestMatcher api = matcher(apiPaths);
            List<String> scopes = properties.getApi().getRequiredScopes();

            http.authorizeHttpRequests(authorize -> {
                if (!apiPaths.isEmpty()) {
                    authorize.requestMatchers(api).access(allScopes(scopes));
                }
                if (!paths.getProtectedPaths().isEmpty()) {
                    authorize.requestMatchers(pages).authenticated();
                }
                if (!paths.getUnauthorizedPaths().isEmpty()) {
                    authorize.requestMatchers(unauthorized).authenticated();
                }
                authorize.anyRequest().permitAll();
            });
            if (!apiPaths.isEmpty()) {
                if (!ClassUtils.isPresent(RESOURCE_SERVER, getClass().getClassLoader())) {
                    throw new LogtoException(LogtoException.Code.INVALID_CONFIG, "logto.api.paths with Spring Security "
                            + "needs spring-boot-starter-oauth2-resource-server on the class path");
                }
                LogtoResourceServerChain.configure(http, api, beans);
            }
            // The return path travels as returnTo; nothing is saved in the session.
            http.requestCache(cache -> cache.requestCache(new NullRequestCache()));
            LogtoWeb logtoWeb = web.getIfAvailable();
            if (logtoWeb != null) {
                http.addFilterAfter(new LogtoSessionAuthenticationFilter(logtoWeb),
                        SecurityContextHolderFilter.class);
                http.csrf(csrf -> {
                    csrf.ignoringRequestMatchers(PathPatternRequestMatcher.withDefaults()
                            .matcher(HttpMethod.POST, paths.getSignInPath()));
                    if (paths.getBackChannelLogoutPath() != null) {
                        csrf.ignoringRequestMatchers(PathPatternRequestMatcher.withDefaults()
                                .matcher(HttpMethod.POST, paths.getBackChannelLogoutPath()));
                    }
                });
                String signIn = logtoWeb.config().url(paths.getSignInPath());
                AuthenticationEntryPoint toSignIn = (request, response, e) -> {
                    String path = request.getRequestURI().substring(request.getContextPath().length());
                    String here = request.getQueryString() == null ? path : path + "?" + request.getQueryString();
                    response.sendRedirect(signIn + "?returnTo=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
                };
                http.exceptionHandling(errors -> {
                    if (!paths.getProtectedPaths().isEmpty()) {
                        errors.defaultAuthenticationEntryPointFor(toSignIn, pages);
                    }
                    errors.defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                            unauthorized);
                });
            }
            return http.build();
        }

        /**
         * An access token issued for the API ({@link LogtoAuthorities#API_TOKEN}: not a signed-in
         * session, not an organization token), with every one of {@code scopes} as a global permission.
         */
        static AuthorizationManager<RequestAuthorizationContext> allScopes(List<String> scopes) {
            List<String> needed = new java.util.ArrayList<>();
            needed.add(LogtoAuthorities.API_TOKEN);
            scopes.forEach(s -> needed.add(LogtoAuthorities.scope(s)));
            @SuppressWarnings("unchecked")
            AuthorizationManager<RequestAuthorizationContext>[] each = needed.stream()
                    .map(AuthorityAuthorizationManager::<RequestAuthorizationContext>hasAuthority)
                    .toArray(AuthorizationManager[]::new);
            return AuthorizationManagers.allOf(each);
        }

        /** Servlet-style patterns ({@code /exact}, {@code /prefix/*}) as one matcher; matches nothing when empty. */
        private static RequestMatcher matcher(List<String> servletPatterns) {
            List<RequestMatcher> matchers = LogtoPropertiesCheck.pathPatterns(servletPatterns).stream()
                    .map(p -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(p)).toList();
            return matchers.isEmpty() ? request -> false : new OrRequestMatcher(matchers);
        }
    }
}
