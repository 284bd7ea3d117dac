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
    void parseWhenCodeIssOrErrorIsEmptyThenEachCountsAsAbsent() {
        var p = CallbackParameters.parse("https://a.example/cb?code=&state=&iss=&error=&error_description=");

        assertThat(p.code()).isEmpty();
        assertThat(p.state()).isEmpty();
        assertThat(p.iss()).isEmpty();
        assertThat(p.error()).isEmpty();
        assertThat(p.errorDescription()).isEmpty();
    }

    @Test
    void parseWhenTheUriIsExactlyTheMaximumLengthThenParsedAndOneCharacterMoreIsRefused() {
        String prefix = "https://a.example/cb?code=";
        String exactly = prefix + "c".repeat(CallbackParameters.MAX_LENGTH - prefix.length());

        assertThat(exactly).hasSize(CallbackParameters.MAX_LENGTH);
        assertThat(CallbackParameters.parse(exactly).code()).hasValueSatisfying(code -> assertThat(code).hasSize(
                CallbackParameters.MAX_LENGTH - prefix.length()));
        assertThat(Failures.ofCall(() -> CallbackParameters.parse(exactly + "c")).getMessage())
                .contains("the callback URI is missing or too long");
    }

    @Test
    void parseWhenEmptyOrNullThenRefusedAsMissing() {
        assertThat(Failures.ofCall(() -> CallbackParameters.parse("")).getMessage())
                .contains("the callback URI is missing or too long");
        assertThat(Failures.ofCall(() -> CallbackParameters.parse(null)).getMessage())
                .contains("the callback URI is missing or too long");
    }

    @ParameterizedTest
    @CsvSource({"code", "state", "iss", "error", "error_description"})
    void parseWhenAnyOfTheCallbacksOwnParametersRepeatsThenRefusedAndNamed(String name) {
        LogtoException e = Failures.ofCall(() -> CallbackParameters.parse("https://a/cb?" + name + "=1&" + name + "=2"));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_INVALID);
        assertThat(e.getMessage()).contains("the callback has more than one '" + name + "' parameter");
    }

    @ParameterizedTest
    @CsvSource({"https://a/cb?code=%zz", "https://a/c b?code=c"})
    void parseWhenTheUriOrItsQueryCannotBeDecodedThenRefused(String callback) {
        LogtoException e = Failures.ofCall(() -> CallbackParameters.parse(callback));

        assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_INVALID);
        assertThat(e.getMessage()).contains("the callback URI cannot be parsed");
    }

    @ParameterizedTest
    @CsvSource({"/cb", "a.example/cb", "//a.example/cb", "https:cb", "https:///cb", "%"})
    void arrivedAtWhenTheRedirectUriHasNoSchemeOrHostThenFalseNotAnError(String redirectUri) {
        assertThat(CallbackParameters.parse("https://a.example/cb?code=c").arrivedAt(redirectUri)).isFalse();
    }

    @Test
    void arrivedAtWhenNeitherHasASchemeOrHostThenOnlyThePathDecides() {
        assertThat(CallbackParameters.parse("/cb?code=c").arrivedAt("/cb")).isTrue();
        assertThat(CallbackParameters.parse("/cb?code=c").arrivedAt("/other")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "ftp://a.example/cb, ftp://a.example/cb, true",
            "ftp://a.example/cb, ftp://a.example:80/cb, false",
            "ftp://a.example/cb, ftp://a.example:443/cb, false",
            "http://a.example/cb, http://a.example:443/cb, false",
            "https://a.example/cb, https://a.example:80/cb, false",
    })
    void arrivedAtWhenThePortIsLeftOutThenOnlyHttpAndHttpsHaveADefault(String redirectUri, String callback,
                                                                      boolean expected) {
        assertThat(CallbackParameters.parse(callback + "?code=c").arrivedAt(redirectUri)).isEqualTo(expected);
    }

    @Test
    void toStringWhenCodePresentThenCodeHidden() {
        assertThat(CallbackParameters.parse("https://a/cb?code=secret-code&state=secret-state").toString())
                .doesNotContain("secret-code", "secret-state");
    }
}
