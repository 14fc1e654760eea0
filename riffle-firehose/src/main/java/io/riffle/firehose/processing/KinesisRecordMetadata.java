package io.riffle.firehose.processing;

import io.riffle.storage.RecordAttributes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Where a record of a KinesisStreamAsSource delivery stream came from, as Firehose gives it to the transform
 * ({@code kinesisRecordMetadata}): stored with the record in the delivery stream's log as the attribute
 * {@link #ATTRIBUTE_TYPE}, so it survives buffering and restarts.
 *
 * <pre>
 * attribute value, big-endian:
 *   0  i64  approximateArrivalTimestamp (ms since the epoch, the Kinesis record's)
 *   8  i64  subsequenceNumber (the user record's index in a KPL aggregate; -1 when not aggregated)
 *  16  u16  S = shard id length, then S bytes UTF-8
 *       u16  P = partition key length, then P bytes UTF-8
 *       u16  N = sequence number length, then N bytes ASCII
 * </pre>
 *
 * @param subsequenceNumber -1 when the record was not part of a KPL aggregate
 */
public record KinesisRecordMetadata(String shardId, String partitionKey, long approximateArrivalTimestampMs,
                                    String sequenceNumber, long subsequenceNumber) {
    /** The attribute type in the delivery stream's log (Firehose's own log: no other attribute is stored there). */
    public static final int ATTRIBUTE_TYPE = 16;
    private static final int ARRIVAL_OFFSET = 0;
    private static final int SUBSEQUENCE_OFFSET = 8;
    private static final int STRINGS_OFFSET = 16;

    public RecordAttributes toAttributes() {
        byte[] shard = shardId.getBytes(StandardCharsets.UTF_8);
        byte[] key = partitionKey.getBytes(StandardCharsets.UTF_8);
        byte[] sequence = sequenceNumber.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(STRINGS_OFFSET + 6 + shard.length + key.length + sequence.length)
                .order(ByteOrder.BIG_ENDIAN);
        out.putLong(ARRIVAL_OFFSET, approximateArrivalTimestampMs).putLong(SUBSEQUENCE_OFFSET, subsequenceNumber)
                .position(STRINGS_OFFSET);
        for (byte[] s : new byte[][] {shard, key, sequence}) {
            out.putShort((short) s.length).put(s);
        }
        return RecordAttributes.of(ATTRIBUTE_TYPE, out.array());
    }

    /** The metadata a stored record carries, or null (a DirectPut record has none). */
    public static KinesisRecordMetadata of(RecordAttributes attributes) {
        ByteBuffer value = attributes == null ? null : attributes.get(ATTRIBUTE_TYPE);
        if (value == null) {
            return null;
        }
        ByteBuffer in = value.duplicate().order(ByteOrder.BIG_ENDIAN);
        int base = in.position();
        long arrival = in.getLong(base + ARRIVAL_OFFSET);
        long subsequence = in.getLong(base + SUBSEQUENCE_OFFSET);
        in.position(base + STRINGS_OFFSET);
        String shard = text(in, StandardCharsets.UTF_8);
        String key = text(in, StandardCharsets.UTF_8);
        String sequence = text(in, StandardCharsets.US_ASCII);
        return new KinesisRecordMetadata(shard, key, arrival, sequence, subsequence);
    }

    private static String text(ByteBuffer in, java.nio.charset.Charset charset) {
        byte[] bytes = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(bytes);
        return new String(bytes, charset);
    }
}
