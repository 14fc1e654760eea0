package io.riffle.storage.engine;

import io.riffle.storage.io.FileHandle;
import io.riffle.storage.io.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Small metadata files replaced atomically: write a temporary file, sync it, rename it over the
 * target, sync the directory. A crash leaves either the old or the new content, never a mix;
 * a leftover temporary file is ignored and overwritten next time. A write that fails (a full
 * disk) deletes its temporary file, so a failure leaves nothing behind but the old content.
 */
final class AtomicFiles {
    static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    static void write(FileIO io, Path target, ByteBuffer content) throws IOException {
        Path temp = tempOf(target);
        try {
            try (FileHandle h = io.open(temp, true)) {
                h.truncate(0);
                h.write(content.duplicate(), 0);
                h.sync();
            }
            io.rename(temp, target);
        } catch (IOException e) {
            deleteQuietly(io, temp, e);
            throw e;
        }
        io.syncDirectory(target.getParent());
    }

    /**
     * Replaces a derived file (one rebuilt when missing or damaged, such as an index) without any
     * sync: after a power loss it may be absent or torn, which its reader detects.
     */
    static void writeDerived(FileIO io, Path target, ByteBuffer content) throws IOException {
        Path temp = tempOf(target);
        try {
            try (FileHandle h = io.open(temp, true)) {
                h.truncate(0);
                h.write(content.duplicate(), 0);
            }
            io.rename(temp, target);
        } catch (IOException e) {
            deleteQuietly(io, temp, e);
            throw e;
        }
    }

    static Path tempOf(Path target) {
        return target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    }

    /** Deleting needs no space, so it works on a full disk; should it fail too, the caller's failure says enough. */
    private static void deleteQuietly(FileIO io, Path temp, IOException failure) {
        try {
            io.delete(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** The whole file, or null when it does not exist. */
    static ByteBuffer read(FileIO io, Path file) throws IOException {
        if (!io.exists(file)) {
            return null;
        }
        try (FileHandle h = io.open(file, false)) {
            long size = h.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException(file + " is too large to be a metadata file: " + size + " bytes");
            }
            ByteBuffer b = ByteBuffer.allocate((int) size);
            h.read(b, 0);
            b.flip();
            return b;
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
