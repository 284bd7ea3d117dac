package io.logto.sdk.oidc;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Http1Client} over TLS, against an {@code SSLServerSocket} on loopback with certificates
 * made by the JDK's keytool for this test: a trusted certificate for 127.0.0.1 works (and its
 * connection is kept), an untrusted one and one for another host name are refused before any
 * request byte is sent.
 */
class Http1ClientTlsTest {
    private static final char[] PASSWORD = "test-password".toCharArray();
    @TempDir
    static Path dir;
    private static KeyStore forLoopback;
    private static KeyStore forOtherHost;

    @BeforeAll
    static void makeCertificates() throws Exception {
        forLoopback = keyStore("loopback", "SAN=ip:127.0.0.1");
        forOtherHost = keyStore("other", "SAN=dns:other.example");
    }

    @Test
    void httpsWithATrustedCertificateForTheHostWorksAndKeepsItsConnection() throws Exception {
        try (var server = new TlsServer(forLoopback)) {
            Http1Client client = client(trusting(forLoopback));

            var first = client.send("GET", server.uri("/oidc/.well-known/openid-configuration"), Map.of(), null).join();
            var second = client.send("POST", server.uri("/oidc/token"), Map.of(), "a=b".getBytes(StandardCharsets.US_ASCII)).join();

            assertThat(first.status()).isEqualTo(200);
            assertThat(new String(first.body(), StandardCharsets.US_ASCII)).isEqualTo("{\"tls\":true}");
            assertThat(second.status()).isEqualTo(200);
            assertThat(server.connections).isEqualTo(1);
            assertThat(server.requestLines).containsExactly("GET /oidc/.well-known/openid-configuration HTTP/1.1",
                    "POST /oidc/token HTTP/1.1");
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        try (var server = new TlsServer(forLoopback)) {
            Http1Client client = client(trusting(forOtherHost));

            assertThatThrownBy(() -> client.send("GET", server.uri("/"), Map.of(), null).join())
                    .hasCauseInstanceOf(SSLHandshakeException.class);
            assertThat(server.requestLines).isEmpty();
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRefused() throws Exception {
        try (var server = new TlsServer(forOtherHost)) {
            Http1Client client = client(trusting(forOtherHost));

            assertThatThrownBy(() -> client.send("GET", server.uri("/"), Map.of(), null).join())
                    .hasCauseInstanceOf(SSLHandshakeException.class);
            assertThat(server.requestLines).isEmpty();
        }
    }

    private static Http1Client client(SSLContext tls) {
        return new Http1Client(Duration.ofSeconds(5), Duration.ofSeconds(10), 4096, tls);
    }

    /** A key pair and self-signed certificate made by the JDK's keytool. */
    private static KeyStore keyStore(String name, String extension) throws Exception {
        Path file = dir.resolve(name + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-keystore", file.toString(),
                "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-alias", name, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", extension, "-validity", "2")
                .redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static SSLContext trusting(KeyStore store) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** Answers every request with a small JSON body, keeping the connection. */
    private static final class TlsServer implements AutoCloseable {
        final SSLServerSocket socket;
        final List<String> requestLines = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile int connections;

        TlsServer(KeyStore store) throws Exception {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 10,
                    InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        SSLSocket s = (SSLSocket) socket.accept();
                        connections++;
                        Thread worker = new Thread(() -> serve(s));
                        worker.setDaemon(true);
                        worker.start();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve(SSLSocket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    requestLines.add(head.substring(0, head.indexOf("\r\n")));
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).strip());
                        }
                    }
                    in.readNBytes(length);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n"
                            + "{\"tls\":true}").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (Exception e) {
                // handshake refused or client gone
            }
        }

        private static String readHead(InputStream in) throws java.io.IOException {
            var head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.append((char) b);
            }
            return head.toString();
        }

        URI uri(String path) {
            return URI.create("https://127.0.0.1:" + socket.getLocalPort() + path);
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}
