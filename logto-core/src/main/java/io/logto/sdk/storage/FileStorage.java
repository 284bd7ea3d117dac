package io.logto.sdk.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logto.sdk.LogtoException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A {@link Storage} in one JSON file, for command-line tools, desktop apps and single-user servers.
 *
 * <ul>
 *   <li>Writes go to a temporary file that replaces the real one atomically, so a crash mid-write
 *       leaves the old file intact, never a half-written one. Temporary files are named
 *       {@code .<name>.<16 hex digits>.logto-tmp}; one left by a crash is removed by the next
 *       writer, and no other file is ever touched.</li>
 *   <li>The file, its lock and temporary files and the {@code .corrupt} copy are readable and
 *       writable by their owner only, and a parent directory this storage creates is
 *       {@code rwx------} (on POSIX file systems).</li>
 *   <li>Writers take an exclusive lock on a side file ({@code <name>.lock}), so two threads and two
 *       processes can write at once without losing an update.</li>
 *   <li>A file that cannot be parsed reads as empty ("signed out"); before it is overwritten it is
 *       kept as {@code <name>.corrupt} for inspection.</li>
 * </ul>
 *
 * <p>Thread-safe, and safe for several processes sharing the file.
 */
public final class FileStorage implements Storage {
    private static final System.Logger LOG = System.getLogger(FileStorage.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {
    };
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final int MAX_FILE_BYTES = 1 << 20;
    private static final String TEMP_SUFFIX = ".logto-tmp";

    private final Path file;
    private final Path lockFile;
    /** Exactly the names {@link #newTempFile()} gives: nothing else is ever deleted as "stale". */
    private final Pattern tempName;
    private final SecureRandom random = new SecureRandom();

    /**
     * A storage in {@code file}; the file (and its parent directory, owner-only, if missing) is
     * created on the first write.
     *
     * @param file the JSON file; it and its missing directories are created on the first write
     */
    public FileStorage(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.tempName = Pattern.compile("\\." + Pattern.quote(this.file.getFileName().toString()) + "\\.[0-9a-f]{16}"
                + Pattern.quote(TEMP_SUFFIX));
    }

    /**
     * The file this storage writes.
     *
     * @return the file this storage writes
     */
    public Path file() {
        return file;
    }

    @Override
    public String get(String key) {
        return read().get(key);
    }

    @Override
    public void set(String key, String value) {
        modify(map -> {
            if (value == null) {
                map.remove(key);
            } else {
                map.put(key, value);
            }
        });
    }

    @Override
    public void delete(String key) {
        modify(map -> map.remove(key));
    }

    @Override
    public String toString() {
        return "FileStorage{file=" + file + "}";
    }

    /** Reads the whole file; missing or corrupt reads as empty. No lock: replacement is atomic. */
    private TreeMap<String, String> read() {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > MAX_FILE_BYTES) {
                LOG.log(System.Logger.Level.WARNING, "Logto storage file {0} is too large; reading it as empty", file);
                return new TreeMap<>();
            }
            TreeMap<String, String> map = JSON.readValue(bytes, MAP);
            return map == null ? new TreeMap<>() : map;
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (JsonProcessingException e) {
            LOG.log(System.Logger.Level.WARNING, "Logto storage file {0} is corrupt; reading it as empty", file);
            return new TreeMap<>();
        } catch (IOException e) {
            throw new LogtoException(LogtoException.Code.STORAGE_FAILED, "cannot read storage file " + file, e);
        }
    }

    private void modify(Consumer<TreeMap<String, String>> change) {
        try {
            createParentDirectories();
            try (FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE), ownerOnly());
                 FileLock ignored = lock(channel)) {
                removeStaleTempFiles();
                keepIfCorrupt();
                TreeMap<String, String> map = read();
                change.accept(map);
                writeAtomically(JSON.writeValueAsString(map).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new LogtoException(LogtoException.Code.STORAGE_FAILED, "cannot write storage file " + file, e);
        }
    }

    /** Exclusive lock; another thread of this JVM holding it shows as an overlap, so wait and retry. */
    private static FileLock lock(FileChannel channel) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException e) {
                try {
                    Thread.sleep(Math.min(1 + attempt, 10));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the storage lock", ie);
                }
            }
        }
    }

    /**
     * The missing directories up to the file's, created {@code rwx------} (session tokens live
     * there). Directories that exist are left as they are.
     */
    private void createParentDirectories() throws IOException {
        Path parent = file.getParent();
        if (Files.isDirectory(parent)) {
            return;
        }
        if (isPosix()) {
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        } else {
            Files.createDirectories(parent);
        }
    }

    /**
     * Temp files exist only while a writer holds the lock; one seen under the lock was left by a
     * crash. Only our own are removed: the exact name pattern, a regular file (not a link), and on
     * POSIX owned by the owner of the lock file.
     */
    private void removeStaleTempFiles() throws IOException {
        try (var entries = Files.newDirectoryStream(file.getParent(),
                p -> tempName.matcher(p.getFileName().toString()).matches())) {
            for (Path stale : entries) {
                if (Files.isRegularFile(stale, LinkOption.NOFOLLOW_LINKS) && sameOwnerAsLock(stale)) {
                    Files.deleteIfExists(stale);
                }
            }
        }
    }

    private boolean sameOwnerAsLock(Path candidate) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("owner")) {
            return true;
        }
        return Files.getOwner(candidate, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(lockFile));
    }

    private void keepIfCorrupt() throws IOException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > MAX_FILE_BYTES) {
                // read() treats it as empty, so the write below would drop it without a trace.
                keepAsCorrupt();
                return;
            }
            JSON.readValue(bytes, MAP);
        } catch (NoSuchFileException e) {
            // nothing to keep
        } catch (JsonProcessingException e) {
            keepAsCorrupt();
        }
    }

    /** A copy for inspection: it may hold tokens, so it is owner-only like the file. */
    private void keepAsCorrupt() throws IOException {
        Path corrupt = file.resolveSibling(file.getFileName() + ".corrupt");
        Path temp = newTempFile();
        try {
            Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
            if (isPosix()) {
                Files.setPosixFilePermissions(temp, OWNER_ONLY);
            }
            Files.move(temp, corrupt, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A new, empty, owner-only file named {@code .<name>.<16 hex>.logto-tmp}; never an existing one. */
    private Path newTempFile() throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = file.resolveSibling("." + file.getFileName() + "." + HexFormat.of().toHexDigits(random.nextLong())
                    + TEMP_SUFFIX);
            try {
                Files.newByteChannel(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        ownerOnly()).close();
                return temp;
            } catch (FileAlreadyExistsException taken) {
                if (attempt >= 10) {
                    throw taken;
                }
            }
        }
    }

    private void writeAtomically(byte[] content) throws IOException {
        Path temp = newTempFile();
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                var buffer = java.nio.ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot replace " + file, e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private FileAttribute<?>[] ownerOnly() {
        return isPosix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private boolean isPosix() {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
