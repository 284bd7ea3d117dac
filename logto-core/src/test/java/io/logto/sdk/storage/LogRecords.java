package io.logto.sdk.storage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The records one class logs (System.Logger goes to java.util.logging), as "LEVEL: message", while
 * open. For the warnings that are an operator's only sign that a user was signed out.
 */
final class LogRecords implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler;

    LogRecords(Class<?> source) {
        logger = Logger.getLogger(source.getName());
        var formatter = new SimpleFormatter();
        handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getLevel() + ": " + formatter.formatMessage(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
