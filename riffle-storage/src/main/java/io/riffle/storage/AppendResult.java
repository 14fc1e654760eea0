package io.riffle.storage;

/**
 * What became of an append. On {@link Status#OK} the records hold positions
 * {@code firstPosition .. firstPosition + count - 1}.
 */
public record AppendResult(Status status, long firstPosition, int count, int writerEpoch, String detail) {

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

    public static AppendResult ok(long firstPosition, int count, int writerEpoch) {
        return new AppendResult(Status.OK, firstPosition, count, writerEpoch, null);
    }

    public static AppendResult failed(Status status, String detail) {
        return new AppendResult(status, -1, 0, 0, detail);
    }

    public boolean isOk() {
        return status == Status.OK;
    }
}
