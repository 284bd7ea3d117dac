package io.logto.sdk.oidc;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class QueryStringTest {
    @Test
    void appendWhenBaseHasQueryAndFragmentThenKeepsQueryDropsFragment() {
        URI uri = QueryString.append(URI.create("https://a/x?keep=1#frag"),
                List.of(Map.entry("b", "two words"), Map.entry("c", "a&b=c+d/é")));

        assertThat(uri.toString()).isEqualTo("https://a/x?keep=1&b=two%20words&c=a%26b%3Dc%2Bd%2F%C3%A9");
        assertThat(QueryString.parse(uri.getRawQuery())).containsEntry("c", List.of("a&b=c+d/é"));
    }

    @Test
    void encodeIsUrlEncoderWithPercent20ForEveryKindOfCharacter() {
        var random = new java.util.Random(42);
        var samples = new java.util.ArrayList<>(List.of("", "plain-._*", "a b+c~!'()", "é中😀", "\ud800x", "x\udc00",
                "https://app.example.com/callback?x=1#f", "\u0000\u007f\u0080\uffff"));
        for (int i = 0; i < 300; i++) {
            var sb = new StringBuilder();
            for (int j = random.nextInt(12); j > 0; j--) {
                sb.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x10000)));
            }
            samples.add(sb.toString());
        }
        for (String sample : samples) {
            String expected = java.net.URLEncoder.encode(sample, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20");
            assertThat(QueryString.encode(sample)).as(sample).isEqualTo(expected);
        }
    }

    @Test
    void appendWhenValueNullOrEmptyThenLeftOut() {
        var params = new java.util.ArrayList<Map.Entry<String, String>>();
        params.add(new java.util.AbstractMap.SimpleEntry<>("a", null));
        params.add(Map.entry("b", ""));
        params.add(Map.entry("r", "1"));
        params.add(Map.entry("r", "2"));

        assertThat(QueryString.append(URI.create("https://a/x"), params).toString()).isEqualTo("https://a/x?r=1&r=2");
    }

    @Test
    void parseWhenRepeatedAndValuelessThenAllKept() {
        assertThat(QueryString.parse("a=1&a=2&flag&&b=%20x+y")).containsEntry("a", List.of("1", "2"))
                .containsEntry("flag", List.of("")).containsEntry("b", List.of(" x y"));
        assertThat(QueryString.parse(null)).isEmpty();
    }

    @Test
    void parseWhenBadEscapeThenIllegalArgument() {
        assertThatIllegalArgumentException().isThrownBy(() -> QueryString.parse("a=%zz"));
    }
}
