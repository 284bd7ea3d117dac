package io.logto.sdk.benchmarks;

/**
 * Entry point of {@code benchmarks.jar}: prints the session footprint, then hands the arguments to
 * JMH (so {@code -h}, {@code -l}, a benchmark regex, {@code -f}, {@code -wi}, … all work as usual).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar                 # everything (about 8 minutes)
 * java -jar benchmarks/target/benchmarks.jar SessionRead     # one class
 * </pre>
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean listingOnly = args.length > 0 && (args[0].equals("-h") || args[0].startsWith("-l"));
        if (!listingOnly) {
            SessionFootprint.main(args);
        }
        org.openjdk.jmh.Main.main(args);
    }
}
