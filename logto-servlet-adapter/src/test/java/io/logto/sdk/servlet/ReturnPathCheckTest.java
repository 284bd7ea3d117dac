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
    void orElseWhenUnsafeThenFallback() {
        assertThat(ReturnPathCheck.orElse("//evil.example", "/home")).isEqualTo("/home");
        assertThat(ReturnPathCheck.orElse("/orders", "/home")).isEqualTo("/orders");
        assertThat(ReturnPathCheck.orElse(null, "/home")).isEqualTo("/home");
    }
}
