package io.riffle.triggers.failure;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The embedded stand-in for S3 when no S3-compatible endpoint is set: {@code <root>/<bucket>/<key>}, written to a
 * temporary file, synced, then renamed into place, so a reader never sees half a record.
 */
public final class FolderDestination implements FailureDestination {
    private final Path root;

    public FolderDestination(Path root) {
        this.root = root;
    }

    @Override
    public void put(String bucket, String key, byte[] body) throws IOException {
        Path target = root.resolve(bucket).resolve(key).normalize();
        if (!target.startsWith(root.resolve(bucket).normalize())) {
            throw new IOException("an object key outside its bucket: " + key);
        }
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(body));
            out.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
