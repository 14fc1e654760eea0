package io.riffle.firehose.delivery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The embedded S3 default: bucket {@code b} is the folder {@code <root>/b/}, a key's slashes its
 * sub-folders. An object is written to a temporary file beside its place ({@code .<name>.tmp}),
 * fsynced, renamed over its key atomically and the folder fsynced, so a crash leaves either no object
 * or the whole one, never a torn one; a left-over temporary file is replaced by the next attempt.
 */
public final class FolderObjectStore implements ObjectStore {
    private final Path root;

    public FolderObjectStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The file of a bucket's key. */
    public Path file(String bucket, String key) {
        Path bucketDir = root.resolve(bucket).normalize();
        Path file = bucketDir.resolve(key).normalize();
        if (!bucketDir.startsWith(root.normalize()) || !file.startsWith(bucketDir) || key.isEmpty()
                || key.endsWith("/")) {
            throw new IllegalArgumentException("the key '" + key + "' does not name a file inside bucket " + bucket);
        }
        return file;
    }

    @Override
    public void put(String bucket, String key, byte[] bytes, String contentEncoding) throws IOException {
        Path target = file(bucket, key);
        Path dir = target.getParent();
        createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + dir + " cannot rename atomically", e);
        }
        syncDirectory(dir);
    }

    /** Creates missing folders, syncing each new one's parent so the entry survives a power loss. */
    private void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return;
        }
        syncDirectory(dir.getParent());
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public String describe() {
        return "the folder " + root.toAbsolutePath();
    }
}
