package io.logto.spring;

import io.logto.sdk.LogtoConfig;
import io.logto.sdk.LogtoException;
import io.logto.sdk.OidcCore;
import io.logto.sdk.m2m.ClientCredentialsRequest;
import io.logto.sdk.m2m.ClientCredentialsTokenProvider;
import io.logto.sdk.m2m.IssuedToken;
import io.logto.sdk.resourceserver.AccessTokenValidator;
import io.logto.sdk.servlet.LogtoWeb;
import io.logto.testing.LoopbackOidcProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up: missing or wrong {@code logto.*} properties stop the application with a message that
 * names the property; right ones give the beans of each role, and nothing the application did not ask for.
 */
class LogtoPropertiesStartupTest {
    private static final AutoConfigurations LOGTO = AutoConfigurations.of(LogtoAutoConfiguration.class,
            LogtoWebAutoConfiguration.class, LogtoMetricsAutoConfiguration.class);

    private final ApplicationContextRunner plain = new ApplicationContextRunner().withConfiguration(LOGTO);
    private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(LOGTO);

    private static String failure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable cause = context.getStartupFailure();
        while (!(cause instanceof LogtoException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(LogtoException.class);
        assertThat(((LogtoException) cause).code()).isEqualTo(LogtoException.Code.INVALID_CONFIG);
        return cause.getMessage();
    }

    private static String webFailure(AssertableWebApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable cause = context.getStartupFailure();
        while (!(cause instanceof LogtoException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(LogtoException.class);
        return cause.getMessage();
    }

    @Test
    void startWhenNoEndpointThenFailsNamingLogtoEndpoint() {
        plain.withPropertyValues("logto.app-id=app").run(context ->
                assertThat(failure(context)).contains("logto.endpoint is required"));
    }

    @Test
    void startWhenTheEndpointIsPlainHttpOnAnotherHostThenFailsNamingItAndTheWayOut() {
        plain.withPropertyValues("logto.endpoint=http://logto.example.com", "logto.app-id=app").run(context ->
                assertThat(failure(context)).contains("logto.endpoint must be an https URL")
                        .contains("logto.dangerously-allow-insecure-http"));
    }

    @Test
    void startWhenTheEndpointIsNotAUrlThenFailsNamingIt() {
        plain.withPropertyValues("logto.endpoint=tenant.logto.app", "logto.app-id=app").run(context ->
                assertThat(failure(context)).contains("logto.endpoint must be an absolute URL"));
    }

    @Test
    void startWhenNoRoleIsSetThenFailsNamingTheThreeProperties() {
        plain.withPropertyValues("logto.endpoint=https://tenant.logto.app").run(context ->
                assertThat(failure(context)).contains("logto.app-id").contains("logto.api.resource")
                        .contains("logto.m2m.app-id"));
    }

    @Test
    void startWhenAWebAppHasNoBaseUrlThenFailsNamingLogtoBaseUrl() {
        web.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app").run(context ->
                assertThat(webFailure(context)).contains("logto.base-url is required"));
    }

    @Test
    void startWhenAProtectedPathIsNotAPathThenFailsNamingTheList() {
        web.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app",
                "logto.base-url=https://app.example.com", "logto.web.protected-paths=/a/**").run(context ->
                assertThat(webFailure(context)).contains("logto.web.protected-paths entries must be exact paths"));
    }

    @Test
    void startWhenApiPathsHaveNoResourceThenFailsNamingLogtoApiResource() {
        plain.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app",
                "logto.api.paths=/api/*").run(context ->
                assertThat(failure(context)).contains("logto.api.paths is set but logto.api.resource is not"));
    }

    @Test
    void startWhenTheM2mSecretIsMissingThenFailsNamingIt() {
        plain.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.m2m.app-id=m2m").run(context ->
                assertThat(failure(context)).contains("logto.m2m.app-secret is required"));
    }

    @Test
    void startWhenASecretIsSetThenNoMessageOrToStringHasIt() {
        plain.withPropertyValues("logto.endpoint=http://logto.example.com", "logto.app-id=app",
                "logto.app-secret=s3cret-value").run(context -> {
                    assertThat(failure(context)).doesNotContain("s3cret-value");
                    assertThat(new LogtoProperties().toString()).doesNotContain("secret");
                });
    }

    @Test
    void startWhenDisabledThenNoLogtoBeanAndNoCheck() {
        plain.withPropertyValues("logto.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(LogtoProperties.class);
        });
    }

    @Test
    void startWhenOnlyAnApiThenOnlyTheValidator() {
        plain.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.api.resource=https://api.example.com")
                .run(context -> {
                    assertThat(context).hasSingleBean(AccessTokenValidator.class);
                    assertThat(context).doesNotHaveBean(LogtoConfig.class);
                    assertThat(context).doesNotHaveBean(OidcCore.class);
                    assertThat(context).doesNotHaveBean(ClientCredentialsTokenProvider.class);
                });
    }

    @Test
    void startWhenAWebAppThenTheCoreTheAdapterAndTheMetricsListener() {
        web.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app",
                "logto.base-url=https://app.example.com", "logto.scopes=email").run(context -> {
                    assertThat(context).hasSingleBean(OidcCore.class);
                    assertThat(context).hasSingleBean(LogtoWeb.class);
                    assertThat(context).hasSingleBean(LogtoMicrometerListener.class);
                    assertThat(context.getBean(LogtoConfig.class).scopes()).contains("email", "openid");
                    assertThat(context.getBean(LogtoWeb.class).config().redirectUri()).isEqualTo("https://app.example.com/callback");
                });
    }

    @Test
    void startWhenTheApplicationHasItsOwnCoreThenTheStarterUsesIt() {
        LogtoConfig own = LogtoConfig.builder().endpoint("https://tenant.logto.app").appId("app").build();
        web.withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.app-id=app",
                        "logto.base-url=https://app.example.com")
                .withBean(LogtoConfig.class, () -> own)
                .run(context -> assertThat(context.getBean(LogtoWeb.class).core().config()).isSameAs(own));
    }

    @Test
    void startWhenSpringSecurityIsAbsentThenNoSecurityBeansAndTheBearerInterceptor() {
        web.withConfiguration(AutoConfigurations.of(LogtoSecurityAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .withPropertyValues("logto.endpoint=https://tenant.logto.app", "logto.api.resource=https://api.example.com",
                        "logto.api.paths=/api/*")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(LogtoBearerInterceptor.class);
                    assertThat(context).doesNotHaveBean(SecurityFilterChain.class);
                    assertThat(context).doesNotHaveBean(LogtoJwtDecoder.class);
                });
    }

    @Test
    void m2mWhenConfiguredThenTheProviderGetsTokensFromLogto() {
        plain.withPropertyValues("logto.endpoint=" + TestProvider.PROVIDER.endpoint(), "logto.m2m.app-id=m2m",
                "logto.m2m.app-secret=" + LoopbackOidcProvider.APP_SECRET).run(context -> {
                    IssuedToken token = context.getBean(ClientCredentialsTokenProvider.class)
                            .token(ClientCredentialsRequest.forResource(TestProvider.API, "read:profile")).join();
                    assertThat(token.scopes()).contains("read:profile");
                    assertThat(token.authorizationHeader()).startsWith("Bearer ");
                });
    }

    @Test
    void metadataWhenAnIdeReadsItThenEveryPropertyHasADescription() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var names = new java.util.ArrayList<String>();
        for (String file : new String[] {"META-INF/spring-configuration-metadata.json",
                "META-INF/additional-spring-configuration-metadata.json"}) {
            try (var in = getClass().getClassLoader().getResourceAsStream(file)) {
                assertThat(in).as(file).isNotNull();
                for (var property : json.readTree(in).path("properties")) {
                    assertThat(property.path("description").asText()).as(property.path("name").asText()).isNotBlank();
                    names.add(property.path("name").asText());
                }
            }
        }
        assertThat(names).contains("logto.endpoint", "logto.app-id", "logto.base-url", "logto.web.protected-paths",
                "logto.api.resource", "logto.api.required-scopes", "logto.m2m.app-id", "logto.metrics.enabled",
                "management.health.logto.enabled");
    }

    @Test
    void listenersWhenOneThrowsThenTheNextStillHearsTheEvent() {
        var heard = new java.util.ArrayList<String>();
        io.logto.sdk.LogtoEventListener throwing = new io.logto.sdk.LogtoEventListener() {
            @Override
            public void signInCompleted() {
                throw new IllegalStateException("listener bug");
            }
        };
        io.logto.sdk.LogtoEventListener recording = new io.logto.sdk.LogtoEventListener() {
            @Override
            public void signInCompleted() {
                heard.add("signInCompleted");
            }

            @Override
            public void refreshFailed(LogtoException.Code code) {
                heard.add("refreshFailed " + code);
            }
        };
        var all = new LogtoAutoConfiguration.LogtoEventListeners(java.util.List.of(throwing, recording));

        all.signInCompleted();
        all.refreshFailed(LogtoException.Code.REFRESH_TOKEN_INVALID);

        assertThat(heard).containsExactly("signInCompleted", "refreshFailed REFRESH_TOKEN_INVALID");
    }
}
