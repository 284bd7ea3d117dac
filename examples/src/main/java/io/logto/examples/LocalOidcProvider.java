package io.logto.examples;

import io.logto.sdk.m2m.ManagementApi;
import io.logto.testing.LogtoTokenCallback;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A local development OIDC provider on 127.0.0.1, so that an example shows a working sign-in with
 * no Logto account: <a href="https://github.com/navikt/mock-oauth2-server">mock-oauth2-server</a>
 * with a login form of ours, which says it is a development stand-in, where any user name signs in.
 *
 * <p>Its issuer is {@code http://127.0.0.1:PORT/oidc}, Logto's URL layout, so the SDK's endpoint
 * is simply {@link #endpoint()}. It accepts any client id and secret, and it is for development
 * only: it signs whatever claims are typed into its form.
 *
 * <p>Its access tokens for API resources are shaped as Logto's ({@code typ: at+jwt}, {@code aud} =
 * the resource, {@code scope}, {@code client_id}; logto-testing's {@code LogtoTokenCallback}), for
 * two resources: the example API ({@link ExampleApi}, permission {@value ExampleApi#SCOPE}) and a
 * self-hosted Logto's Management API ({@code https://default.logto.app/api}, scope {@code all}).
 *
 * <pre>{@code
 * try (LocalOidcProvider provider = LocalOidcProvider.start()) {
 *     LogtoConfig config = LogtoConfig.builder().endpoint(provider.endpoint())
 *             .appId(LocalOidcProvider.APP_ID).appSecret(LocalOidcProvider.APP_SECRET).build();
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class LocalOidcProvider implements AutoCloseable {
    /** The issuer id, so that the issuer is {@code {endpoint}/oidc} as in Logto. */
    public static final String ISSUER_ID = "oidc";
    /** The app id the examples use with this provider (it accepts any). */
    public static final String APP_ID = "logto-java-example";
    /** The app secret the examples use with this provider (it accepts any). */
    public static final String APP_SECRET = "local-development-secret";

    private final MockOAuth2Server server;

    private LocalOidcProvider(MockOAuth2Server server) {
        this.server = server;
    }

    /** Starts the provider on 127.0.0.1 on a free port, for the default example API. */
    public static LocalOidcProvider start() {
        return start(0);
    }

    /** Starts the provider on 127.0.0.1:{@code port} (0: a free port), for the default example API. */
    public static LocalOidcProvider start(int port) {
        return start(port, ExampleApi.DEFAULT_RESOURCE);
    }

    /**
     * Starts the provider on 127.0.0.1:{@code port} (0: a free port); it issues tokens for the API
     * resource {@code apiResource} (permission {@value ExampleApi#SCOPE}) and for the Management API.
     */
    public static LocalOidcProvider start(int port, String apiResource) {
        var tokens = LogtoTokenCallback.builder(ISSUER_ID)
                .apiResource(apiResource, ExampleApi.SCOPE)
                .apiResource(ManagementApi.SELF_HOSTED_RESOURCE, ManagementApi.SCOPE)
                .anyOrganization() // whatever organizations are typed into the login form
                .build();
        // interactiveLogin: show the login form on every authorization request, as Logto would; the form
        // is our own, which says that it is a development stand-in and not Logto.
        var server = new MockOAuth2Server(new OAuth2Config(true, loginPage().toString(), null, false,
                new OAuth2TokenProvider(), Set.of(tokens)));
        try {
            server.start(InetAddress.getByName("127.0.0.1"), port);
        } catch (IOException e) {
            throw new UncheckedIOException("the local OIDC provider could not start", e);
        }
        return new LocalOidcProvider(server);
    }

    /**
     * The login form, written to a temporary file (the provider reads its form from a file path):
     * the same fields as mock-oauth2-server's own form, and a notice that this is not Logto.
     */
    private static Path loginPage() {
        try (InputStream page = LocalOidcProvider.class.getResourceAsStream("/local-provider-login.html")) {
            if (page == null) {
                throw new IllegalStateException("local-provider-login.html is missing from the class path");
            }
            Path file = Files.createTempFile("logto-example-login", ".html");
            file.toFile().deleteOnExit();
            Files.write(file, page.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("the local provider's login page could not be written", e);
        }
    }

    /** The SDK endpoint: {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        // The provider names its issuer after the Host it is asked on; 127.0.0.1 is where it listens.
        return "http://127.0.0.1:" + server.baseUrl().port();
    }

    /** The issuer: {@code http://127.0.0.1:PORT/oidc}. */
    public String issuer() {
        return endpoint() + "/" + ISSUER_ID;
    }

    /** Stops the provider. */
    @Override
    public void close() {
        server.shutdown();
    }

    @Override
    public String toString() {
        return "LocalOidcProvider{" + issuer() + "}";
    }
}
