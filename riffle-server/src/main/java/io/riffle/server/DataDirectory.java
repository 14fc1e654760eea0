package io.riffle.server;

import io.riffle.storage.io.DirectoryLock;
import io.riffle.storage.io.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's claim on its data directory, the first thing a start does: the directory must be
 * its owner's only (an existing one that lets others in and holds anything is refused with the
 * chmod that fixes it), then {@link DirectoryLock} makes this process its only user. Held until
 * {@link #close()} or the process's end.
 *
 * <p>Also the check of key material ({@link #requireOwnerOnly}): a key that others can read is
 * refused, as ssh and PostgreSQL refuse theirs.
 */
final class DataDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

    private final Path directory;
    private final DirectoryLock lock;
    private final boolean isCreated;

    private DataDirectory(Path directory, DirectoryLock lock, boolean isCreated) {
        this.directory = directory;
        this.lock = lock;
        this.isCreated = isCreated;
    }

    /**
     * Checks the directory's mode and locks it, creating it (700) when missing.
     *
     * @throws StartFailure {@code UNSAFE_PERMISSIONS} when others may enter a directory that holds
     *     files, {@code DATA_DIRECTORY_IN_USE} when another process holds it
     */
    static DataDirectory claim(Path directory) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        boolean exists = Files.isDirectory(dir);
        if (exists && !OwnerOnly.groupOrOthers(dir).isEmpty()) {
            if (!isEmpty(dir)) {
                throw new StartFailure(StartFailure.Reason.UNSAFE_PERMISSIONS, "The data directory " + dir
                        + " is open to other users (mode " + mode(dir) + "): run chmod -R go-rwx " + dir
                        + " and start again", null);
            }
            Files.setPosixFilePermissions(dir, OwnerOnly.DIRECTORY); // nothing in it yet: just close it
            log.info("Made the empty data directory {} its owner's only (mode 700)", dir);
        }
        try {
            return new DataDirectory(dir, DirectoryLock.acquire(dir), !exists);
        } catch (DirectoryLock.HeldElsewhere e) {
            String holder = e.holderPid().isPresent() ? "process " + e.holderPid().getAsLong() : "another process";
            throw new StartFailure(StartFailure.Reason.DATA_DIRECTORY_IN_USE, "The data directory " + dir
                    + " is in use by " + holder + " (another Riffle server): stop it first, or give this one"
                    + " another --data-dir", e);
        }
    }

    /**
     * Refuses key material that others can read or write.
     *
     * @param what names the key for the operator, with its setting when it has one
     * @throws StartFailure {@code UNSAFE_PERMISSIONS} with the chmod that fixes it
     */
    static void requireOwnerOnly(Path file, String what) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Set<PosixFilePermission> extra = OwnerOnly.groupOrOthers(file);
        if (!extra.isEmpty()) {
            throw new StartFailure(StartFailure.Reason.UNSAFE_PERMISSIONS, "The " + what + " " + file
                    + " can be read by other users (mode " + mode(file) + "): run chmod go-rwx " + file
                    + " and start again", null);
        }
    }

    Path directory() {
        return directory;
    }

    /**
     * Gives the directory up after a start that failed before anything was written in it: the lock
     * file gets its previous content back, and a directory this start created goes again, so a
     * failed start leaves nothing changed.
     */
    void abandon() {
        try {
            lock.abandon(); // the previous holder's PID back in the lock file
        } catch (IOException e) {
            log.debug("Releasing the lock of {} failed (the process's end releases it)", directory, e);
        }
        if (isCreated) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                log.debug("Could not remove the data directory {} this start created", directory, e);
            }
        }
    }

    /** Releases the lock. Idempotent. */
    @Override
    public void close() {
        try {
            lock.close();
        } catch (IOException e) {
            log.debug("Releasing the lock of {} failed (the process's end releases it)", directory, e);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static String mode(Path path) throws IOException {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        permissions.addAll(Files.getPosixFilePermissions(path));
        int octal = 0;
        for (PosixFilePermission p : permissions) {
            octal |= 1 << (8 - p.ordinal());
        }
        return Integer.toOctalString(octal) + ", " + PosixFilePermissions.toString(permissions);
    }
}
