package io.logto.spring;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoEventListener;
import io.logto.sdk.OidcCore;
import io.logto.sdk.m2m.ClientCredentialsTokenProvider;
import io.logto.sdk.resourceserver.AccessTokenValidator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.util.List;

/**
 * The Logto beans every kind of application uses, from {@link LogtoProperties}: the sign-in
 * configuration and its shared {@link OidcCore} ({@code logto.app-id}), the
 * {@link AccessTokenValidator} of an API ({@code logto.api.resource}) and the
 * {@link ClientCredentialsTokenProvider} of a machine-to-machine application
 * ({@code logto.m2m.app-id}). Every bean backs off when the application defines its own. The
 * properties are checked first: a missing or wrong one fails the start-up, naming it.
 *
 * <p>The web side is {@link LogtoWebAutoConfiguration}; Spring Security's is
 * {@link LogtoSecurityAutoConfiguration}.
 */
@AutoConfiguration
@EnableConfigurationProperties(LogtoProperties.class)
@ConditionalOnBooleanProperty(name = "logto.enabled", matchIfMissing = true)
public class LogtoAutoConfiguration {
    /** Created by Spring. */
    public LogtoAutoConfiguration() {
    }

    /**
     * Checks the properties even when no bean below is made, so that a typo never passes silently.
     *
     * @param properties the bound properties
     * @return the checked properties
     */
    @Bean
    LogtoPropertiesChecked logtoPropertiesChecked(LogtoProperties properties) {
        LogtoPropertiesCheck.checkCommon(properties);
        return new LogtoPropertiesChecked(properties);
    }

    /**
     * The sign-in configuration.
     *
     * @param checked the checked properties
     * @return the configuration
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "logto.app-id")
    LogtoConfig logtoConfig(LogtoPropertiesChecked checked) {
        return LogtoPropertiesCheck.logtoConfig(checked.properties()).orElseThrow();
    }

    /**
     * The shared core: one HTTP client, the cached discovery document and keys. Every
     * {@link LogtoEventListener} bean (the Micrometer one, yours) hears its events.
     *
     * @param config    the sign-in configuration
     * @param listeners the listener beans
     * @return the core
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "logto.app-id")
    OidcCore logtoOidcCore(LogtoConfig config, ObjectProvider<LogtoEventListener> listeners) {
        return OidcCore.builder(config).eventListener(new LogtoEventListeners(listeners.orderedStream().toList()))
                .build();
    }

    /**
     * The access-token validator of this application's API.
     *
     * @param checked the checked properties
     * @return the validator
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "logto.api.resource")
    AccessTokenValidator logtoAccessTokenValidator(LogtoPropertiesChecked checked) {
        return LogtoPropertiesCheck.validator(checked.properties()).orElseThrow();
    }

    /**
     * Client-credentials tokens of the machine-to-machine application, cached until shortly before
     * they expire. For the Management API:
     * {@code provider.token(ManagementApi.tokenRequest("default")).join().authorizationHeader()}.
     *
     * @param checked the checked properties
     * @return the provider
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "logto.m2m.app-id")
    ClientCredentialsTokenProvider logtoClientCredentialsTokenProvider(LogtoPropertiesChecked checked) {
        LogtoConfig config = LogtoPropertiesCheck.m2mConfig(checked.properties()).orElseThrow();
        return ClientCredentialsTokenProvider.create(config);
    }

    /**
     * The properties after {@link LogtoPropertiesCheck#checkCommon}: beans that need them depend on
     * this, so the check runs first.
     *
     * @param properties the checked properties
     */
    record LogtoPropertiesChecked(LogtoProperties properties) {
    }

    /**
     * Every listener bean, in order, as one; a listener that throws does not keep the next from
     * hearing the event (the exception is logged, its class name only). Thread-safe as they are.
     */
    record LogtoEventListeners(List<LogtoEventListener> all) implements LogtoEventListener {
        private static final System.Logger LOG = System.getLogger(LogtoEventListener.class.getName());

        @Override
        public void signInCompleted() {
            each(LogtoEventListener::signInCompleted);
        }

        @Override
        public void signInFailed(io.logto.sdk.LogtoException.Code code) {
            each(l -> l.signInFailed(code));
        }

        @Override
        public void tokenRefreshed() {
            each(LogtoEventListener::tokenRefreshed);
        }

        @Override
        public void refreshFailed(io.logto.sdk.LogtoException.Code code) {
            each(l -> l.refreshFailed(code));
        }

        @Override
        public void backChannelLogout() {
            each(LogtoEventListener::backChannelLogout);
        }

        private void each(java.util.function.Consumer<LogtoEventListener> event) {
            for (LogtoEventListener listener : all) {
                try {
                    event.accept(listener);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "{0} threw {1}; ignored", listener.getClass().getName(),
                            e.getClass().getName());
                }
            }
        }
    }
}
