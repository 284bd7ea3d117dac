package io.logto.sdk.servlet;

import io.logto.sdk.LogtoConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CsrfToken} alone, on an in-memory session: what makes sign-out refuse a request — a
 * cross-site mark, a foreign {@code Origin}, a missing, repeated, empty or other session's token —
 * and how an origin is compared.
 */
class CsrfTokenTest {
    private static final String KEY = "logto." + CsrfToken.KEY;
    private static final LogtoServletConfig CONFIG = LogtoServletConfig.builder(
            LogtoConfig.builder().endpoint("http://127.0.0.1:9").appId("app-1").build(), "https://app.example.com")
            .build();

    private final FakeRequests.Request request = new FakeRequests.Request();

    private String token() {
        return CsrfToken.of(request.proxy);
    }

    @Test
    void ofWhenNoneThenARandom32ByteTokenKeptInTheSessionAndTheSameOnEveryCall() {
        String token = token();

        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(request.attributes).containsEntry(KEY, token);
        assertThat(token()).isEqualTo(token);
        assertThat(CsrfToken.of(new FakeRequests.Request().proxy)).as("another session's").isNotEqualTo(token);
    }

    @Test
    void ofWhenTheStoredTokenIsEmptyThenANewOne() {
        request.proxy.getSession(true);
        request.attributes.put(KEY, "");

        assertThat(token()).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void forgetThenTheNextTokenIsNew() {
        String before = token();

        CsrfToken.forget(request.proxy);

        assertThat(request.attributes).doesNotContainKey(KEY);
        assertThat(token()).isNotEqualTo(before);
    }

    @Test
    void acceptsTheSessionsTokenInTheFormFieldOrTheHeader() {
        String token = token();

        request.query.set(SignOutForm.PARAMETER + "=" + token);
        assertThat(CsrfToken.accepts(request.proxy, CONFIG)).isTrue();

        request.query.set(null);
        request.headers.put(SignOutForm.HEADER, token);
        assertThat(CsrfToken.accepts(request.proxy, CONFIG)).isTrue();
    }

    @Test
    void refusesAMissingWrongOrRepeatedToken() {
        String token = token();

        assertThat(CsrfToken.accepts(request.proxy, CONFIG)).as("none").isFalse();
        request.query.set(SignOutForm.PARAMETER + "=" + token.substring(1) + "x");
        assertThat(CsrfToken.accepts(request.proxy, CONFIG)).as("another").isFalse();
        request.query.set(SignOutForm.PARAMETER + "=" + token + "&" + SignOutForm.PARAMETER + "=" + token);
        assertThat(CsrfToken.accepts(request.proxy, CONFIG)).as("twice").isFalse();
        request.query.set(SignOutForm.PARAMETER + "=" + token);
        request.headers.put(SignOutForm.HEADER, "wrong");
        assertThat(CsrfToken.accepts(request.proxy, CONFIG)).as("the header decides when present").isFalse();
    }

    @Test
    void refusesWhenTheSessionHasNoTokenOrAnEmptyOneEvenIfAnEmptyOneIsSent() {
        request.query.set(SignOutForm.PARAMETER + "=");
        assertThat(CsrfToken.accepts(request.proxy, CONFIG)).as("no session").isFalse();
        assertThat(request.session.get()).as("no session created").isNull();

        request.proxy.getSession(true);
        request.attributes.put(KEY, "");
        assertThat(CsrfToken.accepts(request.proxy, CONFIG)).as("empty token in the session").isFalse();
        request.headers.put(SignOutForm.HEADER, "");
        assertThat(CsrfToken.accepts(request.proxy, CONFIG)).isFalse();
    }

    @Test
    void refusesTheRightTokenWhenTheBrowserMarksTheRequestCrossSite() {
        request.query.set(SignOutForm.PARAMETER + "=" + token());

        request.headers.put("Sec-Fetch-Site", "Cross-Site");
        assertThat(CsrfToken.accepts(request.proxy, CONFIG)).isFalse();
        request.headers.put("Sec-Fetch-Site", "same-site");
        assertThat(CsrfToken.accepts(request.proxy, CONFIG)).isTrue();
    }

    @Test
    void refusesTheRightTokenFromAForeignOriginButLetsTheTokenDecideForOriginNull() {
        request.query.set(SignOutForm.PARAMETER + "=" + token());

        for (String foreign : new String[]{"https://evil.example", "http://app.example.com",
                "https://app.example.com:8443", "https://app.example.com.evil.example", "", "garbage"}) {
            request.headers.put("Origin", foreign);
            assertThat(CsrfToken.accepts(request.proxy, CONFIG)).as(foreign).isFalse();
        }
        for (String own : new String[]{"https://app.example.com", "HTTPS://App.Example.COM:443", "null"}) {
            request.headers.put("Origin", own);
            assertThat(CsrfToken.accepts(request.proxy, CONFIG)).as(own).isTrue();
        }
    }

    @Test
    void originIsSchemeHostAndOnlyANonDefaultPortInLowerCase() {
        assertThat(CsrfToken.origin("https://App.Example.com/path?q")).isEqualTo("https://app.example.com");
        assertThat(CsrfToken.origin("https://app.example.com:443")).isEqualTo("https://app.example.com");
        assertThat(CsrfToken.origin("http://app.example.com:80")).isEqualTo("http://app.example.com");
        assertThat(CsrfToken.origin(" http://app.example.com ")).isEqualTo("http://app.example.com");
        // The default port of the other scheme is not the default here.
        assertThat(CsrfToken.origin("https://app.example.com:80")).isEqualTo("https://app.example.com:80");
        assertThat(CsrfToken.origin("http://app.example.com:443")).isEqualTo("http://app.example.com:443");
        assertThat(CsrfToken.origin("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void originWhenNoSchemeNoHostOrUnparsableThenEmpty() {
        assertThat(CsrfToken.origin("//app.example.com")).isEmpty();
        assertThat(CsrfToken.origin("mailto:someone@app.example.com")).isEmpty();
        assertThat(CsrfToken.origin("https://")).isEmpty();
        assertThat(CsrfToken.origin("https://app example.com")).isEmpty();
    }
}
