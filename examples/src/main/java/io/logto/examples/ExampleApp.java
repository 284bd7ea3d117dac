package io.logto.examples;

import io.logto.sdk.LogtoConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * The one thing every example app provides: start serving, given the SDK configuration and the
 * base URL the browser will use. {@link ExampleLauncher} runs any example through this seam, and
 * the browser test drives each of them the same way.
 *
 * <pre>{@code
 * ExampleApp app = JdkServerExample::start;
 * try (ExampleApp.Running running = app.start(config, URI.create("http://127.0.0.1:0"))) {
 *     URI home = running.baseUrl();   // the real port
 * }
 * }</pre>
 *
 * <p>Every example serves the same routes and renders them with {@link io.logto.examples.pages.Pages},
 * so a test written against one works against all.
 */
@FunctionalInterface
public interface ExampleApp {
    /**
     * Starts the app.
     *
     * @param config  the SDK configuration
     * @param baseUrl where the browser reaches the app ({@code scheme://host:port}); port 0 picks
     *                a free port, and {@link Running#baseUrl()} then tells which
     */
    Running start(LogtoConfig config, URI baseUrl) throws IOException;

    /** A started app. Closing it stops serving. */
    interface Running extends AutoCloseable {
        /** The base URL with the real port. */
        URI baseUrl();

        /** Lines the launcher prints about what else this app shows (none by default). */
        default java.util.List<String> notes() {
            return java.util.List.of();
        }

        @Override
        void close();

        /**
         * A started app at {@code baseUrl} that {@code stop} stops.
         *
         * @param baseUrl the base URL with the real port
         * @param notes   lines for the launcher to print
         * @param stop    stops serving
         * @return the running app
         */
        static Running of(URI baseUrl, java.util.List<String> notes, Runnable stop) {
            var lines = java.util.List.copyOf(notes);
            return new Running() {
                @Override
                public URI baseUrl() {
                    return baseUrl;
                }

                @Override
                public java.util.List<String> notes() {
                    return lines;
                }

                @Override
                public void close() {
                    stop.run();
                }
            };
        }
    }

    /**
     * The address to listen on for {@code baseUrl}: loopback when the URL names this machine
     * (nothing else can reach a development app), every interface otherwise.
     */
    static InetSocketAddress bindAddress(URI baseUrl) {
        int port = portOf(baseUrl);
        String host = baseUrl.getHost();
        if ("localhost".equalsIgnoreCase(host)) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() ? new InetSocketAddress(address, port) : new InetSocketAddress(port);
        } catch (UnknownHostException e) {
            return new InetSocketAddress(port);
        }
    }

    /** {@code baseUrl} with {@code port}, for when the app was asked for port 0. */
    static URI withPort(URI baseUrl, int port) {
        try {
            return new URI(baseUrl.getScheme(), null, baseUrl.getHost(), port, null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static int portOf(URI baseUrl) {
        if (baseUrl.getPort() >= 0) {
            return baseUrl.getPort();
        }
        return "https".equalsIgnoreCase(baseUrl.getScheme()) ? 443 : 80;
    }
}
