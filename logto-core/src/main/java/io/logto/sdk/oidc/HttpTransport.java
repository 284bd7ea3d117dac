package io.logto.sdk.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.LogtoException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Sends requests to the provider without blocking: every request has a timeout, every body is read
 * with a size bound, and every failure becomes a {@link LogtoException} with the caller's code and
 * a message that names the endpoint but never the request's secrets.
 *
 * <p>Two ways out: the JDK's {@link HttpClient} (an application's own, or the SDK's where a proxy
 * applies), and the lean {@link Http1Client} for everything else when built with
 * {@link #withLeanPath}. Both give the same {@link Response}s and the same failures. Thread-safe.
 */
final class HttpTransport {
    /** Largest response body read from the provider. */
    static final int MAX_BODY_BYTES = 512 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> FORM_HEADERS = Map.of(
            "Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json");

    /** Origins whose proxy decision is remembered; beyond this many, it is made per request. */
    private static final int MAX_REMEMBERED_ORIGINS = 16;

    /** The JDK client, made on first use when {@link #clientFactory} is set (the lean path may never need it). */
    private volatile HttpClient client;
    private final Supplier<HttpClient> clientFactory;
    private final Duration requestTimeout;
    /** The connect timeout, to report it when it is the one that ran out; {@code null} when unknown. */
    private final Duration connectTimeout;
    /** The lean path for origins reached without a proxy; {@code null}: every request goes through {@link #client}. */
    private final Http1Client lean;
    private final Map<String, Boolean> directOrigins = new ConcurrentHashMap<>();

    /** Every request through {@code client} (an application's own client: its proxy, TLS and executor apply). */
    HttpTransport(HttpClient client, Duration requestTimeout) {
        this.client = client;
        this.clientFactory = null;
        this.requestTimeout = requestTimeout;
        this.connectTimeout = client.connectTimeout().orElse(null);
        this.lean = null;
    }

    private HttpTransport(Supplier<HttpClient> clientFactory, Duration connectTimeout, Duration requestTimeout,
                          Http1Client lean) {
        this.clientFactory = clientFactory;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.lean = lean;
    }

    /**
     * Requests to origins that the JVM's default {@link ProxySelector} reaches directly (the usual
     * case) go through the lean {@link Http1Client}, 1–2 ms faster per request than the JDK's client
     * on a busy machine; requests that must go through a proxy use the client {@code jdkClient}
     * makes (with the default proxy selector), on first need only: building one costs 100–200 ms
     * of class loading and a selector thread. Same timeouts, bounds and failures either way.
     */
    static HttpTransport withLeanPath(Supplier<HttpClient> jdkClient, Duration connectTimeout,
                                      Duration requestTimeout) {
        return new HttpTransport(jdkClient, connectTimeout, requestTimeout,
                new Http1Client(connectTimeout, requestTimeout, MAX_BODY_BYTES));
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = clientFactory.get();
                    client = c;
                }
            }
        }
        return c;
    }

    /** A response whose body has been read in full, within {@link #MAX_BODY_BYTES}. */
    record Response(int status, String contentType, byte[] body) {
        boolean isJson() {
            String type = contentType.toLowerCase(Locale.ROOT);
            int semi = type.indexOf(';');
            String media = (semi < 0 ? type : type.substring(0, semi)).strip();
            return media.equals("application/json") || media.endsWith("+json");
        }

        boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    CompletableFuture<Response> get(URI uri, Map<String, String> headers, LogtoException.Code failure, String what) {
        if (isDirect(uri)) {
            var all = new LinkedHashMap<String, String>();
            all.put("Accept", "application/json");
            all.putAll(headers);
            return sendLean("GET", uri, all, null, failure, what);
        }
        var builder = HttpRequest.newBuilder(uri).GET().header("Accept", "application/json");
        headers.forEach(builder::header);
        return send(uri, builder, failure, what);
    }

    CompletableFuture<Response> postForm(URI uri, List<Map.Entry<String, String>> form,
                                         LogtoException.Code failure, String what) {
        if (isDirect(uri)) {
            return sendLean("POST", uri, FORM_HEADERS, formEncode(form).getBytes(StandardCharsets.US_ASCII),
                    failure, what);
        }
        var builder = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)));
        return send(uri, builder, failure, what);
    }

    /** GET that must answer 2xx with a JSON object. */
    CompletableFuture<JsonNode> getJsonObject(URI uri, LogtoException.Code failure, String what) {
        String where = what + " (" + withoutQuery(uri) + ")";
        return get(uri, Map.of(), failure, what).thenApply(r -> {
            if (!r.isSuccess()) {
                throw LogtoException.httpStatus(failure, where + " answered HTTP " + r.status()
                        + (r.status() == 404 ? ": nothing there, check the endpoint" : ""), r.status());
            }
            return parseObject(r, failure, where);
        });
    }

    static JsonNode parseObject(Response r, LogtoException.Code failure, String what) {
        if (!r.isJson()) {
            throw LogtoException.httpStatus(failure, what + " answered with content type '"
                    + ProviderText.quote(r.contentType()) + "', not JSON", r.status());
        }
        try {
            JsonNode node = JSON.readTree(r.body());
            if (node == null || !node.isObject()) {
                throw LogtoException.httpStatus(failure, what + " answered JSON that is not an object", r.status());
            }
            return node;
        } catch (IOException e) {
            throw LogtoException.httpStatus(failure, what + " answered invalid JSON", r.status());
        }
    }

    private CompletableFuture<Response> send(URI uri, HttpRequest.Builder builder, LogtoException.Code failure,
                                             String what) {
        CompletableFuture<Response> result;
        try {
            HttpRequest request = builder.timeout(requestTimeout).build();
            result = client().sendAsync(request, info -> new BoundedBody(info)).thenApply(HttpResponse::body);
        } catch (RuntimeException e) {
            return notSent(e, failure, what);
        }
        return finish(uri, result, failure, what);
    }

    private CompletableFuture<Response> sendLean(String method, URI uri, Map<String, String> headers, byte[] body,
                                                 LogtoException.Code failure, String what) {
        CompletableFuture<Http1Client.Answer> answer;
        try {
            answer = lean.send(method, uri, headers, body);
        } catch (IllegalArgumentException e) {
            return notSent(e, failure, what);
        }
        return finish(uri, answer.thenApply(a -> new Response(a.status(), a.contentType(), a.body())), failure, what);
    }

    private static CompletableFuture<Response> notSent(RuntimeException e, LogtoException.Code failure, String what) {
        return CompletableFuture.failedFuture(
                new LogtoException(failure, what + " could not be sent: " + e.getClass().getSimpleName(), e));
    }

    /** Whether {@code uri} goes through the lean path: there is one, and no proxy applies. */
    private boolean isDirect(URI uri) {
        if (lean == null) {
            return false;
        }
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        Boolean known = directOrigins.get(origin);
        if (known != null) {
            return known;
        }
        ProxySelector selector = ProxySelector.getDefault();
        boolean direct;
        try {
            List<Proxy> proxies = selector == null ? List.of() : selector.select(uri);
            direct = proxies == null || proxies.isEmpty() || proxies.get(0).type() == Proxy.Type.DIRECT;
        } catch (RuntimeException e) {
            direct = false; // let the JDK's client decide and report
        }
        if (directOrigins.size() < MAX_REMEMBERED_ORIGINS) {
            directOrigins.put(origin, direct);
        }
        return direct;
    }

    private CompletableFuture<Response> finish(URI uri, CompletableFuture<Response> result,
                                               LogtoException.Code failure, String what) {
        // The request timeout covers the headers; this bounds the body too.
        return result.orTimeout(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error == null) {
                        return response;
                    }
                    throw mapFailure(Futures.unwrap(error), uri, failure, what);
                });
    }

    /** Says what went wrong on the way to {@code uri}, and what to check: the cause, never the request. */
    LogtoException mapFailure(Throwable error, URI uri, LogtoException.Code failure, String what) {
        if (error instanceof LogtoException e) {
            return e;
        }
        String reason;
        if (error instanceof HttpConnectTimeoutException) {
            reason = "could not connect within "
                    + (connectTimeout == null ? "the connect timeout" : connectTimeout.toMillis() + " ms")
                    + " (is the host reachable from here? a firewall or proxy?)";
        } else if (error instanceof HttpTimeoutException || error instanceof TimeoutException) {
            reason = "no answer within " + requestTimeout.toMillis() + " ms";
        } else if (causedBy(error, UnknownHostException.class) || causedBy(error, UnresolvedAddressException.class)) {
            reason = "the host name " + uri.getHost() + " is unknown (DNS): check the endpoint";
        } else if (causedBy(error, SSLException.class)) {
            Throwable tls = cause(error, SSLException.class);
            reason = "TLS failed (" + tls.getClass().getSimpleName()
                    + (tls.getMessage() == null ? "" : ": " + ProviderText.clean(tls.getMessage(), 200))
                    + "): is the certificate valid and trusted by this JVM?";
        } else if (causedBy(error, ConnectException.class)) {
            reason = "connection refused (is Logto running at that address and port?)";
        } else if (error instanceof BodyTooLargeException) {
            reason = "response body is larger than " + MAX_BODY_BYTES + " bytes";
        } else {
            reason = "network error (" + error.getClass().getSimpleName() + ")";
        }
        return new LogtoException(failure, what + " (" + withoutQuery(uri) + ") failed: " + reason, error);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        return cause(error, type) != null;
    }

    private static Throwable cause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    /** The URL as it may be logged: no query (a userinfo or revocation URL never has secrets there, but be sure). */
    static String withoutQuery(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    static String formEncode(List<Map.Entry<String, String>> form) {
        var out = new StringBuilder();
        for (var entry : form) {
            if (entry.getValue() == null) {
                continue;
            }
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** Thrown when a body goes past the bound; the connection is dropped, not drained. */
    static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException() {
            super("response body too large");
        }
    }

    /** Collects the body up to {@link #MAX_BODY_BYTES}, then gives up. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<Response> {
        private final HttpResponse.ResponseInfo info;
        private final CompletableFuture<Response> result = new CompletableFuture<>();
        private final List<ByteBuffer> parts = new ArrayList<>();
        private Flow.Subscription subscription;
        private int size;

        BoundedBody(HttpResponse.ResponseInfo info) {
            this.info = info;
        }

        @Override
        public CompletionStage<Response> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                size += item.remaining();
                if (size > MAX_BODY_BYTES) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLargeException());
                    return;
                }
                parts.add(item);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            byte[] body = new byte[size];
            int offset = 0;
            for (ByteBuffer part : parts) {
                int n = part.remaining();
                part.get(body, offset, n);
                offset += n;
            }
            String type = info.headers().firstValue("Content-Type").orElse("");
            result.complete(new Response(info.statusCode(), type, body));
        }
    }
}
