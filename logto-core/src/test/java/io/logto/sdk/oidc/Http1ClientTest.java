package io.logto.sdk.oidc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Http1Client} against a scripted server on loopback: framing (length, chunked, until
 * close), keep-alive and stale connections, bounds, deadlines and refused input. Timeouts here
 * are bounds on waiting, never measurements.
 */
class Http1ClientTest {
    private static final int MAX_BODY = 1024;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeServers() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void fixedLengthAnswerIsReadAndTheConnectionIsReused() throws Exception {
        var server = server((request, out) -> answer(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Content-Length: 11\r\n\r\n{\"ok\":true}"));
        Http1Client client = client(Duration.ofSeconds(5));

        var first = client.send("GET", server.uri("/a"), Map.of("Accept", "application/json"), null).join();
        var second = client.send("GET", server.uri("/b"), Map.of(), null).join();

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).isEqualTo("application/json");
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(second.status()).isEqualTo(200);
        assertThat(server.connections).hasValue(1);
        assertThat(client.idleConnections()).isEqualTo(1);
    }

    @Test
    void postSendsHeadAndBodyAsOneRequestWithItsLength() throws Exception {
        var server = server((request, out) -> answer(out, "HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\n{}"));
        Http1Client client = client(Duration.ofSeconds(5));
        byte[] body = "grant_type=authorization_code&code=abc".getBytes(StandardCharsets.US_ASCII);

        var answer = client.send("POST", server.uri("/oidc/token"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"), body).join();

        assertThat(answer.status()).isEqualTo(400);
        String received = server.requests.get(0);
        assertThat(received).startsWith("POST /oidc/token HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n")
                .contains("Content-Type: application/x-www-form-urlencoded\r\n")
                .contains("Content-Length: " + body.length + "\r\n")
                .endsWith("\r\n\r\ngrant_type=authorization_code&code=abc");
    }

    @Test
    void chunkedAnswerWithExtensionsAndTrailerIsDecoded() throws Exception {
        var server = server((request, out) -> answer(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: yes\r\n\r\n"));
        Http1Client client = client(Duration.ofSeconds(5));

        var answer = client.send("GET", server.uri("/"), Map.of(), null).join();
        client.send("GET", server.uri("/"), Map.of(), null).join();

        assertThat(new String(answer.body(), StandardCharsets.US_ASCII)).isEqualTo("hello, world");
        assertThat(server.connections).hasValue(1);
    }

    @Test
    void answerWithoutLengthIsReadUntilCloseAndItsConnectionIsNotReused() throws Exception {
        var server = server((request, out) -> {
            answer(out, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end");
            throw new IOException("close");
        });
        Http1Client client = client(Duration.ofSeconds(5));

        var answer = client.send("GET", server.uri("/"), Map.of(), null).join();
        client.send("GET", server.uri("/"), Map.of(), null).join();

        assertThat(new String(answer.body(), StandardCharsets.US_ASCII)).isEqualTo("until the end");
        assertThat(server.connections).hasValue(2);
        assertThat(client.idleConnections()).isZero();
    }

    @Test
    void http10AnswerClosesTheConnection() throws Exception {
        var server = server((request, out) -> answer(out, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        Http1Client client = client(Duration.ofSeconds(5));

        assertThat(client.send("GET", server.uri("/"), Map.of(), null).join().status()).isEqualTo(200);
        assertThat(client.idleConnections()).isZero();
    }

    @Test
    void interimAnswersAreSkipped() throws Exception {
        var server = server((request, out) -> answer(out, "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"));

        assertThat(client(Duration.ofSeconds(5)).send("POST", server.uri("/"), Map.of(), new byte[1]).join().status())
                .isEqualTo(201);
    }

    @Test
    void bodiesOverTheBoundFailWhateverTheirFraming() throws Exception {
        String big = "x".repeat(MAX_BODY + 1);
        var declared = server((request, out) -> answer(out,
                "HTTP/1.1 200 OK\r\nContent-Length: " + big.length() + "\r\n\r\n" + big));
        var chunked = server((request, out) -> answer(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(MAX_BODY) + "\r\n" + big.substring(1) + "\r\n1\r\nx\r\n0\r\n\r\n"));
        var untilClose = server((request, out) -> {
            answer(out, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + big);
            throw new IOException("close");
        });
        Http1Client client = client(Duration.ofSeconds(5));

        for (TestServer server : List.of(declared, chunked, untilClose)) {
            assertThatThrownBy(() -> client.send("GET", server.uri("/"), Map.of(), null).join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(HttpTransport.BodyTooLargeException.class);
        }
        assertThat(client.idleConnections()).isZero();
    }

    @Test
    void aServerThatNeverAnswersTimesOutAtTheDeadline() throws Exception {
        var server = server((request, out) -> sleep(10_000));
        Http1Client client = client(Duration.ofMillis(300));

        assertThatThrownBy(() -> client.send("GET", server.uri("/"), Map.of(), null).join())
                .hasCauseInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void aServerThatStallsInTheBodyTimesOutAtTheDeadline() throws Exception {
        var server = server((request, out) -> {
            answer(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a part");
            sleep(10_000);
        });
        Http1Client client = client(Duration.ofMillis(300));

        assertThatThrownBy(() -> client.send("GET", server.uri("/"), Map.of(), null).join())
                .hasCauseInstanceOf(HttpTimeoutException.class);
        assertThat(client.idleConnections()).isZero();
    }

    @Test
    void aKeptConnectionTheServerClosedMeanwhileIsReplacedWithoutFailingTheRequest() throws Exception {
        // Answers as keep-alive, then closes: the kept connection is dead when the next request comes.
        var server = server((request, out) -> {
            answer(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            throw new IOException("close after answering");
        });
        Http1Client client = client(Duration.ofSeconds(5));

        assertThat(client.send("GET", server.uri("/"), Map.of(), null).join().status()).isEqualTo(200);
        Thread.sleep(50); // let the close arrive
        assertThat(client.send("POST", server.uri("/"), Map.of(), new byte[3]).join().status()).isEqualTo(200);
        assertThat(server.connections).hasValue(2);
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void keepAliveTimeoutOfTheServerIsRespected() throws Exception {
        var server = server((request, out) -> answer(out,
                "HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\nContent-Length: 0\r\n\r\n"));
        Http1Client client = client(Duration.ofSeconds(5));

        client.send("GET", server.uri("/"), Map.of(), null).join();
        client.send("GET", server.uri("/"), Map.of(), null).join();

        // timeout=1 less the second's margin: never reused.
        assertThat(server.connections).hasValue(2);
    }

    @Test
    void headerValuesThatWouldBreakTheHeadAreRefusedBeforeSending() throws Exception {
        var server = server((request, out) -> answer(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        Http1Client client = client(Duration.ofSeconds(5));

        assertThatThrownBy(() -> client.send("GET", server.uri("/"), Map.of("X-A", "a\r\nX-Injected: 1"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.send("GET", server.uri("/"), Map.of("X A", "a"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.send("GET", URI.create("ftp://127.0.0.1/"), Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.requests).isEmpty();
    }

    @Test
    void malformedAnswersFailAsIoErrors() throws Exception {
        for (String raw : List.of("SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n")) {
            var server = server((request, out) -> answer(out, raw));
            assertThatThrownBy(() -> client(Duration.ofSeconds(5)).send("GET", server.uri("/"), Map.of(), null).join())
                    .as(raw)
                    .hasCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void aRefusedConnectionFailsAsConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + "/");

        assertThatThrownBy(() -> client(Duration.ofSeconds(5)).send("GET", closed, Map.of(), null).join())
                .hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void httpsToAServerWithoutTlsFailsInsteadOfSendingInClear() throws Exception {
        var server = server((request, out) -> answer(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        URI https = URI.create("https://127.0.0.1:" + server.port() + "/");

        assertThatThrownBy(() -> client(Duration.ofSeconds(2)).send("GET", https, Map.of(), null).join())
                .hasCauseInstanceOf(IOException.class);
        assertThat(server.requests).isEmpty();
    }

    @Test
    void concurrentRequestsEachGetTheirOwnAnswer() throws Exception {
        var server = server((request, out) -> {
            String path = request.substring(4, request.indexOf(' ', 4));
            answer(out, "HTTP/1.1 200 OK\r\nContent-Length: " + path.length() + "\r\n\r\n" + path);
        });
        Http1Client client = client(Duration.ofSeconds(5));
        var futures = new ArrayList<java.util.concurrent.CompletableFuture<Http1Client.Answer>>();
        for (int i = 0; i < 40; i++) {
            futures.add(client.send("GET", server.uri("/" + i), Map.of(), null));
        }

        for (int i = 0; i < 40; i++) {
            assertThat(new String(futures.get(i).join().body(), StandardCharsets.US_ASCII)).isEqualTo("/" + i);
        }
        assertThat(client.idleConnections()).isLessThanOrEqualTo(Http1Client.MAX_IDLE_PER_ORIGIN);
    }

    private Http1Client client(Duration requestTimeout) {
        return new Http1Client(Duration.ofSeconds(2), requestTimeout, MAX_BODY);
    }

    private TestServer server(BiConsumerWithIo handler) throws IOException {
        var server = new TestServer(handler);
        closeables.add(server);
        return server;
    }

    private static void answer(OutputStream out, String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    interface BiConsumerWithIo {
        void handle(String request, OutputStream out) throws IOException;
    }

    /** Accepts connections on loopback; reads each request (head and Content-Length body) and lets the handler answer. */
    static final class TestServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        TestServer(BiConsumerWithIo handler) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        connections.incrementAndGet();
                        accepted.add(s);
                        Thread worker = new Thread(() -> serve(s, handler));
                        worker.setDaemon(true);
                        worker.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve(Socket s, BiConsumerWithIo handler) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    String request = readRequest(in);
                    if (request == null) {
                        return;
                    }
                    requests.add(request);
                    handler.handle(request, out);
                }
            } catch (IOException e) {
                // the script closed the connection
            }
        }

        private static String readRequest(InputStream in) throws IOException {
            var head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        }

        int port() {
            return socket.getLocalPort();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port() + path);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
