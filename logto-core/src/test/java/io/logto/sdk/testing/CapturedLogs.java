package io.logto.sdk.testing;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The warnings one class of the SDK logs through {@link System.Logger} (backed by java.util.logging
 * in the tests), with their parameters filled in, while open. Thread-safe.
 *
 * <pre>{@code
 * try (var logs = CapturedLogs.of(LogtoClient.class)) {
 *     client.signOutLocally().join();
 *     assertThat(logs.warnings()).singleElement().asString().contains("TOKEN_REQUEST_FAILED");
 * }
 * }</pre>
 */
public final class CapturedLogs implements AutoCloseable {
    private final Logger logger;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                Object[] parameters = record.getParameters();
                warnings.add(parameters == null ? record.getMessage()
                        : MessageFormat.format(record.getMessage(), parameters));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLogs(Class<?> type) {
        // Held here: java.util.logging keeps loggers only weakly.
        this.logger = Logger.getLogger(type.getName());
        logger.addHandler(handler);
    }

    /** Starts capturing what {@code type} logs. */
    public static CapturedLogs of(Class<?> type) {
        return new CapturedLogs(type);
    }

    /** The warnings (and worse) logged so far, oldest first, with their parameters filled in. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
