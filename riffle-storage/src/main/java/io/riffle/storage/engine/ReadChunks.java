package io.riffle.storage.engine;

import io.riffle.storage.DirectBufferPool;
import io.riffle.storage.ReadBuffers;
import io.riffle.storage.io.FileHandle;
import io.riffle.storage.io.FileMappings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What one read's record views point into: chunks it filled from its segment files, handed back to their pool
 * together once released, and, for a read whose reader releases it, mappings of the files, unmapped then.
 */
final class ReadChunks implements ReadBuffers {
    private final DirectBufferPool pool;
    private final boolean mayMap;
    private final List<ByteBuffer> taken = new ArrayList<>(2);
    private final List<ByteBuffer> mappings = new ArrayList<>(1);
    private boolean isReleased;

    /** Chunks of {@code pool}; mappings only when {@code mayMap} (the reader releases) and the JVM can unmap. */
    ReadChunks(DirectBufferPool pool, boolean mayMap) {
        this.pool = pool;
        this.mayMap = mayMap && FileMappings.canUnmap();
    }

    /** A buffer of {@code bytes} (position 0, limit {@code bytes}) to read a chunk into. */
    ByteBuffer take(int bytes) {
        ByteBuffer chunk = pool.take(bytes);
        taken.add(chunk);
        return chunk.duplicate().clear().limit(bytes);
    }

    /**
     * The {@code bytes} of {@code file} from {@code position} (all within the file) as a read-only mapping, unmapped
     * when released; null when this read copies instead.
     */
    ByteBuffer map(FileHandle file, long position, int bytes) {
        if (!mayMap) {
            return null;
        }
        ByteBuffer mapping;
        try {
            mapping = file.map(position, bytes);
        } catch (IOException e) {
            return null; // the kernel refused (address space, the map count limit): a copy serves the read as well
        }
        if (mapping != null) {
            mappings.add(mapping);
        }
        return mapping;
    }

    @Override
    public void release() {
        if (isReleased) {
            throw new IllegalStateException("read buffers released twice");
        }
        isReleased = true;
        for (ByteBuffer chunk : taken) {
            pool.give(chunk);
        }
        taken.clear();
        for (ByteBuffer mapping : mappings) {
            FileMappings.unmap(mapping);
        }
        mappings.clear();
    }
}
