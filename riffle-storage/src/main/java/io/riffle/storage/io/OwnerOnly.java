package io.riffle.storage.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every file and directory Riffle creates in its data directory is its owner's only: directories
 * 700, files 600, whatever the umask (records and the shard-iterator signing key are nobody
 * else's to read). Creation sets the mode atomically with the file (no window where another user
 * could open it) and sets it again afterwards, since a umask can only clear bits.
 *
 * <p>On a file system without POSIX permissions (none that Riffle supports in production) files
 * are created as the platform does and every check here passes.
 */
public final class OwnerOnly {

    /** rw------- */
    public static final Set<PosixFilePermission> FILE =
            Set.copyOf(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    /** rwx------ */
    public static final Set<PosixFilePermission> DIRECTORY = Set.copyOf(EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.copyOf(EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));

    private OwnerOnly() {
    }

    /**
     * Creates {@code dir} and its missing parents, each 700; an existing directory is left as it
     * is (its mode is the operator's, checked at start-up).
     */
    public static void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        List<Path> missing = new ArrayList<>();
        for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(p);
        }
        for (int i = missing.size() - 1; i >= 0; i--) {
            Path p = missing.get(i);
            try {
                if (isPosix(p)) {
                    Files.createDirectory(p, PosixFilePermissions.asFileAttribute(DIRECTORY));
                    Files.setPosixFilePermissions(p, DIRECTORY);
                } else {
                    Files.createDirectory(p);
                }
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
                // created at the same time by another thread: its mode was set the same way
            }
        }
    }

    /**
     * Opens {@code file} with {@code options}; when {@code options} has CREATE and the file is
     * missing, it is created 600. An existing file keeps its mode.
     */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> set = Set.of(options);
        boolean isCreating = set.contains(StandardOpenOption.CREATE) || set.contains(StandardOpenOption.CREATE_NEW);
        boolean isWriting = set.contains(StandardOpenOption.WRITE) || set.contains(StandardOpenOption.APPEND);
        if (!isCreating || !isWriting) { // the JDK ignores CREATE and CREATE_NEW when only reading
            return FileChannel.open(file, options);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (!isPosix(parent)) {
            return FileChannel.open(file, set);
        }
        Set<OpenOption> createNew = new HashSet<>(set);
        createNew.remove(StandardOpenOption.CREATE);
        createNew.add(StandardOpenOption.CREATE_NEW);
        FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(FILE);
        try {
            FileChannel channel = FileChannel.open(file, createNew, mode);
            try {
                Files.setPosixFilePermissions(file, FILE);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return channel;
        } catch (FileAlreadyExistsException e) {
            if (set.contains(StandardOpenOption.CREATE_NEW)) {
                throw e;
            }
            Set<OpenOption> existing = new HashSet<>(set);
            existing.remove(StandardOpenOption.CREATE);
            return FileChannel.open(file, existing);
        }
    }

    /** Creates {@code file} (600), which must not exist, holding {@code content}, not synced. */
    public static void createFile(Path file, byte[] content) throws IOException {
        try (FileChannel channel = open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(content);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    /**
     * Replaces {@code file} with {@code content} so that a crash leaves the old or the new content,
     * never a mix: written to {@code <file>.tmp} (600), synced, renamed over {@code file}, and the
     * directory synced. Missing parent directories are created 700.
     */
    public static void replaceDurably(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        createDirectories(dir);
        Path temp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp); // left by a write that died half-way
        createFile(temp, content);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    /**
     * The permissions of {@code path} that let its group or other users in (empty when none do,
     * or on a file system without POSIX permissions).
     */
    public static Set<PosixFilePermission> groupOrOthers(Path path) throws IOException {
        if (!isPosix(path)) {
            return Set.of();
        }
        Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
        extra.addAll(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        extra.retainAll(GROUP_OR_OTHERS);
        return extra;
    }

    /** Whether {@code path}'s file system has POSIX permissions (Linux's and macOS' do). */
    public static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
