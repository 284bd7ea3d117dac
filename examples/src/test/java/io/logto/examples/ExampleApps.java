package io.logto.examples;

import io.logto.examples.jdkserver.JdkServerExample;
import io.logto.examples.servlet.ServletExample;
import org.junit.jupiter.params.provider.Arguments;

import java.util.stream.Stream;

/**
 * Every example app, for the tests that run against all of them. A new example adds one line here
 * and is then driven through the same browser test.
 */
public final class ExampleApps {
    private ExampleApps() {
    }

    /** (name, {@link ExampleApp}) pairs. */
    public static Stream<Arguments> all() {
        return Stream.of(
                Arguments.of("servlet", (ExampleApp) ServletExample::start),
                Arguments.of("jdk-server", (ExampleApp) JdkServerExample::start));
    }
}
