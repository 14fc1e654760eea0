package io.riffle.firehose.data;

/**
 * Firehose's RecordId for a stored record: 56 hexadecimal digits, the stream's incarnation (16) and the
 * record's position in its log (16), padded to look like Firehose's opaque ids (which clients only log).
 * Unique per record, never reused (a stream created again gets a new incarnation).
 */
public final class RecordIds {
    private RecordIds() {
    }

    public static String of(long incarnation, long position) {
        return String.format("%016x%016x%024x", incarnation, position, 0);
    }

    /** The log position a record id (or a de-aggregated sub-record's, {@code <id>.<n>}) names. */
    public static long position(String recordId) {
        return Long.parseUnsignedLong(recordId.substring(16, 32), 16);
    }
}
