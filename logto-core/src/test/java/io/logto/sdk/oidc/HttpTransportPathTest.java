package io.logto.sdk.oidc;

import io.logto.sdk.LogtoException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which path {@link HttpTransport#withLeanPath} takes: the lean client where the JVM's default
 * proxy selector says DIRECT, the JDK's client (built on first need only) where it names a proxy.
 */
class HttpTransportPathTest {
    private final ProxySelector original = ProxySelector.getDefault();
    private Http1ClientTest.TestServer server;

    @AfterEach
    void restore() throws IOException {
        ProxySelector.setDefault(original);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void directOriginsTakeTheLeanPathAndNeverBuildTheJdkClient() throws Exception {
        server = new Http1ClientTest.TestServer(HttpTransportPathTest::ok);
        var built = new AtomicInteger();
        HttpTransport transport = HttpTransport.withLeanPath(() -> {
            built.incrementAndGet();
            return HttpClient.newHttpClient();
        }, Duration.ofSeconds(2), Duration.ofSeconds(5));

        var response = transport.get(server.uri("/x"), Map.of(), LogtoException.Code.DISCOVERY_FAILED, "test").join();

        assertThat(response.status()).isEqualTo(200);
        assertThat(server.requests.get(0)).startsWith("GET /x HTTP/1.1\r\n");
        assertThat(built).hasValue(0);
    }

    @Test
    void originsBehindAProxyGoThroughTheJdkClientBuiltOnce() throws Exception {
        server = new Http1ClientTest.TestServer(HttpTransportPathTest::ok);
        int proxyPort = server.port();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return "proxied.invalid".equals(uri.getHost())
                        ? List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxyPort)))
                        : List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
            }
        });
        var built = new AtomicInteger();
        HttpTransport transport = HttpTransport.withLeanPath(() -> {
            built.incrementAndGet();
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        }, Duration.ofSeconds(2), Duration.ofSeconds(5));
        URI proxied = URI.create("http://proxied.invalid/oidc/token");

        for (int i = 0; i < 2; i++) {
            var response = transport.postForm(proxied, List.of(Map.entry("a", "b")),
                    LogtoException.Code.TOKEN_REQUEST_FAILED, "test").join();
            assertThat(response.status()).isEqualTo(200);
        }

        // An HTTP proxy is sent the absolute URI: the request went through the JDK client.
        assertThat(server.requests.get(0)).startsWith("POST http://proxied.invalid/oidc/token HTTP/1.1\r\n");
        assertThat(built).hasValue(1);
    }

    private static void ok(String request, OutputStream out) throws IOException {
        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
