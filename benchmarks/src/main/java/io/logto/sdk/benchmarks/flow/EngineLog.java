package io.logto.sdk.benchmarks.flow;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the engine's {@code REQUEST_LOG=1} output ({@code --> POST /oidc/token 200 2.815ms}, one
 * line per request, written before the answer is sent) and gives the provider's own time of the
 * token requests, in order.
 */
final class EngineLog {
    private static final Pattern TOKEN = Pattern.compile("^--> POST /oidc/token \\d{3} ([0-9.]+)ms$");
    private static final long WAIT_NANOS = 2_000_000_000L;

    private final RandomAccessFile file;
    private final StringBuilder partial = new StringBuilder();

    EngineLog(Path path) throws IOException {
        this.file = new RandomAccessFile(path.toFile(), "r");
        file.seek(file.length());
    }

    /** Forgets everything logged so far. */
    void skip() throws IOException {
        while (readLine() != null) {
            // drop it
        }
    }

    /** The provider's time (ms) of the next token request logged; waits up to 2 s for it. */
    double nextTokenRequest() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (true) {
            String line = readLine();
            if (line == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the engine logged no token request: is REQUEST_LOG=1 set?");
                }
                Thread.sleep(1);
                continue;
            }
            Matcher m = TOKEN.matcher(line);
            if (m.matches()) {
                return Double.parseDouble(m.group(1));
            }
        }
    }

    private String readLine() throws IOException {
        while (true) {
            int b = file.read();
            if (b < 0) {
                return null; // keep a partial line for the next call
            }
            if (b == '\n') {
                String line = new String(partial.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                partial.setLength(0);
                return line;
            }
            partial.append((char) b);
        }
    }
}
