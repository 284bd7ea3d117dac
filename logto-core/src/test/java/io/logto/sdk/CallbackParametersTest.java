package io.logto.sdk;

import io.logto.sdk.testing.Failures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackParametersTest {
    @Test
    void parseWhenAllParametersThenDecoded() {
        var p = CallbackParameters.parse("https://app.example.com/cb?code=a%2Bb&state=s%20t&iss=https%3A%2F%2Fx%2Foidc");

        assertThat(p.code()).contains("a+b");
        assertThat(p.state()).contains("s t");
        assertThat(p.iss()).contains("https://x/oidc");
        assertThat(p.error()).isEmpty();
    }

    @Test
    void parseWhenFragmentThenIgnored() {
        var p = CallbackParameters.parse("https://app.example.com/cb?code=c&state=s#code=evil");

        assertThat(p.code()).contains("c");
    }

    @Test
    void parseWhenUnknownParametersRepeatThenAccepted() {
        assertThat(CallbackParameters.parse("https://a/cb?x=1&x=2&code=c").code()).contains("c");
    }

    @Test
    void parseWhenDuplicateEncodedNamesThenRejected() {
        assertThat(Failures.ofCall(() -> CallbackParameters.parse("https://a/cb?code=1&%63ode=2")).code())
                .isEqualTo(LogtoException.Code.CALLBACK_INVALID);
    }

    @Test
    void parseWhenTooLongThenRejected() {
        assertThat(Failures.ofCall(() -> CallbackParameters.parse("https://a/cb?code=" + "c".repeat(9000))).code())
                .isEqualTo(LogtoException.Code.CALLBACK_INVALID);
    }

    @ParameterizedTest
    @CsvSource({
            "https://a.example/cb, https://a.example/cb, true",
            "https://a.example/cb, HTTPS://A.EXAMPLE/cb, true",
            "https://a.example/cb, https://a.example:443/cb, true",
            "http://a.example/cb, http://a.example:80/cb, true",
            "https://a.example, https://a.example/, true",
            "https://a.example/cb, http://a.example/cb, false",
            "https://a.example/cb, https://b.example/cb, false",
            "https://a.example/cb, https://a.example:8443/cb, false",
            "https://a.example/cb, https://a.example/cb/, false",
            "https://a.example/cb, https://a.example/CB, false",
            "https://a.example/cb, https://a.example.evil.com/cb, false",
            "https://a.example/cb, https://a.example/cb/../cb, false",
            "https://a.example/c%62, https://a.example/cb, false",
    })
    void arrivedAtWhenComparedThenSchemeHostPortPathMustMatch(String redirectUri, String callback, boolean expected) {
        assertThat(CallbackParameters.parse(callback + "?code=c").arrivedAt(redirectUri)).isEqualTo(expected);
    }

    @Test
    void toStringWhenCodePresentThenCodeHidden() {
        assertThat(CallbackParameters.parse("https://a/cb?code=secret-code&state=secret-state").toString())
                .doesNotContain("secret-code", "secret-state");
    }
}
