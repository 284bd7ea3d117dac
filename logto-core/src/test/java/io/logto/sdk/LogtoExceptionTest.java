package io.logto.sdk;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LogtoExceptionTest {
    @Test
    void providerErrorWhenProviderTextHasControlCharactersThenStripped() {
        var e = LogtoException.providerError(LogtoException.Code.CALLBACK_ERROR, "m",
                "bad\r\nX: y\u0000\u001b[31m\u007f\u0085", Optional.of("line1\nline2\ttab"));

        assertThat(e.error()).hasValueSatisfying(v -> assertThat(v).doesNotContain("\r", "\n", "\u0000", "\u001b",
                "\u007f", "\u0085"));
        assertThat(e.errorDescription()).hasValueSatisfying(v -> assertThat(v).doesNotContain("\n", "\t"));
        assertThat(e.getMessage()).doesNotContain("\r", "\n");
        assertThat(e.toString()).startsWith("LogtoException[CALLBACK_ERROR]");
    }

    @Test
    void providerErrorWhenProviderTextHasUnicodeLineBreaksOrBidiControlsThenStripped() {
        var e = LogtoException.providerError(LogtoException.Code.CALLBACK_ERROR, "m", "a\u2028b\u2029c\u202Ed\u200Be",
                Optional.of("x\u2028y"));

        assertThat(e.error()).hasValueSatisfying(v -> assertThat(v).doesNotContain("\u2028", "\u2029", "\u202E", "\u200B"));
        assertThat(e.errorDescription()).hasValueSatisfying(v -> assertThat(v).doesNotContain("\u2028"));
    }

    @Test
    void providerErrorWhenProviderTextIsHugeThenShortened() {
        var e = LogtoException.providerError(LogtoException.Code.CALLBACK_ERROR, "m", "e".repeat(100_000),
                Optional.of("d".repeat(100_000)));

        assertThat(e.error().orElseThrow().length()).isLessThanOrEqualTo(257);
        assertThat(e.errorDescription().orElseThrow().length()).isLessThanOrEqualTo(257);
        assertThat(e.getMessage().length()).isLessThan(400);
    }

    @Test
    void providerErrorWhenCutInsideASurrogatePairThenNoLoneSurrogate() {
        String text = "a".repeat(255) + "🔐🔐";
        var e = LogtoException.providerError(LogtoException.Code.CALLBACK_ERROR, "m", text, Optional.empty());

        String error = e.error().orElseThrow();
        for (int i = 0; i < error.length(); i++) {
            char c = error.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1).as("high surrogate at the end").isLessThan(error.length());
                assertThat(Character.isLowSurrogate(error.charAt(i + 1))).isTrue();
            }
        }
    }

    @Test
    void providerErrorWhenProviderTextEmptyThenAbsent() {
        var e = LogtoException.providerError(LogtoException.Code.TOKEN_REQUEST_FAILED, "m", "", Optional.empty(), 400);

        assertThat(e.error()).isEmpty();
        assertThat(e.errorDescription()).isEmpty();
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("m");
    }

    @Test
    void httpStatusWhenCreatedThenKeptWithoutProviderText() {
        var e = LogtoException.httpStatus(LogtoException.Code.JWKS_FAILED, "JWKS answered HTTP 503", 503);

        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(e.error()).isEmpty();
        assertThat(e.errorDescription()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("JWKS answered HTTP 503");
    }

    @Test
    void codeWhenCreatedThenKeptWithCause() {
        var cause = new IllegalStateException("x");
        var e = new LogtoException(LogtoException.Code.STORAGE_FAILED, "m", cause);

        assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED);
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e).isInstanceOf(RuntimeException.class);
    }
}
