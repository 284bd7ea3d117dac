package io.logto.sdk.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.LogtoClient;
import io.logto.sdk.testing.FakeLogto;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link FileStorage}: atomic replace, owner-only permissions, corrupt files, threads and processes. */
class FileStorageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Map<String, String> fileContent(Path file) throws Exception {
        return JSON.readValue(Files.readAllBytes(file), new TypeReference<Map<String, String>>() {
        });
    }

    @Test
    void getWhenFileMissingThenNull() {
        var storage = new FileStorage(dir.resolve("missing.json"));

        assertThat(storage.get("k")).isNull();
        assertThat(Files.exists(dir.resolve("missing.json"))).isFalse();
    }

    @Test
    void setWhenCalledThenValueReadBackAndParentCreated() {
        var storage = new FileStorage(dir.resolve("a/b/session.json"));

        storage.set("k", "v");
        storage.set("other", "w");

        assertThat(storage.get("k")).isEqualTo("v");
        assertThat(new FileStorage(dir.resolve("a/b/session.json")).get("other")).isEqualTo("w");
    }

    @Test
    void setWhenValueNullThenDeleted() {
        var storage = new FileStorage(dir.resolve("s.json"));
        storage.set("k", "v");

        storage.set("k", null);

        assertThat(storage.get("k")).isNull();
    }

    @Test
    void deleteWhenKeyMissingThenNothingHappens() {
        var storage = new FileStorage(dir.resolve("s.json"));
        storage.set("a", "1");

        storage.delete("b");
        storage.delete("a");

        assertThat(storage.get("a")).isNull();
    }

    @Test
    void setWhenValuesHaveSpecialCharactersThenRoundTrip() {
        var storage = new FileStorage(dir.resolve("s.json"));
        String value = "\"quotes\" \\ back\nslash \u0000 ünïcödé 🔐 {\"json\":[1]}";

        storage.set("k\n\"", value);

        assertThat(storage.get("k\n\"")).isEqualTo(value);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void setWhenFileWrittenThenOwnerOnlyPermissions() throws Exception {
        Path file = dir.resolve("s.json");
        new FileStorage(file).set("k", "v");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("s.json.lock"))))
                .isEqualTo("rw-------");
    }

    @Test
    void setWhenWrittenThenNoTemporaryFilesLeft() throws Exception {
        Path file = dir.resolve("s.json");
        var storage = new FileStorage(file);
        for (int i = 0; i < 20; i++) {
            storage.set("k" + i, "v");
        }

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("s.json", "s.json.lock");
        }
    }

    @Test
    void setWhenOtherFilesInTheDirectoryEndInTmpThenTheyAreNeverTouched() throws Exception {
        // Files that merely look like ours: a user's backup, another program's temp files.
        var others = new ArrayList<Path>();
        for (String name : new String[] {"s.json.backup.tmp", "s.json-old.tmp", "s.json.tmp", "s.jsonX.tmp",
                "s.json123.tmp", ".s.json.0123456789abcdef.tmp", ".s.json.0123456789ABCDEF.logto-tmp",
                ".s.json.0123.logto-tmp", ".other.json.0123456789abcdef.logto-tmp", "s.json.0123456789abcdef.logto-tmp"}) {
            Path other = dir.resolve(name);
            Files.writeString(other, "not yours");
            others.add(other);
        }

        new FileStorage(dir.resolve("s.json")).set("k", "v");

        assertThat(others).allSatisfy(other -> assertThat(other).exists().hasContent("not yours"));
    }

    @Test
    void setWhenATempFileOfItsOwnWasLeftByACrashThenItIsRemoved() throws Exception {
        Path stale = dir.resolve(".s.json.0123456789abcdef.logto-tmp");
        Files.writeString(stale, "{\"half");

        new FileStorage(dir.resolve("s.json")).set("k", "v");

        assertThat(stale).doesNotExist();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void setWhenATempNameIsASymbolicLinkThenNeitherItNorItsTargetIsTouched() throws Exception {
        Path target = dir.resolve("precious.txt");
        Files.writeString(target, "keep");
        Path link = Files.createSymbolicLink(dir.resolve(".s.json.0123456789abcdef.logto-tmp"), target);

        new FileStorage(dir.resolve("s.json")).set("k", "v");

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(target).hasContent("keep");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void setWhenParentDirectoriesAreMissingThenTheyAreCreatedOwnerOnly() throws Exception {
        Path file = dir.resolve("new/deeper/s.json");

        new FileStorage(file).set("k", "v");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new/deeper"))))
                .isEqualTo("rwx------");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void setWhenParentDirectoryExistsThenItsPermissionsAreLeftAlone() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-x---"));

        new FileStorage(shared.resolve("s.json")).set("k", "v");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxr-x---");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void setWhenFileCorruptThenTheCopyKeptForInspectionIsOwnerOnlyToo() throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"refreshToken\":\"secr");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        new FileStorage(file).set("k", "v");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("s.json.corrupt"))))
                .isEqualTo("rw-------");
    }

    @Test
    void getWhenFileCorruptThenReadsEmptyAndWriteKeepsItAsCorrupt() throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, "{\"idToken\":\"half-writ");
        var storage = new FileStorage(file);

        assertThat(storage.get("idToken")).isNull();

        storage.set("k", "v");
        assertThat(Files.readString(dir.resolve("s.json.corrupt"))).isEqualTo("{\"idToken\":\"half-writ");
        assertThat(fileContent(file)).containsExactly(Map.entry("k", "v"));
    }

    @Test
    void setWhenFileIsTooLargeToReadThenItIsKeptAsCorruptNotSilentlyDropped() throws Exception {
        Path file = dir.resolve("s.json");
        String huge = "{\"big\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        Files.writeString(file, huge);
        var storage = new FileStorage(file);

        assertThat(storage.get("big")).isNull();
        storage.set("k", "v");

        assertThat(Files.size(dir.resolve("s.json.corrupt"))).isEqualTo(huge.length());
        assertThat(fileContent(file)).containsExactly(Map.entry("k", "v"));
    }

    @Test
    void getWhenFileHasWrongShapeThenReadsEmpty() throws Exception {
        Path file = dir.resolve("s.json");
        var storage = new FileStorage(file);
        for (String content : new String[] {"", "[]", "null", "{\"a\":{\"b\":1}}", "\u0000\u0001binary", "42"}) {
            Files.writeString(file, content);

            assertThat(storage.get("a")).as(content).isNull();
        }
    }

    @Test
    @Tag("slow")
    void clientWhenFileCorruptThenSignedOutNotCrashed() throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, "garbage");
        try (var logto = new FakeLogto()) {
            var client = new LogtoClient(logto.core(), new FileStorage(file));

            assertThat(client.isAuthenticated().join()).isFalse();
            logto.signIn(client);
            assertThat(client.isAuthenticated().join()).isTrue();
            assertThat(new LogtoClient(logto.core(), new FileStorage(file)).getRefreshToken()).contains("refresh-1");
        }
    }

    @Test
    void setWhenManyThreadsWriteAtOnceThenNothingIsLost() throws Exception {
        Path file = dir.resolve("s.json");
        int threads = 8;
        int perThread = 40;
        var pool = Executors.newFixedThreadPool(threads);
        var gate = new CountDownLatch(1);
        var done = new ArrayList<Future<?>>();
        try {
            for (int t = 0; t < threads; t++) {
                int id = t;
                // Each thread its own instance, as per-request code would create them.
                done.add(pool.submit(() -> {
                    gate.await();
                    var storage = new FileStorage(file);
                    for (int i = 0; i < perThread; i++) {
                        storage.set("t" + id + "-" + i, "v" + i);
                    }
                    return null;
                }));
            }
            gate.countDown();
            for (var f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(fileContent(file)).hasSize(threads * perThread);
    }

    private Process startWriter(Path file, String prefix, int count) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FileStorageWriter.class.getName(), file.toString(), prefix, String.valueOf(count))
                .redirectErrorStream(true).start();
        var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).as("the writer process started").isEqualTo("ready");
        return process;
    }

    @Test
    @Tag("slow")
    void setWhenAnotherProcessWritesAtOnceThenNothingIsLost() throws Exception {
        Path file = dir.resolve("s.json");
        int count = 150;
        Process other = startWriter(file, "other", count);
        try {
            var storage = new FileStorage(file);
            for (int i = 0; i < count; i++) {
                storage.set("mine-" + i, "v" + i);
            }
            assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(other.exitValue()).isZero();
        } finally {
            other.destroyForcibly();
        }

        Map<String, String> content = fileContent(file);
        assertThat(content).hasSize(2 * count);
        assertThat(content).containsKeys("mine-0", "mine-149", "other-0", "other-149");
    }

    @Test
    @Tag("slow")
    void setWhenWriterProcessIsKilledMidWriteThenFileIsStillValid() throws Exception {
        Path file = dir.resolve("s.json");
        new FileStorage(file).set("before", "kept");
        Process writer = startWriter(file, "loop", 0);
        try {
            var storage = new FileStorage(file);
            // Let it write until its keys show up, then kill it wherever it is.
            for (int i = 0; i < 10_000 && storage.get("loop-10") == null; i++) {
                Thread.onSpinWait();
                storage.get("before");
            }
        } finally {
            writer.destroyForcibly();
            writer.waitFor(30, TimeUnit.SECONDS);
        }

        Map<String, String> content = fileContent(file);
        assertThat(content).containsEntry("before", "kept");
        var storage = new FileStorage(file);
        storage.set("after", "ok");
        assertThat(fileContent(file)).containsEntry("before", "kept").containsEntry("after", "ok");
        assertThat(Files.exists(dir.resolve("s.json.corrupt"))).isFalse();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temp file left by the killed writer")
                    .noneMatch(name -> name.endsWith(".tmp") || name.endsWith(".logto-tmp"));
        }
    }

    @Test
    void toStringWhenCalledThenShowsNoValue() {
        var storage = new FileStorage(dir.resolve("s.json"));
        storage.set("refreshToken", "secret-refresh");

        assertThat(storage.toString()).doesNotContain("secret-refresh");
    }
}
