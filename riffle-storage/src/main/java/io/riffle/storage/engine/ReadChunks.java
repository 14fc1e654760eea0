package io.riffle.storage.engine;

import io.riffle.storage.DirectBufferPool;
import io.riffle.storage.ReadBuffers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The chunks one read filled from its segment files, handed back to their pool together once released. */
final class ReadChunks implements ReadBuffers {
    private final DirectBufferPool pool;
    private final List<ByteBuffer> taken = new ArrayList<>(2);
    private boolean isReleased;

    ReadChunks(DirectBufferPool pool) {
        this.pool = pool;
    }

    /** A buffer of {@code bytes} (position 0, limit {@code bytes}) to read a chunk into. */
    ByteBuffer take(int bytes) {
        ByteBuffer chunk = pool.take(bytes);
        taken.add(chunk);
        return chunk.duplicate().clear().limit(bytes);
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
    }
}
