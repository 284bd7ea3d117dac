package io.logto.sdk.servlet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrlPatternsTest {
    private static final List<String> PATTERNS = List.of("/protected/*", "/protected/no-redirect",
            "/protected/api/*", "*.json", "/");

    @Test
    void bestMatchWhenExactPathThenExactWinsOverPrefix() {
        assertThat(UrlPatterns.bestMatch(PATTERNS, "/protected/no-redirect")).hasValue("/protected/no-redirect");
    }

    @Test
    void bestMatchWhenSeveralPrefixesThenLongestWins() {
        assertThat(UrlPatterns.bestMatch(PATTERNS, "/protected/api/orders")).hasValue("/protected/api/*");
        assertThat(UrlPatterns.bestMatch(PATTERNS, "/protected")).hasValue("/protected/*");
        assertThat(UrlPatterns.bestMatch(PATTERNS, "/protected/x.json")).hasValue("/protected/*");
    }

    @Test
    void bestMatchWhenOnlyExtensionOrDefaultMatchesThenThose() {
        assertThat(UrlPatterns.bestMatch(PATTERNS, "/data/x.json")).hasValue("*.json");
        assertThat(UrlPatterns.bestMatch(PATTERNS, "/protectedness")).hasValue("/");
        assertThat(UrlPatterns.bestMatch(List.of("/protected/*"), "/public")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "protected", "/a/*/b", "/a*", "**.json", "/a/**"})
    void requireValidWhenNotAServletPatternThenRejected(String pattern) {
        assertThatThrownBy(() -> UrlPatterns.requireValid(pattern)).isInstanceOf(IllegalArgumentException.class);
    }
}
