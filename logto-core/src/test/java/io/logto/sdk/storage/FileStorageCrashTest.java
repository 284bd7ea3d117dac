package io.logto.sdk.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer process killed with SIGKILL in the middle of its writes never leaves a corrupt or
 * half-written file: the atomic replace shows either the old content or the new.
 */
class FileStorageCrashTest {
    private static final int KILLS = 5;

    /** The writer: rewrites the file as fast as it can until killed. */
    public static final class Writer {
        public static void main(String[] args) {
            var storage = new FileStorage(Path.of(args[0]));
            String big = "x".repeat(64 * 1024); // large enough that a torn write would show
            for (long i = 0; ; i++) {
                storage.set("counter", Long.toString(i));
                storage.set("payload", big + i);
                if (i == 0) {
                    System.out.println("writing");
                    System.out.flush();
                }
            }
        }
    }

    @Test
    void writerKilledMidWriteNeverLeavesACorruptFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("session.json");
        for (int round = 0; round < KILLS; round++) {
            Process writer = startWriter(file);
            try {
                // Wait until it has written once, then let it run a little before the kill.
                assertThat(new String(writer.getInputStream().readNBytes("writing".length()))).isEqualTo("writing");
                Thread.sleep(50L + round * 37L);
            } finally {
                writer.destroyForcibly();
                assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            Map<String, Object> content = new ObjectMapper().readValue(Files.readAllBytes(file),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
            assertThat(content).containsKeys("counter", "payload");
            assertThat(new FileStorage(file).get("counter")).isNotNull();
            assertThat(Files.exists(dir.resolve("session.json.corrupt"))).isFalse();
        }
    }

    private static Process startWriter(Path file) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Writer.class.getName(),
                file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
