package io.riffle.storage;

import java.util.List;

/**
 * The answer to {@link ShardLog#read}. {@code nextPosition} is where the next read should start:
 * after the last record returned, or the trim horizon when the requested position was trimmed.
 *
 * {@code records} may be a list over the read buffers that builds each element when asked: readers that write
 * records out walk {@link #cursor()} instead, which makes no object per record.
 *
 * @param buffers what the records' views point into: a reader done with them may {@link ReadBuffers#release()} them
 */
public record ReadResult(Status status, List<StoredRecord> records, long nextPosition, String detail,
                         ReadBuffers buffers) {

    public ReadResult(Status status, List<StoredRecord> records, long nextPosition, String detail) {
        this(status, records, nextPosition, detail, ReadBuffers.NONE);
    }

    public enum Status {
        /** Records (possibly none: the reader is at the end) were read. */
        OK,
        /** The position is below the trim horizon; {@code nextPosition} is the horizon. */
        BELOW_TRIM,
        /** The position is past the end of the log. */
        BEYOND_END,
        /** Stored bytes failed their checksum; nothing from there on is served. */
        CORRUPT,
        IO_ERROR,
        CLOSED
    }

    /** A cursor over the records, from the first. */
    public RecordCursor cursor() {
        return RecordCursor.over(records);
    }

    public static ReadResult ok(List<StoredRecord> records, long nextPosition) {
        return new ReadResult(Status.OK, records, nextPosition, null);
    }

    /** Records whose views point into {@code buffers}. */
    public static ReadResult ok(List<StoredRecord> records, long nextPosition, ReadBuffers buffers) {
        return new ReadResult(Status.OK, records, nextPosition, null, buffers);
    }

    public static ReadResult failed(Status status, long nextPosition, String detail) {
        return new ReadResult(status, List.of(), nextPosition, detail);
    }
}
