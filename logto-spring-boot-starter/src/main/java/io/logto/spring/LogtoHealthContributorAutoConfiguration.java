package io.logto.spring;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

/**
 * The {@code logto} health indicator for Spring Boot 4, whose health API moved to
 * {@code org.springframework.boot.health.contributor} (module spring-boot-health); Boot 3's twin is
 * {@code LogtoHealthAutoConfiguration}. Each loads only where its API is. Up when Logto's discovery document and key set can be
 * fetched ({@link LogtoHealthProbe}). Off with {@code management.health.logto.enabled=false}.
 */
@AutoConfiguration(after = LogtoAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnProperty(name = "logto.endpoint")
@ConditionalOnBooleanProperty(name = "management.health.logto.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "logto.enabled", matchIfMissing = true)
@ConditionalOnBean(LogtoProperties.class)
public class LogtoHealthContributorAutoConfiguration {
    /** Created by Spring. */
    public LogtoHealthContributorAutoConfiguration() {
    }

    /**
     * The indicator, named {@code logto} in {@code /actuator/health}.
     *
     * @param properties the properties
     * @return the indicator
     */
    @Bean(name = "logtoHealthIndicator")
    @ConditionalOnMissingBean(name = "logtoHealthIndicator")
    HealthIndicator logtoHealthIndicator(LogtoProperties properties) {
        var probe = new LogtoHealthProbe(properties.getEndpoint(), Duration.ofSeconds(5));
        return () -> {
            LogtoHealthProbe.Result result = probe.check();
            return (result.up() ? Health.up() : Health.down()).withDetails(result.details()).build();
        };
    }
}
