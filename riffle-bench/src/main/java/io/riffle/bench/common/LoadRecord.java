package io.riffle.bench.common;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The data of a record {@link KinesisLoad} sends: a header saying who sent it and when, then
 * random filler up to the record size.
 *
 * <pre>
 *   0                   8           12                  20                       recordBytes
 *   +-------------------+-----------+-------------------+------------------------+
 *   | sentNanos (8)     | producer  | serial (8)        | random filler          |
 *   | System.nanoTime() | (4)       | 0, 1, 2, ... per  | (fixed per slot of the |
 *   | when the call     |           | producer          | producer's batch)      |
 *   | was made          |           |                   |                        |
 *   +-------------------+-----------+-------------------+------------------------+
 *   big-endian
 * </pre>
 *
 * <p>{@code sentNanos} is {@link System#nanoTime()} of the load generator's JVM; producers and
 * consumers run in that one JVM, so a consumer subtracts it from its own {@code nanoTime()} to get
 * the put-to-get latency. {@code producer} and {@code serial} identify the record for the
 * {@link RecordLedger} (every acknowledged record read exactly once).
 */
public final class LoadRecord {
    static final int SENT_NANOS_OFFSET = 0;
    static final int PRODUCER_OFFSET = 8;
    static final int SERIAL_OFFSET = 12;
    public static final int HEADER_BYTES = 20;

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private LoadRecord() {
    }

    public static void writeHeader(byte[] data, long sentNanos, int producer, long serial) {
        LONG_BE.set(data, SENT_NANOS_OFFSET, sentNanos);
        INT_BE.set(data, PRODUCER_OFFSET, producer);
        LONG_BE.set(data, SERIAL_OFFSET, serial);
    }

    /** True when {@code data} is long enough to hold a header (anything else was not sent by us). */
    public static boolean hasHeader(ByteBuffer data) {
        return data.remaining() >= HEADER_BYTES;
    }

    public static long sentNanos(ByteBuffer data) {
        return data.order(ByteOrder.BIG_ENDIAN).getLong(data.position() + SENT_NANOS_OFFSET);
    }

    public static int producer(ByteBuffer data) {
        return data.order(ByteOrder.BIG_ENDIAN).getInt(data.position() + PRODUCER_OFFSET);
    }

    public static long serial(ByteBuffer data) {
        return data.order(ByteOrder.BIG_ENDIAN).getLong(data.position() + SERIAL_OFFSET);
    }
}
