package io.logto.examples;

import io.logto.examples.jdkserver.JdkServerExample;

/**
 * Starts an example by name; this is what {@code mvn -q -pl examples -am process-classes -Drun}
 * runs ({@code -Drun=NAME} picks one). Each example also has its own {@code main}.
 */
public final class RunExample {
    private RunExample() {
    }

    /** {@code args[0]}: the example's name; empty or {@code true} (a bare {@code -Drun}) means {@code jdk}. */
    public static void main(String[] args) {
        String name = args.length == 0 || args[0].isBlank() || args[0].equals("true") ? "jdk" : args[0];
        switch (name) {
            case "jdk" -> JdkServerExample.main(new String[0]);
            // A new example adds its line here, e.g. case "servlet" -> ServletExample.main(new String[0]);
            default -> {
                System.err.println("Unknown example '" + name + "'. Known: jdk");
                System.exit(2);
            }
        }
    }
}
