package io.logto.examples.spring;

import io.logto.examples.ExampleApi;
import io.logto.examples.ExampleApp;
import io.logto.examples.ExampleLauncher;
import io.logto.sdk.LogtoConfig;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Spring Boot example: the seed's Flask sample (home, sign in, Continue with Naver, a protected
 * page, sign out) plus the protected API {@code GET /api/profile}, all from {@code logto.*}
 * properties and the starter, with Spring Security. Run it with
 * {@code mvn -q -pl examples/spring -am process-classes -Drun=spring}; like the other examples it uses
 * the local development provider unless {@code LOGTO_ENDPOINT} (and {@code LOGTO_APP_ID},
 * {@code LOGTO_APP_SECRET}, {@code LOGTO_BASE_URL}, {@code LOGTO_API_RESOURCE}) are set.
 *
 * <p>In an application of your own the properties go in {@code application.properties}; here they
 * come from the examples' shared settings so that every example reads the same variables.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ExampleController.class)
public class SpringExample {
    /** Created by Spring. */
    public SpringExample() {
    }

    /**
     * Starts the example as configured by the environment.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        ExampleLauncher.run("Spring Boot app (logto-spring-boot-starter, Spring Security)", SpringExample::start);
    }

    /**
     * Starts the example for {@code config}; see {@link ExampleApp#start(LogtoConfig, URI)}.
     *
     * @param config  the SDK configuration the launcher made from the environment
     * @param baseUrl where the browser reaches the app; port 0 picks a free port
     * @return the running app
     * @throws IOException when no free port can be found
     */
    public static ExampleApp.Running start(LogtoConfig config, URI baseUrl) throws IOException {
        URI actualBaseUrl = baseUrl.getPort() == 0 ? ExampleApp.withPort(baseUrl, freePort()) : baseUrl;
        String api = ExampleApi.fromEnvironment(System.getenv()).resource();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SpringExample.class)
                .properties(properties(config, actualBaseUrl, api))
                .run();
        return new ExampleApp.Running() {
            @Override
            public URI baseUrl() {
                return actualBaseUrl;
            }

            @Override
            public List<String> notes() {
                return List.of("API:      " + actualBaseUrl + "/api/profile takes an access token for " + api
                        + " with " + ExampleApi.SCOPE + " (the protected page shows one to try)");
            }

            @Override
            public void close() {
                context.close();
            }
        };
    }

    /** What {@code application.properties} would say. */
    static Map<String, Object> properties(LogtoConfig config, URI baseUrl, String api) {
        var p = new LinkedHashMap<String, Object>();
        p.put("logto.endpoint", config.endpoint().toString());
        p.put("logto.app-id", config.appId());
        config.appSecret().ifPresent(secret -> p.put("logto.app-secret", secret));
        p.put("logto.scopes", String.join(",", config.scopes()));
        p.put("logto.resources", api);
        p.put("logto.base-url", baseUrl.toString());
        p.put("logto.dangerously-allow-insecure-http", config.insecureHttpAllowed());
        p.put("logto.web.protected-paths", "/protected");
        p.put("logto.api.resource", api);
        p.put("logto.api.paths", "/api/*");
        p.put("logto.api.required-scopes", ExampleApi.SCOPE);
        p.put("server.port", baseUrl.getPort() == -1 ? 80 : baseUrl.getPort());
        p.put("server.address", ExampleApp.bindAddress(baseUrl).getAddress().getHostAddress());
        p.put("spring.main.banner-mode", "off");
        return p;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
