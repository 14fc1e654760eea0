package io.riffle.kinesis.data;

import io.netty.buffer.ByteBuf;
import io.riffle.aws.wire.WireCodec;
import io.riffle.aws.wire.WireWriter;
import io.riffle.kinesis.model.RecordNumberDigits;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.EncodedResponse;
import io.riffle.kinesis.protocol.WireFormat;
import io.riffle.storage.ReadBuffers;
import io.riffle.storage.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.Consumer;

/**
 * An answer whose first member is Records (GetRecords' output, a SubscribeToShardEvent), written by the streaming
 * encoders ({@link JsonRecordsEncoder}, {@link CborRecordsEncoder}) straight from storage's read buffers, which
 * they walk with a {@link io.riffle.storage.RecordCursor} (no object per record). The
 * members after Records are few and once per answer: {@code rest} is the answer's record with Records unset,
 * written by its generated writer and spliced in after the records.
 *
 * @param encryptionType every record's EncryptionType, or null when the stream's records carry none
 * @param buffers what the records' views point into, released once the answer is written
 */
public record RecordsAnswer<T>(StreamInfo stream, ShardInfo shard, List<StoredRecord> records, String encryptionType,
                               T rest, WireWriter<T> restWriter, ReadBuffers buffers) implements EncodedResponse {
    private static final WireCodec CODEC = WireCodec.standard();

    /** An answer over records whose buffers are the garbage collector's to reclaim. */
    public RecordsAnswer(StreamInfo stream, ShardInfo shard, List<StoredRecord> records, String encryptionType,
                         T rest, WireWriter<T> restWriter) {
        this(stream, shard, records, encryptionType, rest, restWriter, ReadBuffers.NONE);
    }

    @Override
    public Body body(WireFormat format) {
        byte[] tail = CODEC.encode(format.wire(), rest, restWriter);
        RecordNumberDigits numbers = new RecordNumberDigits(stream, shard);
        return format == WireFormat.CBOR ? new CborRecordsEncoder(numbers, encryptionType, records, tail)
                : new JsonRecordsEncoder(numbers, encryptionType, records, tail);
    }

    @Override
    public void written() {
        buffers.release();
    }

    /**
     * Has {@code writer} write at most {@code maxSize} bytes at {@code buf}'s writer index through one NIO view of
     * its memory, so the many small writes of an answer pay the buffer's checks (reference count, bounds, growth)
     * once, not per write; a buffer without a single view (a composite) gets a heap copy instead.
     *
     * @return the bytes written
     */
    static int writeInPlace(ByteBuf buf, int maxSize, Consumer<ByteBuffer> writer) {
        buf.ensureWritable(maxSize);
        int start = buf.writerIndex();
        boolean isInPlace = buf.nioBufferCount() == 1;
        ByteBuffer out = (isInPlace ? buf.nioBuffer(start, maxSize) : ByteBuffer.allocate(maxSize))
                .order(ByteOrder.BIG_ENDIAN);
        writer.accept(out);
        int written = out.position();
        if (isInPlace) {
            buf.writerIndex(start + written);
        } else {
            buf.writeBytes(out.flip());
        }
        return written;
    }
}
