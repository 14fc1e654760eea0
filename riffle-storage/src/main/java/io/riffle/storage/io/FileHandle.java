package io.riffle.storage.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An open file. Positional reads and writes only, so several threads may read while one writes.
 * A handle is safe for concurrent use by several threads.
 */
public interface FileHandle extends Closeable {

    /** Writes all remaining bytes of {@code source} at {@code position}. */
    void write(ByteBuffer source, long position) throws IOException;

    /**
     * Reads into {@code target} from {@code position} until it is full or the file ends.
     *
     * @return the number of bytes read
     */
    int read(ByteBuffer target, long position) throws IOException;

    long size() throws IOException;

    /**
     * A read-only mapping of the {@code length} bytes from {@code position}, all within the file; null when this
     * handle does not map. The mapping lasts until its buffer is unmapped or collected, the file's closing aside.
     */
    default ByteBuffer map(long position, int length) throws IOException {
        return null;
    }

    void truncate(long size) throws IOException;

    /** Makes the file's data durable (fdatasync). */
    void sync() throws IOException;

    @Override
    void close() throws IOException;
}
