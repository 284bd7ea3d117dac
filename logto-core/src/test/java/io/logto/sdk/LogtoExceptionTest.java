package io.logto.sdk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogtoExceptionTest {
    @Test
    void constructorWhenProviderTextHasControlCharactersThenStripped() {
        var e = new LogtoException(LogtoException.Code.CALLBACK_ERROR, "m", "bad\r\nX: y\u0000\u001b[31m\u007f\u0085",
                "line1\nline2\ttab", 0, null);

        assertThat(e.error()).hasValueSatisfying(v -> assertThat(v).doesNotContain("\r", "\n", "\u0000", "\u001b",
                "\u007f", "\u0085"));
        assertThat(e.errorDescription()).hasValueSatisfying(v -> assertThat(v).doesNotContain("\n", "\t"));
        assertThat(e.getMessage()).doesNotContain("\r", "\n");
        assertThat(e.toString()).startsWith("LogtoException[CALLBACK_ERROR]");
    }

    @Test
    void constructorWhenProviderTextHasUnicodeLineBreaksOrBidiControlsThenStripped() {
        var e = new LogtoException(LogtoException.Code.CALLBACK_ERROR, "m", "a\u2028b\u2029c\u202Ed\u200Be",
                "x\u2028y", 0, null);

        assertThat(e.error()).hasValueSatisfying(v -> assertThat(v).doesNotContain("\u2028", "\u2029", "\u202E", "\u200B"));
        assertThat(e.errorDescription()).hasValueSatisfying(v -> assertThat(v).doesNotContain("\u2028"));
    }

    @Test
    void constructorWhenProviderTextIsHugeThenShortened() {
        var e = new LogtoException(LogtoException.Code.CALLBACK_ERROR, "m", "e".repeat(100_000),
                "d".repeat(100_000), 0, null);

        assertThat(e.error().orElseThrow().length()).isLessThanOrEqualTo(257);
        assertThat(e.errorDescription().orElseThrow().length()).isLessThanOrEqualTo(257);
        assertThat(e.getMessage().length()).isLessThan(400);
    }

    @Test
    void constructorWhenCutInsideASurrogatePairThenNoLoneSurrogate() {
        String text = "a".repeat(255) + "🔐🔐";
        var e = new LogtoException(LogtoException.Code.CALLBACK_ERROR, "m", text, null, 0, null);

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
    void constructorWhenProviderTextEmptyThenAbsent() {
        var e = new LogtoException(LogtoException.Code.TOKEN_REQUEST_FAILED, "m", "", null, 400, null);

        assertThat(e.error()).isEmpty();
        assertThat(e.errorDescription()).isEmpty();
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("m");
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
