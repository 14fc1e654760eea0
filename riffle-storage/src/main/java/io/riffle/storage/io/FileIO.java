package io.riffle.storage.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one seam through which the storage engine touches the file system.
 *
 * <p>Two implementations exist: {@link RealFileIO} for production, and a simulated disk in the
 * test sources whose power-loss mode drops every byte and directory entry that was not synced.
 * Directory changes (create, rename, delete) are only durable after {@link #syncDirectory}.
 */
public interface FileIO {

    /**
     * Opens {@code file} for reading and writing; when it is missing, creates it (empty) if
     * {@code create}, else throws {@link java.nio.file.NoSuchFileException}.
     */
    FileHandle open(Path file, boolean create) throws IOException;

    boolean exists(Path path);

    /** Names (not paths) of the entries of {@code dir}, sorted; empty when the directory is missing. */
    List<String> list(Path dir) throws IOException;

    /** Creates {@code dir} and its missing parents; does not sync them. */
    void createDirectories(Path dir) throws IOException;

    /** Deletes a file or an empty directory; no error when it is missing. */
    void delete(Path path) throws IOException;

    /** Atomically replaces {@code target} by {@code source}. */
    void rename(Path source, Path target) throws IOException;

    /** Makes the directory's entries (creates, renames, deletes) durable. */
    void syncDirectory(Path dir) throws IOException;

    /** Bytes this process may still write to the file system that holds {@code path}. */
    long usableBytes(Path path) throws IOException;
}
