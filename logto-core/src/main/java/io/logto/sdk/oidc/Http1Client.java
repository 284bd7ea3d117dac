package io.logto.sdk.oidc;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A small HTTP/1.1 client for the SDK's few, small requests to Logto (token, refresh, revocation,
 * userinfo, discovery, JWKS): one blocking exchange on a keep-alive connection, run on one of this
 * client's own threads.
 *
 * <p>Why not {@link java.net.http.HttpClient}: each of its exchanges passes between the caller, its
 * executor and its selector thread several times; on a busy 2-core machine those hand-offs cost
 * 1–2 ms per request, more than Logto's own work on a token request (docs/PERFORMANCE.md). Here a
 * request is one write of head and body together and blocking reads on one thread, which costs one
 * hand-off (the caller's future completes on that thread).
 *
 * <p>What it does: {@code http} and {@code https} (the JVM's default {@link SSLContext}, host-name
 * verification, SNI); fixed-length, chunked and close-delimited bodies; 1xx responses skipped; a
 * connect timeout, and a deadline for the whole exchange checked before every read; a bound on the
 * response head ({@value #MAX_HEAD_BYTES} bytes) and body ({@code maxBodyBytes}); header values
 * with CR or LF refused. Idle connections are kept per origin (at most {@value #MAX_IDLE_PER_ORIGIN})
 * for the server's {@code Keep-Alive: timeout} less a second, at most {@value #MAX_IDLE_SECONDS} s;
 * one idle for more than a second is probed before reuse. A request that fails on a reused
 * connection before any byte of the answer arrived (the server closed it meanwhile) is sent once
 * more on a new connection. No proxies, redirects, cookies or compression: the caller uses the
 * JDK's client where a proxy applies. At most {@value #MAX_THREADS} exchanges run at once; more
 * wait in line. Thread-safe; an idle thread ends after {@value #THREAD_IDLE_SECONDS} s (starting one again
 * costs well under a millisecond, and a discarded client leaves no thread behind for long).
 */
final class Http1Client {
    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_IDLE_PER_ORIGIN = 8;
    static final int MAX_IDLE_SECONDS = 30;
    static final int MAX_THREADS = 64;
    static final int THREAD_IDLE_SECONDS = 5;
    private static final long PROBE_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxBodyBytes;
    private final ThreadPoolExecutor executor;
    private final SSLContext tls;
    private final Map<String, Deque<Connection>> idle = new HashMap<>();

    /** The parts of an answer the SDK reads. */
    record Answer(int status, String contentType, byte[] body) {
    }

    Http1Client(Duration connectTimeout, Duration requestTimeout, int maxBodyBytes) {
        this(connectTimeout, requestTimeout, maxBodyBytes, null);
    }

    /** With {@code tls} for {@code https} ({@code null}: the JVM's default {@link SSLContext}, read per connection). */
    Http1Client(Duration connectTimeout, Duration requestTimeout, int maxBodyBytes, SSLContext tls) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.maxBodyBytes = maxBodyBytes;
        String id = Integer.toHexString(System.identityHashCode(this));
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "logto-http-" + id + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // Like a cached pool (an idle thread takes the task, else a new thread starts), but with at
        // most MAX_THREADS threads: beyond that, tasks wait in the queue.
        HandOffQueue queue = new HandOffQueue();
        this.executor = new ThreadPoolExecutor(0, MAX_THREADS, THREAD_IDLE_SECONDS, TimeUnit.SECONDS, queue, factory,
                (task, pool) -> queue.add(task));
    }

    /** Offers a task only to a thread that is waiting for one, so that the pool grows instead of queueing. */
    private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean offer(Runnable task) {
            return tryTransfer(task);
        }
    }

    /** The executor that runs the exchanges (and so the stages that follow them). */
    Executor executor() {
        return executor;
    }

    /**
     * Sends one request. {@code body} may be {@code null} (no body). The future fails with
     * {@link HttpTimeoutException} (connect or exchange deadline), {@link ConnectException},
     * {@link HttpTransport.BodyTooLargeException} or another {@link IOException}.
     *
     * @throws IllegalArgumentException at once for a URI that is not absolute http(s), or a header
     *                                  name or value that would break the request head
     */
    CompletableFuture<Answer> send(String method, URI uri, Map<String, String> headers, byte[] body) {
        Request request = Request.of(method, uri, headers, body);
        CompletableFuture<Answer> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(exchange(request));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    private Answer exchange(Request request) throws IOException {
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        Connection reused = takeIdle(request.origin);
        if (reused != null) {
            try {
                return exchangeOn(reused, request, deadline);
            } catch (StaleConnectionException stale) {
                reused.close(); // the server closed it while idle; the request did not reach it
            }
        }
        Connection fresh = Connection.open(request, connectTimeout, deadline, tls);
        try {
            return exchangeOn(fresh, request, deadline);
        } catch (StaleConnectionException e) {
            throw new EOFException("the server closed the connection without answering");
        }
    }

    private Answer exchangeOn(Connection connection, Request request, long deadline) throws IOException {
        boolean keep = false;
        try {
            connection.write(request.bytes);
            Response response = readResponse(connection, deadline);
            keep = response.reusable;
            if (keep) {
                connection.idleSince = System.nanoTime();
                connection.keepAliveNanos = response.keepAliveNanos;
                putIdle(request.origin, connection);
            }
            return new Answer(response.status, response.contentType, response.body);
        } catch (SocketTimeoutException e) {
            throw new HttpTimeoutException("request timed out");
        } catch (StaleConnectionException | HttpTimeoutException | HttpTransport.BodyTooLargeException e) {
            throw e;
        } catch (IOException e) {
            if (connection.reused && connection.bytesRead == 0) {
                throw new StaleConnectionException();
            }
            throw e;
        } finally {
            if (!keep) {
                connection.close();
            }
        }
    }

    private Response readResponse(Connection c, long deadline) throws IOException {
        while (true) {
            String statusLine = c.readLine(deadline);
            int status = parseStatus(statusLine);
            boolean http10 = statusLine.startsWith("HTTP/1.0");
            Map<String, String> headers = new HashMap<>();
            int headBytes = statusLine.length();
            for (String line = c.readLine(deadline); !line.isEmpty(); line = c.readLine(deadline)) {
                headBytes += line.length() + 2;
                if (headBytes > MAX_HEAD_BYTES) {
                    throw new IOException("response head is larger than " + MAX_HEAD_BYTES + " bytes");
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed response header");
                }
                String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                headers.merge(name, value, (a, b) -> a + ", " + b);
            }
            if (status >= 100 && status < 200) {
                continue; // interim answer (100 Continue, 103 Early Hints): the real one follows
            }
            String connectionHeader = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
            boolean keepAlive = http10 ? connectionHeader.contains("keep-alive") : !connectionHeader.contains("close");
            String transferEncoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
            String contentLength = headers.get("content-length");
            byte[] body;
            boolean framed = true;
            if (status == 204 || status == 304) {
                body = new byte[0];
            } else if (!transferEncoding.isEmpty()) {
                if (!transferEncoding.equals("chunked")) {
                    throw new IOException("unsupported transfer encoding");
                }
                body = readChunked(c, deadline);
            } else if (contentLength != null) {
                long length;
                try {
                    length = Long.parseLong(contentLength.strip());
                } catch (NumberFormatException e) {
                    throw new IOException("malformed Content-Length");
                }
                if (length < 0) {
                    throw new IOException("malformed Content-Length");
                }
                if (length > maxBodyBytes) {
                    throw new HttpTransport.BodyTooLargeException();
                }
                body = c.readExactly((int) length, deadline);
            } else {
                body = c.readToEnd(maxBodyBytes, deadline);
                framed = false;
            }
            return new Response(status, headers.getOrDefault("content-type", ""), body, keepAlive && framed,
                    keepAliveNanos(headers.get("keep-alive")));
        }
    }

    private byte[] readChunked(Connection c, long deadline) throws IOException {
        var out = new ByteArrayOutputStream();
        while (true) {
            String line = c.readLine(deadline);
            int semi = line.indexOf(';');
            String hex = (semi < 0 ? line : line.substring(0, semi)).strip();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size");
            }
            if (size < 0) {
                throw new IOException("malformed chunk size");
            }
            if (size == 0) {
                int trailer = 0;
                for (String t = c.readLine(deadline); !t.isEmpty(); t = c.readLine(deadline)) {
                    trailer += t.length();
                    if (trailer > MAX_HEAD_BYTES) {
                        throw new IOException("trailer too large");
                    }
                }
                return out.toByteArray();
            }
            if ((long) out.size() + size > maxBodyBytes) {
                throw new HttpTransport.BodyTooLargeException();
            }
            out.write(c.readExactly(size, deadline));
            if (!c.readLine(deadline).isEmpty()) {
                throw new IOException("malformed chunk");
            }
        }
    }

    private static int parseStatus(String line) throws IOException {
        if (!(line.startsWith("HTTP/1.1 ") || line.startsWith("HTTP/1.0 ")) || line.length() < 12) {
            throw new IOException("not an HTTP/1.x response");
        }
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("malformed status line");
        }
    }

    /** How long the server keeps an idle connection, less a second's margin, within our own limit. */
    private static long keepAliveNanos(String keepAlive) {
        long seconds = MAX_IDLE_SECONDS;
        if (keepAlive != null) {
            for (String part : keepAlive.split(",")) {
                String p = part.strip().toLowerCase(Locale.ROOT);
                if (p.startsWith("timeout=")) {
                    try {
                        seconds = Math.min(seconds, Long.parseLong(p.substring(8).strip()) - 1);
                    } catch (NumberFormatException ignored) {
                        // keep our own limit
                    }
                }
            }
        }
        return TimeUnit.SECONDS.toNanos(Math.max(0, seconds));
    }

    private Connection takeIdle(String origin) {
        while (true) {
            Connection c;
            synchronized (idle) {
                Deque<Connection> connections = idle.get(origin);
                c = connections == null ? null : connections.pollLast();
            }
            if (c == null) {
                return null;
            }
            long idleNanos = System.nanoTime() - c.idleSince;
            if (idleNanos < c.keepAliveNanos && (idleNanos < PROBE_AFTER_IDLE_NANOS || c.isAlive())) {
                c.reused = true;
                c.bytesRead = 0;
                return c;
            }
            c.close();
        }
    }

    private void putIdle(String origin, Connection c) {
        List<Connection> evicted = new ArrayList<>(1);
        synchronized (idle) {
            Deque<Connection> connections = idle.computeIfAbsent(origin, k -> new ArrayDeque<>());
            connections.addLast(c);
            if (connections.size() > MAX_IDLE_PER_ORIGIN) {
                evicted.add(connections.pollFirst());
            }
            // The oldest kept connections whose keep-alive has run out: the server has closed or
            // will close them; free their sockets now rather than when they are next taken.
            long now = System.nanoTime();
            for (Connection oldest = connections.peekFirst(); oldest != null && oldest != c
                    && now - oldest.idleSince >= oldest.keepAliveNanos; oldest = connections.peekFirst()) {
                evicted.add(connections.pollFirst());
            }
        }
        evicted.forEach(Connection::close);
    }

    /** How many idle connections are kept (for tests). */
    int idleConnections() {
        synchronized (idle) {
            return idle.values().stream().mapToInt(Deque::size).sum();
        }
    }

    private record Response(int status, String contentType, byte[] body, boolean reusable, long keepAliveNanos) {
    }

    /** A reused connection failed before any byte of the answer: safe to send again on a new one. */
    private static final class StaleConnectionException extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnectionException() {
            super("stale connection", null);
        }
    }

    /** One request, serialized once. */
    private record Request(String origin, String host, int port, boolean tls, byte[] bytes) {
        static Request of(String method, URI uri, Map<String, String> headers, byte[] body) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an absolute http(s) URI");
            }
            boolean tls = scheme.equals("https");
            int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
            String host = uri.getHost();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            var head = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host);
            if (uri.getPort() >= 0 && port != (tls ? 443 : 80)) {
                head.append(':').append(port);
            }
            head.append("\r\n");
            for (var header : headers.entrySet()) {
                checkHeader(header.getKey(), header.getValue());
                head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            checkAscii(head);
            byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] bytes = new byte[headBytes.length + (body == null ? 0 : body.length)];
            System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
            if (body != null) {
                System.arraycopy(body, 0, bytes, headBytes.length, body.length);
            }
            String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return new Request(scheme + "://" + host + ":" + port, bareHost, port, tls, bytes);
        }

        private static void checkHeader(String name, String value) {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty header name");
            }
            for (int i = 0; i < name.length(); i++) {
                char ch = name.charAt(i);
                if (ch <= ' ' || ch >= 127 || ch == ':') {
                    throw new IllegalArgumentException("invalid header name");
                }
            }
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                if (ch == '\r' || ch == '\n' || ch == 0) {
                    throw new IllegalArgumentException("invalid header value");
                }
            }
        }

        private static void checkAscii(CharSequence head) {
            for (int i = 0; i < head.length(); i++) {
                if (head.charAt(i) > 255) {
                    throw new IllegalArgumentException("non-Latin-1 request head");
                }
            }
        }
    }

    /** One socket, with its own read buffer. Used by one exchange at a time. */
    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[8192];
        private int position;
        private int limit;
        long idleSince;
        long keepAliveNanos;
        boolean reused;
        long bytesRead;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static Connection open(Request request, Duration connectTimeout, long deadline, SSLContext context)
                throws IOException {
            Socket plain = new Socket();
            try {
                plain.setTcpNoDelay(true);
                int timeout = (int) Math.max(1, Math.min(connectTimeout.toMillis(), remainingMillis(deadline)));
                try {
                    plain.connect(new InetSocketAddress(request.host, request.port), timeout);
                } catch (SocketTimeoutException e) {
                    throw new HttpConnectTimeoutException("connect timed out");
                }
                if (!request.tls) {
                    return new Connection(plain);
                }
                SSLSocket tls = (SSLSocket) (context != null ? context : defaultSslContext()).getSocketFactory()
                        .createSocket(plain, request.host, request.port, true);
                SSLParameters params = tls.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (!request.host.contains(":") && !request.host.matches("[0-9.]+")) {
                    params.setServerNames(List.of(new SNIHostName(request.host)));
                }
                tls.setSSLParameters(params);
                tls.setSoTimeout((int) Math.max(1, remainingMillis(deadline)));
                try {
                    tls.startHandshake();
                } catch (SocketTimeoutException e) {
                    throw new HttpTimeoutException("TLS handshake timed out");
                }
                return new Connection(tls);
            } catch (IOException | RuntimeException e) {
                closeQuietly(plain);
                throw e;
            }
        }

        private static SSLContext defaultSslContext() throws IOException {
            try {
                return SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("no TLS available", e);
            }
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Reads more into the empty buffer; false at the end of the stream. */
        private boolean fill(long deadline) throws IOException {
            setTimeout(deadline);
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return false;
            }
            position = 0;
            limit = n;
            bytesRead += n;
            return true;
        }

        /** A line without its CR LF (Latin-1), at most {@link #MAX_HEAD_BYTES} long. */
        String readLine(long deadline) throws IOException {
            StringBuilder longLine = null;
            while (true) {
                if (position == limit && !fill(deadline)) {
                    throw new EOFException("connection closed in the response head");
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                int end = position;
                boolean complete = position < limit;
                if (complete) {
                    position++; // past the LF
                }
                String part = new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
                if (longLine == null && complete) {
                    return stripCr(part);
                }
                if (longLine == null) {
                    longLine = new StringBuilder(128);
                }
                longLine.append(part);
                if (longLine.length() > MAX_HEAD_BYTES) {
                    throw new IOException("response line too long");
                }
                if (complete) {
                    return stripCr(longLine.toString());
                }
            }
        }

        private static String stripCr(String line) {
            return !line.isEmpty() && line.charAt(line.length() - 1) == '\r' ? line.substring(0, line.length() - 1) : line;
        }

        byte[] readExactly(int length, long deadline) throws IOException {
            byte[] bytes = new byte[length];
            int offset = Math.min(length, limit - position);
            System.arraycopy(buffer, position, bytes, 0, offset);
            position += offset;
            while (offset < length) {
                setTimeout(deadline);
                int n = in.read(bytes, offset, length - offset);
                if (n < 0) {
                    throw new EOFException("connection closed in the response body");
                }
                offset += n;
                bytesRead += n;
            }
            return bytes;
        }

        byte[] readToEnd(int max, long deadline) throws IOException {
            var out = new ByteArrayOutputStream();
            while (true) {
                int available = limit - position;
                if (available > 0) {
                    if (out.size() + available > max) {
                        throw new HttpTransport.BodyTooLargeException();
                    }
                    out.write(buffer, position, available);
                    position = limit;
                }
                if (!fill(deadline)) {
                    return out.toByteArray();
                }
            }
        }

        private void setTimeout(long deadline) throws IOException {
            long remaining = remainingMillis(deadline);
            if (remaining <= 0) {
                throw new HttpTimeoutException("request timed out");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
        }

        /** An idle connection the server has not closed: nothing to read, and no end of stream. */
        boolean isAlive() {
            if (position < limit) {
                return false; // bytes nobody asked for
            }
            try {
                socket.setSoTimeout(1);
                in.read(buffer, 0, buffer.length); // end of stream, or unasked-for bytes: not reusable
                return false;
            } catch (SocketTimeoutException expected) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        void close() {
            closeQuietly(socket);
        }

        private static long remainingMillis(long deadline) {
            return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
