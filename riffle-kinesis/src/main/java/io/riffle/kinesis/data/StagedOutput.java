package io.riffle.kinesis.data;

import java.nio.ByteBuffer;

/**
 * Where the JSON records encoder writes: the answer's buffer (a view of pooled, usually direct, memory), reached
 * through a small heap buffer that gathers a record's many small pieces (names, headers, digits, a short key or
 * payload or its base64), so that the direct memory takes one bulk copy per few records instead of a dozen small
 * writes per record, each of which pays the direct buffer's checks. Large payloads go straight to the answer,
 * copied once. One thread, one answer. (The CBOR encoder writes few, larger pieces per record: staging them
 * measured no faster there, see docs/benchmarks.md.)
 */
final class StagedOutput {
    /** Pieces up to this size are gathered; larger ones are copied into the answer directly. */
    static final int GATHERED_COPY_MAX_BYTES = 512;

    private final ByteBuffer answer;
    private final ByteBuffer staging;

    /** @param capacity at least the largest piece {@link #room} is asked for (raised to the gathered maximum) */
    StagedOutput(ByteBuffer answer, int capacity) {
        this.answer = answer;
        this.staging = ByteBuffer.allocate(Math.max(capacity, GATHERED_COPY_MAX_BYTES));
    }

    /** The staging buffer with room for {@code bytes} more: write them there with relative puts. */
    ByteBuffer room(int bytes) {
        if (staging.remaining() < bytes) {
            flush();
            if (staging.remaining() < bytes) {
                throw new IllegalArgumentException(bytes + " bytes do not fit a staging buffer of "
                        + staging.capacity());
            }
        }
        return staging;
    }

    /** Writes {@code length} bytes of {@code from} at {@code offset} (absolute; {@code from} is not moved). */
    void copy(ByteBuffer from, int offset, int length) {
        if (length <= GATHERED_COPY_MAX_BYTES) {
            ByteBuffer s = room(length);
            s.put(s.position(), from, offset, length).position(s.position() + length);
        } else {
            flush();
            answer.put(answer.position(), from, offset, length).position(answer.position() + length);
        }
    }

    /** Writes {@code length} bytes of {@code from} at {@code offset}. */
    void copy(byte[] from, int offset, int length) {
        if (length <= GATHERED_COPY_MAX_BYTES) {
            room(length).put(from, offset, length);
        } else {
            flush();
            answer.put(from, offset, length);
        }
    }

    /** Moves what was gathered into the answer; call once after the last piece. */
    void flush() {
        if (staging.position() > 0) {
            answer.put(staging.flip());
            staging.clear();
        }
    }
}
