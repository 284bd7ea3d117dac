package io.logto.sdk.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.LogtoException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends requests to the provider without blocking: every request has a timeout, every body is read
 * with a size bound, and every failure becomes a {@link LogtoException} with the caller's code and
 * a message that names the endpoint but never the request's secrets. Thread-safe.
 */
final class HttpTransport {
    /** Largest response body read from the provider. */
    static final int MAX_BODY_BYTES = 512 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Duration requestTimeout;

    HttpTransport(HttpClient client, Duration requestTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
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
        var builder = HttpRequest.newBuilder(uri).GET().header("Accept", "application/json");
        headers.forEach(builder::header);
        return send(builder, failure, what);
    }

    CompletableFuture<Response> postForm(URI uri, List<Map.Entry<String, String>> form,
                                         LogtoException.Code failure, String what) {
        var builder = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)));
        return send(builder, failure, what);
    }

    /** GET that must answer 2xx with a JSON object. */
    CompletableFuture<JsonNode> getJsonObject(URI uri, LogtoException.Code failure, String what) {
        return get(uri, Map.of(), failure, what).thenApply(r -> {
            if (!r.isSuccess()) {
                throw LogtoException.httpStatus(failure, what + " answered HTTP " + r.status(), r.status());
            }
            return parseObject(r, failure, what);
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

    private CompletableFuture<Response> send(HttpRequest.Builder builder, LogtoException.Code failure, String what) {
        HttpRequest request = builder.timeout(requestTimeout).build();
        CompletableFuture<Response> result;
        try {
            result = client.sendAsync(request, info -> new BoundedBody(info)).thenApply(HttpResponse::body);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(
                    new LogtoException(failure, what + " could not be sent: " + e.getClass().getSimpleName(), e));
        }
        // The request timeout covers the headers; this bounds the body too.
        return result.orTimeout(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error == null) {
                        return response;
                    }
                    throw mapFailure(Futures.unwrap(error), failure, what);
                });
    }

    private LogtoException mapFailure(Throwable error, LogtoException.Code failure, String what) {
        if (error instanceof LogtoException e) {
            return e;
        }
        String reason;
        if (error instanceof HttpTimeoutException || error instanceof TimeoutException) {
            reason = "timed out after " + requestTimeout.toMillis() + " ms";
        } else if (error instanceof ConnectException) {
            reason = "connection failed (is Logto reachable?)";
        } else if (error instanceof BodyTooLargeException) {
            reason = "response body is larger than " + MAX_BODY_BYTES + " bytes";
        } else {
            reason = "network error (" + error.getClass().getSimpleName() + ")";
        }
        return new LogtoException(failure, what + " failed: " + reason, error);
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
