package io.logto.sdk.oidc;

import io.logto.sdk.LogtoException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a failed request says. An unknown host is built here rather than looked up: a test must not
 * ask a DNS server (tests reach loopback only). Refused connections, TLS failures and timeouts are
 * produced for real in {@code ConfigurationMistakesTest}.
 */
class HttpTransportFailureTest {
    private static final URI DISCOVERY = URI.create("https://tenant.invalid/oidc/.well-known/openid-configuration");

    private final HttpTransport transport = HttpTransport.withLeanPath(HttpClient::newHttpClient,
            Duration.ofSeconds(2), Duration.ofSeconds(5));

    @Test
    void anUnknownHostNamesTheUrlAndSaysDns() {
        var failure = new IOException("lookup failed", new UnknownHostException("tenant.invalid"));

        LogtoException e = transport.mapFailure(failure, DISCOVERY, LogtoException.Code.DISCOVERY_FAILED, "discovery");

        assertThat(e.code()).isEqualTo(LogtoException.Code.DISCOVERY_FAILED);
        assertThat(e.getMessage()).contains("https://tenant.invalid/oidc/.well-known/openid-configuration")
                .contains("tenant.invalid is unknown (DNS)");
        assertThat(e.getCause()).isSameAs(failure);
    }

    @Test
    void anUnresolvedSocketAddressIsAlsoDns() {
        LogtoException e = transport.mapFailure(new UnresolvedAddressException(), DISCOVERY,
                LogtoException.Code.DISCOVERY_FAILED, "discovery");

        assertThat(e.getMessage()).contains("tenant.invalid is unknown (DNS)");
    }

    @Test
    void theUrlIsNamedWithoutItsQuery() {
        URI withQuery = URI.create("https://tenant.invalid/oidc/me?secret=x");

        LogtoException e = transport.mapFailure(new IOException("boom"), withQuery,
                LogtoException.Code.TOKEN_REQUEST_FAILED, "userinfo");

        assertThat(e.getMessage()).contains("https://tenant.invalid/oidc/me").doesNotContain("secret");
    }
}
