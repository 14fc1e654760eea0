package io.riffle.storage;

/**
 * What became of an append. On {@link Status#OK} the records hold positions
 * {@code firstPosition .. firstPosition + count - 1}.
 *
 * @param firstTimestampMs the arrival time stored for the first record (-1 when nothing was appended).
 *                         A log makes arrival times monotonic: each record keeps the larger of its own and
 *                         the one stored before it, so record {@code k} of the append has the largest of
 *                         this and the given arrival times of records 1..k ({@link #storedTimestampMs}). Callers
 *                         that hand out something derived from a record's time (Kinesis' sequence numbers)
 *                         use this rather than reading a clock again, so a later read reports the same.
 */
public record AppendResult(Status status, long firstPosition, int count, int writerEpoch, long firstTimestampMs,
                           String detail) {

    public enum Status {
        OK,
        /** The log was fenced: a newer owner exists, or it is being closed for good. */
        FENCED,
        /** The log or its store is closed. */
        CLOSED,
        /** The disk is full; nothing was written; retry once space is freed. */
        DISK_FULL,
        /** Another I/O error; nothing of this append is visible. */
        IO_ERROR,
        /** The batch is larger than a batch may be. */
        TOO_LARGE,
        /**
         * The store's write queues are full (owner or journal queue at its byte limit): nothing was
         * written; retry shortly. The store's memory stays bounded instead of growing with load.
         */
        BUSY
    }

    public static AppendResult ok(long firstPosition, int count, int writerEpoch, long firstTimestampMs) {
        return new AppendResult(Status.OK, firstPosition, count, writerEpoch, firstTimestampMs, null);
    }

    public static AppendResult failed(Status status, String detail) {
        return new AppendResult(status, -1, 0, 0, -1, detail);
    }

    /**
     * The arrival time stored for the next record of the append, given the one stored for the record
     * before it ({@link #firstTimestampMs} for the first) and the time the record was appended with.
     */
    public static long storedTimestampMs(long previousStoredMs, long givenMs) {
        return Math.max(previousStoredMs, givenMs);
    }

    public boolean isOk() {
        return status == Status.OK;
    }
}
