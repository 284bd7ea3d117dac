package io.logto.sdk.storage;

import java.nio.file.Path;

/**
 * The second process of {@link FileStorageTest}: writes {@code count} keys {@code prefix-i} to a
 * {@link FileStorage} (forever when count is 0), printing "ready" once it has started.
 */
public final class FileStorageWriter {
    private FileStorageWriter() {
    }

    public static void main(String[] args) {
        var storage = new FileStorage(Path.of(args[0]));
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        System.out.println("ready");
        System.out.flush();
        for (int i = 0; count == 0 || i < count; i++) {
            storage.set(prefix + "-" + (count == 0 ? i % 50 : i), "value-" + i + "-" + "x".repeat(200));
        }
    }
}
