package io.logto.examples;

import io.logto.sdk.LogtoConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The fixture the route tests of every example share: one local provider per class, and the
 * example under test started on a free loopback port per test (stopped after it).
 */
public abstract class RunningExampleTest {
    /** The local development provider, started once per test class. */
    protected static LocalOidcProvider provider;

    private ExampleApp.Running app;

    @BeforeAll
    static void startProvider() {
        provider = LocalOidcProvider.start();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    /** The example under test. */
    protected abstract ExampleApp example();

    /** Starts the example with {@code scopes}; returns its base URL. */
    protected URI start(List<String> scopes) throws IOException {
        ExampleSettings settings = ExampleSettings.fromEnvironment(Map.of())
                .withBaseUrl(URI.create("http://127.0.0.1:0"));
        LogtoConfig config = settings.logtoConfig(provider.endpoint()).toBuilder().scopes(scopes).build();
        app = example().start(config, settings.baseUrl());
        return app.baseUrl();
    }

    /** Starts the example with the default scopes; returns its base URL. */
    protected URI start() throws IOException {
        return start(ExampleSettings.DEFAULT_SCOPES);
    }
}
