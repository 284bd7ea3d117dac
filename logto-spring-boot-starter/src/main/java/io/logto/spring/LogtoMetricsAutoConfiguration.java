package io.logto.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer counters of sign-ins, refreshes and back-channel logouts ({@link LogtoMicrometerListener})
 * when Micrometer is on the class path; they go to the application's {@link MeterRegistry}
 * (Actuator's, or one of your own). {@code logto.metrics.enabled=false} turns them off.
 */
@AutoConfiguration(before = LogtoAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "logto.metrics.enabled", matchIfMissing = true)
public class LogtoMetricsAutoConfiguration {
    /** Created by Spring. */
    public LogtoMetricsAutoConfiguration() {
    }

    /**
     * The listener; {@link LogtoAutoConfiguration} gives it to the core.
     *
     * @param registry the registry, looked up at each event (null-safe: no registry, no count)
     * @return the listener
     */
    @Bean
    @ConditionalOnMissingBean
    LogtoMicrometerListener logtoMicrometerListener(ObjectProvider<MeterRegistry> registry) {
        return new LogtoMicrometerListener(registry::getIfAvailable);
    }
}
