package io.logto.spring.app;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.servlet.LogtoWeb;
import io.logto.spring.LogtoSessionAuthenticationFilter;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/** A test application with a SecurityFilterChain of its own, as docs/spring-boot.md shows. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableWebSecurity
@Import({PagesController.class, SecuredController.class})
public class OwnChainApp {
    /**
     * The application's chain: /account needs a signed-in user, the rest is open.
     *
     * @param http   Spring Security's builder
     * @param web    the starter's LogtoWeb
     * @param config the starter's LogtoConfig
     * @return the chain
     * @throws Exception as the builder does
     */
    @Bean
    SecurityFilterChain ownChain(HttpSecurity http, LogtoWeb web, LogtoConfig config) throws Exception {
        http.addFilterAfter(new LogtoSessionAuthenticationFilter(web), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(a -> a.requestMatchers(PathPatternRequestMatcher.withDefaults().matcher("/account/**"))
                        .authenticated().anyRequest().permitAll())
                .exceptionHandling(e -> e.authenticationEntryPoint(
                        (req, res, ex) -> res.sendRedirect(web.config().url(web.config().signInPath()))));
        return http.build();
    }
}
