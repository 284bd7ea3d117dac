package io.logto.sdk.servlet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ReturnPathCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/protected", "/orders/42?tab=items&x=1#top", "/a%20b", "/sale/50%", "/sale/50%25",
            "/caf%C3%A9", "/café", "/search?q=a%2Fb", "/a/b/../c", "/?returnTo=//x"})
    void isSafeWhenLocalPathThenAccepted(String path) {
        assertThat(ReturnPathCheck.isSafe(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "protected", "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example",
            "https://evil.example/", "http:/evil.example", "javascript:alert(1)", "data:text/html,x",
            "/%2F%2Fevil.example", "/%2f/evil.example", "/%5Cevil.example", "/%252F%252Fevil.example",
            "/%25252F%25252Fevil.example", "%2F%2Fevil.example", "/\t/evil.example", "/\n/evil.example",
            "/%09/evil.example", "/%0d%0aSet-Cookie:x=y", "/a b", "/a\\b", "/\u2028/evil", " /x",
            "/%E0%A4%A", "/%25%32%46%25%32%46evil"})
    void isSafeWhenForeignOrAmbiguousThenRejected(String path) {
        assertThat(ReturnPathCheck.isSafe(path)).isFalse();
    }

    @Test
    void isSafeWhenNullOrTooLongThenRejected() {
        assertThat(ReturnPathCheck.isSafe(null)).isFalse();
        assertThat(ReturnPathCheck.isSafe("/" + "a".repeat(ReturnPathCheck.MAX_LENGTH))).isFalse();
        assertThat(ReturnPathCheck.isSafe("/" + "a".repeat(ReturnPathCheck.MAX_LENGTH - 1))).isTrue();
    }

    @Test
    void isSafeWhenEncodedThreeTimesThenDecodedAndAcceptedButFourTimesRejected() {
        // Three rounds of decoding are inspected: "/x%252541" -> "/x%2541" -> "/x%41" -> "/xA".
        assertThat(ReturnPathCheck.isSafe("/x%252541")).isTrue();
        // One more level stays encoded after the last inspected round: nobody needs it, an attacker might.
        assertThat(ReturnPathCheck.isSafe("/x%25252541")).isFalse();
    }

    @Test
    void isSafeWhenAnEncodedNulOrOtherLowControlCharacterThenRejected() {
        // %00 decodes to NUL (both hex digits zero): a control character, as %09 and %0a are.
        assertThat(ReturnPathCheck.isSafe("/%00/evil.example")).isFalse();
        assertThat(ReturnPathCheck.isSafe("/a%00")).isFalse();
        assertThat(ReturnPathCheck.isSafe("/a%10")).isFalse();
    }

    @Test
    void isSafeWhenARawNonBreakingSpaceThenRejected() {
        // Not whitespace to Character.isWhitespace, but a space: a raw path must percent-encode it.
        assertThat(ReturnPathCheck.isSafe("/a\u00a0b")).isFalse();
        assertThat(ReturnPathCheck.isSafe("/\u202f/evil.example")).isFalse();
        assertThat(ReturnPathCheck.isSafe("/a%C2%A0b")).isTrue();
    }

    @Test
    void isSafeWhenNonAsciiCharactersThenDecodedCharacterByCharacterWithNothingDroppedOrSkipped() {
        // Decoding keeps a raw non-ASCII character: dropping it would make "//evil.example" of this path.
        assertThat(ReturnPathCheck.isSafe("/\u00e9/evil.example")).isTrue();
        // A raw character beside its own encoding: both decode to the same, nothing after it is skipped.
        assertThat(ReturnPathCheck.isSafe("/\u00e9%C3%A9")).isTrue();
        // A character outside the BMP (two UTF-16 units) counts once.
        assertThat(ReturnPathCheck.isSafe("/\ud83d\ude00/a%20b")).isTrue();
    }

    @Test
    void orElseWhenUnsafeThenFallback() {
        assertThat(ReturnPathCheck.orElse("//evil.example", "/home")).isEqualTo("/home");
        assertThat(ReturnPathCheck.orElse("/orders", "/home")).isEqualTo("/orders");
        assertThat(ReturnPathCheck.orElse(null, "/home")).isEqualTo("/home");
    }
}
