package io.logto.examples;

import io.logto.sdk.LogtoException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What both examples tell visitors and the log (issue 10): a sentence without codes or Logto's text
 * for the visitor; the code in the log, at WARNING when the app's owner must act (a wrong app ID or
 * secret above all), at INFO when a visitor caused it.
 */
class ExampleAnswersTest {
    private final List<LogRecord> records = new ArrayList<>();
    private final Logger logger = Logger.getLogger(ExampleAnswers.class.getName());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(handler);
    }

    @ParameterizedTest
    @EnumSource(LogtoException.Code.class)
    void visitorsReadASentenceWithoutTheCodeOrLogtosText(LogtoException.Code code) {
        var e = LogtoException.providerError(code, "details for the log", "invalid_<b>client</b>",
                Optional.of("<script>alert(1)</script>"), 401);

        String sentence = ExampleAnswers.explain(e);

        assertThat(sentence).doesNotContain(code.name()).doesNotContain("invalid_").doesNotContain("<")
                .doesNotContain("details for the log").endsWith(".");
    }

    @Test
    void aWrongAppIdOrSecretIsLoggedAtWarningWithItsCode() {
        var e = LogtoException.providerError(LogtoException.Code.CLIENT_AUTHENTICATION_FAILED,
                "Logto rejected the app ID or secret: check …", "invalid_client", Optional.empty(), 401);

        ExampleAnswers.log("Sign-in callback rejected", e);

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.WARNING);
            assertThat(record.getParameters()).contains(LogtoException.Code.CLIENT_AUTHENTICATION_FAILED);
        });
        assertThat(ExampleAnswers.explain(e)).contains("not set up correctly");
    }

    @Test
    void whatAVisitorCausesIsLoggedAtInfo() {
        ExampleAnswers.log("Sign-in callback rejected",
                new LogtoException(LogtoException.Code.SIGN_IN_SESSION_NOT_FOUND, "no sign-in is pending"));

        assertThat(records).singleElement().satisfies(record -> assertThat(record.getLevel()).isEqualTo(Level.INFO));
    }

    @Test
    void theUnauthorizedAnswerIsTheServletAdapters() {
        assertThat(ExampleAnswers.UNAUTHORIZED_JSON).isEqualTo("{\"error\":\"unauthorized\"}");
        assertThat(ExampleAnswers.wwwAuthenticate("https://app.example.com/sign-in"))
                .isEqualTo("Logto realm=\"https://app.example.com/sign-in\"");
        assertThat(ExampleAnswers.HEADERS).containsEntry("Cache-Control", "no-store");
    }
}
