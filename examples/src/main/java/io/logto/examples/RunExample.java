package io.logto.examples;

import io.logto.examples.jdkserver.JdkServerExample;
import io.logto.examples.m2m.M2mExample;
import io.logto.examples.servlet.ServletExample;

/**
 * Starts an example by name; this is what {@code mvn -q -pl examples -am process-classes -Drun}
 * runs ({@code -Drun=NAME} picks one). Each example also has its own {@code main}.
 */
public final class RunExample {
    private RunExample() {
    }

    /**
     * {@code args[0]}: the example's name, {@code servlet}, {@code jdk}, {@code m2m} or {@code spring}; empty or {@code true} (a
     * bare {@code -Drun}) means {@code servlet}, the default example.
     */
    public static void main(String[] args) {
        String name = args.length == 0 || args[0].isBlank() || args[0].equals("true") ? "servlet" : args[0];
        switch (name) {
            case "servlet" -> ServletExample.main(new String[0]);
            case "jdk" -> JdkServerExample.main(new String[0]);
            case "m2m" -> M2mExample.main(new String[0]);
            // The Spring Boot example is its own module (examples/spring), built after this one: with
            // -pl examples/spring -am it starts next; here there is nothing to run.
            case "spring" -> System.out.println("The Spring Boot example is the module examples/spring: "
                    + "mvn -q -pl examples/spring -am process-classes -Drun=spring");
            // A new example adds its line here.
            default -> {
                System.err.println("Unknown example '" + name + "'. Known: servlet (the default), jdk, m2m, spring");
                System.exit(2);
            }
        }
    }
}
