package io.logto.sdk.oidc;

import com.fasterxml.jackson.core.type.TypeReference;
import io.logto.sdk.LogtoException;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Calls the provider's userinfo endpoint ({@code /oidc/me} on Logto) with a bearer access token.
 * Thread-safe.
 */
public final class UserInfoClient {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final DiscoveryClient discovery;
    private final HttpTransport http;

    UserInfoClient(DiscoveryClient discovery, HttpTransport http) {
        this.discovery = discovery;
        this.http = http;
    }

    /**
     * The user's claims. Fails with {@link LogtoException.Code#USERINFO_FAILED} on any HTTP, network
     * or format problem.
     *
     * @param accessToken the access token
     * @return the user's claims
     */
    public CompletableFuture<Map<String, Object>> fetch(String accessToken) {
        return discovery.fetch().thenCompose(provider -> {
            if (provider.userinfoEndpoint().isEmpty()) {
                return CompletableFuture.failedFuture(new LogtoException(LogtoException.Code.USERINFO_FAILED,
                        "the provider publishes no userinfo endpoint"));
            }
            return http.get(provider.userinfoEndpoint().get(), Map.of("Authorization", "Bearer " + accessToken),
                    LogtoException.Code.USERINFO_FAILED, "userinfo");
        }).thenApply(response -> {
            if (!response.isSuccess()) {
                throw LogtoException.httpStatus(LogtoException.Code.USERINFO_FAILED,
                        "userinfo answered HTTP " + response.status(), response.status());
            }
            var json = HttpTransport.parseObject(response, LogtoException.Code.USERINFO_FAILED, "userinfo");
            return HttpTransport.JSON.convertValue(json, MAP);
        });
    }
}
