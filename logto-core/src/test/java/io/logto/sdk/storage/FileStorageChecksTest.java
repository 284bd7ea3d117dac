package io.logto.sdk.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.LogtoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link FileStorage}'s checks one by one: the size limit at its exact value, the warnings that are
 * the only sign of a dropped file, typed errors for files it cannot read or write, an interrupt kept,
 * temp names never reused, other users' files never removed, and file systems without POSIX
 * permissions or owners.
 */
class FileStorageChecksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_FILE_BYTES = 1 << 20;

    @TempDir
    Path dir;

    private static Map<String, String> content(Path file) throws IOException {
        return JSON.readValue(Files.readAllBytes(file), new TypeReference<Map<String, String>>() {
        });
    }

    /** {"big":"xxx…"} of exactly {@code bytes} bytes. */
    private static String jsonOfSize(int bytes) {
        return "{\"big\":\"" + "x".repeat(bytes - 10) + "\"}";
    }

    @Test
    void fileIsTheAbsoluteNormalizedPath() {
        assertThat(new FileStorage(dir.resolve("a/../s.json")).file()).isEqualTo(dir.toAbsolutePath().resolve("s.json"));
    }

    @Test
    void aRemovedKeyIsGoneFromTheFileNotKeptAsNull() throws Exception {
        Path file = dir.resolve("s.json");
        var storage = new FileStorage(file);
        storage.set("k", "v");
        storage.set("other", "w");

        storage.set("k", null);

        assertThat(Files.readString(file)).isEqualTo("{\"other\":\"w\"}");
        storage.delete("other");
        assertThat(Files.readString(file)).isEqualTo("{}");
    }

    @Test
    void aFileOfExactlyTheSizeLimitIsReadAndKeptNotTreatedAsCorrupt() throws Exception {
        Path file = dir.resolve("s.json");
        String limit = jsonOfSize(MAX_FILE_BYTES);
        assertThat(limit.length()).isEqualTo(MAX_FILE_BYTES);
        Files.writeString(file, limit);
        var storage = new FileStorage(file);

        assertThat(storage.get("big")).hasSize(MAX_FILE_BYTES - 10);
        storage.set("k", "v");

        assertThat(dir.resolve("s.json.corrupt")).doesNotExist();
        assertThat(content(file)).containsEntry("k", "v").containsKey("big");
    }

    @Test
    void aFileOneByteOverTheLimitReadsAsEmptyWithAWarningNamingIt() throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, jsonOfSize(MAX_FILE_BYTES + 1));

        try (var log = new LogRecords(FileStorage.class)) {
            assertThat(new FileStorage(file).get("big")).isNull();
            assertThat(log.lines()).containsExactly("WARNING: Logto storage file " + file.toAbsolutePath()
                    + " is too large; reading it as empty");
        }
    }

    @Test
    void aCorruptFileReadsAsEmptyWithAWarningNamingIt() throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"refreshToken\":");

        try (var log = new LogRecords(FileStorage.class)) {
            assertThat(new FileStorage(file).get("refreshToken")).isNull();
            assertThat(log.lines()).containsExactly("WARNING: Logto storage file " + file.toAbsolutePath()
                    + " is corrupt; reading it as empty");
        }
    }

    @Test
    void aFileThatCannotBeReadIsATypedErrorNotAnEmptySession() throws Exception {
        Path file = Files.createDirectory(dir.resolve("s.json"));

        assertThatThrownBy(() -> new FileStorage(file).get("k")).isInstanceOfSatisfying(LogtoException.class, e -> {
            assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED);
            assertThat(e.getMessage()).isEqualTo("cannot read storage file " + file.toAbsolutePath());
            assertThat(e.getCause()).isInstanceOf(IOException.class);
        });
    }

    @Test
    void aFileThatCannotBeWrittenIsATypedError() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain"), "x");
        Path file = notADirectory.resolve("s.json");

        assertThatThrownBy(() -> new FileStorage(file).set("k", "v")).isInstanceOfSatisfying(LogtoException.class, e -> {
            assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED);
            assertThat(e.getMessage()).isEqualTo("cannot write storage file " + file.toAbsolutePath());
            assertThat(e.getCause()).isInstanceOf(IOException.class);
        });
        assertThat(notADirectory).hasContent("x");
    }

    @Test
    void aThreadInterruptedWhileWaitingForTheLockFailsTypedAndKeepsItsInterrupt() throws Exception {
        Path file = dir.resolve("s.json");
        new FileStorage(file).set("k", "v");
        var thrown = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        var stillInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
        // Another channel of this JVM holds the lock: the writer sees an overlap and waits.
        try (FileChannel holder = FileChannel.open(dir.resolve("s.json.lock"), StandardOpenOption.WRITE);
             var ignored = holder.lock()) {
            Thread writer = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    new FileStorage(file).set("k", "w");
                } catch (Throwable t) {
                    thrown.set(t);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            writer.start();
            writer.join(30_000);
            assertThat(writer.isAlive()).isFalse();
        }

        assertThat(thrown.get()).isInstanceOfSatisfying(LogtoException.class, e -> {
            assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED);
            assertThat(e.getMessage()).isEqualTo("cannot write storage file " + file.toAbsolutePath());
            assertThat(e.getCause()).hasMessage("interrupted while waiting for the storage lock")
                    .hasCauseInstanceOf(InterruptedException.class);
        });
        assertThat(stillInterrupted).as("the interrupt is not swallowed").isTrue();
        assertThat(new FileStorage(file).get("k")).isEqualTo("v");
    }

    /** The random source of temp names, replaced: the test decides which names are tried. */
    private static AtomicInteger namesFrom(FileStorage storage, long... values) throws Exception {
        var calls = new AtomicInteger();
        var random = new SecureRandom() {
            @Override
            public long nextLong() {
                int call = calls.getAndIncrement();
                return values[Math.min(call, values.length - 1)];
            }
        };
        var field = FileStorage.class.getDeclaredField("random");
        field.setAccessible(true);
        field.set(storage, random);
        return calls;
    }

    private Path tempName(String file, long value) {
        return dir.resolve("." + file + "." + HexFormat.of().toHexDigits(value) + ".logto-tmp");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aTakenTempNameIsNeverWrittenThroughTheNextNameIsTried() throws Exception {
        Path target = Files.writeString(dir.resolve("precious.txt"), "keep");
        Path planted = Files.createSymbolicLink(tempName("s.json", 42), target);
        var storage = new FileStorage(dir.resolve("s.json"));
        var calls = namesFrom(storage, 42, 43);

        storage.set("k", "v");

        assertThat(calls).hasValue(2);
        assertThat(target).hasContent("keep");
        assertThat(Files.isSymbolicLink(planted)).isTrue();
        assertThat(content(dir.resolve("s.json"))).containsExactly(Map.entry("k", "v"));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void whenEveryTempNameIsTakenTheWriteFailsTypedAfterElevenTries() throws Exception {
        Path target = Files.writeString(dir.resolve("precious.txt"), "keep");
        Files.createSymbolicLink(tempName("s.json", 42), target);
        var storage = new FileStorage(dir.resolve("s.json"));
        var calls = namesFrom(storage, 42);

        assertThatThrownBy(() -> storage.set("k", "v")).isInstanceOfSatisfying(LogtoException.class, e -> {
            assertThat(e.code()).isEqualTo(LogtoException.Code.STORAGE_FAILED);
            assertThat(e.getCause()).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        });
        assertThat(calls).hasValue(11);
        assertThat(target).hasContent("keep");
        assertThat(dir.resolve("s.json")).doesNotExist();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aStaleTempFileOwnedByAnotherUserIsNotRemoved() throws Exception {
        // Changing a file's owner needs root; elsewhere this check cannot be set up.
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to chown");
        Path theirs = Files.writeString(tempName("s.json", 7), "theirs");
        var nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(theirs, nobody);
        Path ours = Files.writeString(tempName("s.json", 8), "ours");

        new FileStorage(dir.resolve("s.json")).set("k", "v");

        assertThat(theirs).hasContent("theirs");
        assertThat(ours).doesNotExist();
    }

    @Test
    void onAFileSystemWithoutPosixPermissionsOrOwnersItWritesAndRemovesItsStaleTempFiles() throws Exception {
        // A zip file system has neither the "posix" nor the "owner" attribute view.
        try (FileSystem zip = FileSystems.newFileSystem(dir.resolve("fs.zip"), Map.of("create", "true"))) {
            assertThat(zip.supportedFileAttributeViews()).doesNotContain("posix", "owner");
            Path file = zip.getPath("/a/b/s.json");
            var storage = new FileStorage(file);
            storage.set("k", "v");
            Path stale = file.resolveSibling(".s.json.0123456789abcdef.logto-tmp");
            Files.writeString(stale, "{\"half");
            Files.writeString(file, "{\"corrupt");

            storage.set("k2", "w");

            assertThat(stale).doesNotExist();
            assertThat(storage.get("k2")).isEqualTo("w");
            assertThat(Files.readString(file.resolveSibling("s.json.corrupt"))).isEqualTo("{\"corrupt");
            try (var left = Files.list(file.getParent())) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("s.json", "s.json.lock", "s.json.corrupt");
            }
        }
    }
}
