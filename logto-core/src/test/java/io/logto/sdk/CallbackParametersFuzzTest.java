package io.logto.sdk;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of callback URL parsing: whatever the URL, parsing either yields the
 * parameters or fails with {@link LogtoException.Code#CALLBACK_INVALID} — never another exception.
 * Normal builds replay the stored inputs; {@code JAZZER_FUZZ=1} fuzzes (see docs/SECURITY.md).
 */
class CallbackParametersFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void parseNeverFailsWithAnythingButCallbackInvalid(FuzzedDataProvider data) {
        String uri = data.consumeBoolean()
                ? "http://127.0.0.1:3000/callback?" + data.consumeRemainingAsString()
                : data.consumeRemainingAsString();
        try {
            CallbackParameters parsed = CallbackParameters.parse(uri);
            assertThat(parsed.toString()).doesNotContain(parsed.code().filter(c -> c.length() > 3).orElse("\u0000"));
            parsed.arrivedAt("http://127.0.0.1:3000/callback");
        } catch (LogtoException e) {
            assertThat(e.code()).isEqualTo(LogtoException.Code.CALLBACK_INVALID);
        }
    }
}
