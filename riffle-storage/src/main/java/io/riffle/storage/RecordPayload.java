package io.riffle.storage;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A record's payload as {@link ShardLog#append} takes it: bytes storage copies once, into the batch it
 * encodes, without holding them as a buffer first. A caller whose bytes arrive encoded (a blob's base64 text
 * in a request body) decodes them in {@link #copyTo}, so the payload's first copy is the batch's.
 *
 * <p>Like {@link AppendRecord}'s other members, whatever the payload reads stays unchanged until the append's
 * future completes; {@link #copyTo} may run on any thread, more than once (in-memory logs copy too).
 */
public interface RecordPayload {

    /** The payload's length in bytes, known before it is copied (the batch is sized first). */
    int sizeBytes();

    /** Writes {@link #sizeBytes()} bytes at {@code target}'s position, advancing it. */
    void copyTo(ByteBuffer target);

    /** A payload over a buffer's remaining bytes (a view: not copied, its position untouched). */
    static RecordPayload of(ByteBuffer bytes) {
        return new BufferPayload(Objects.requireNonNull(bytes, "data"));
    }

    /** A payload over a whole array (wrapped, not copied). */
    static RecordPayload of(byte[] bytes) {
        return of(ByteBuffer.wrap(bytes));
    }

    /** The payload's bytes as a new read-only buffer (for tests and in-memory logs, which must own them). */
    static ByteBuffer copyOf(RecordPayload payload) {
        ByteBuffer copy = ByteBuffer.allocate(payload.sizeBytes());
        payload.copyTo(copy);
        return copy.flip().asReadOnlyBuffer();
    }

    /** A payload that is already bytes. */
    record BufferPayload(ByteBuffer bytes) implements RecordPayload {
        @Override
        public int sizeBytes() {
            return bytes.remaining();
        }

        @Override
        public void copyTo(ByteBuffer target) {
            int length = bytes.remaining();
            target.put(target.position(), bytes, bytes.position(), length);
            target.position(target.position() + length);
        }
    }
}
