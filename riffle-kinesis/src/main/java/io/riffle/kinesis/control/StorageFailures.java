package io.riffle.kinesis.control;

import io.riffle.kinesis.protocol.KinesisError;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.storage.AppendResult;
import io.riffle.storage.IoErrorKind;

/**
 * The answers to a write the storage could not do: what Kinesis answers for a failure it cannot
 * serve, a 5xx the SDKs retry, with a message that says what happened and that nothing was
 * stored. The messages name no file: the server's log and {@code /health} carry the details.
 *
 * <p>A full disk is {@code ServiceUnavailable} (503): Kinesis' common errors describe it as "the
 * request has failed due to a temporary failure of the server", and freeing space ends it
 * without anyone changing the request. Another I/O error is {@code InternalFailure} (500),
 * "an unknown error, exception or failure": the disk itself failed. Both are retried by the
 * SDKs (they retry every 500 and 503); neither names a model exception, as in Kinesis, where
 * both are common errors of every operation rather than shapes of the model.
 *
 * <p>A busy store (its bounded write queues full) is {@code ServiceUnavailable} too, not
 * {@code ProvisionedThroughputExceededException}, which would tell users to add shards: it is the
 * node that is saturated, and a retry shortly after goes through. In PutRecords a busy entry is
 * {@code InternalFailure}, the only other error code the model allows an entry.
 */
public final class StorageFailures {

    private StorageFailures() {
    }

    /** The answer to an append that failed with {@code result}; {@code outcome} is e.g. "The record was not stored". */
    public static KinesisException of(AppendResult result, String outcome) {
        return switch (result.status()) {
            case DISK_FULL -> diskFull(outcome);
            case FENCED, CLOSED -> KinesisError.SERVICE_UNAVAILABLE.exception(outcome
                    + ": the shard is not accepting writes right now (a reshard or a shutdown). Retry.");
            case BUSY -> KinesisError.SERVICE_UNAVAILABLE.exception(outcome
                    + ": Riffle's write queues are full (writes arrive faster than its disk takes them). Retry.");
            case TOO_LARGE, IO_ERROR, OK -> ioError(outcome);
        };
    }

    /** The answer to a file write (a shard's storage, its retention) that failed with {@code failure}. */
    public static KinesisException of(Throwable failure, String outcome) {
        return IoErrorKind.of(failure) == IoErrorKind.DISK_FULL ? diskFull(outcome) : ioError(outcome);
    }

    private static KinesisException diskFull(String outcome) {
        return KinesisError.SERVICE_UNAVAILABLE.exception(outcome
                + ": the disk of Riffle's data directory is full. Retry once space is freed.");
    }

    private static KinesisException ioError(String outcome) {
        return KinesisError.INTERNAL_FAILURE.exception(outcome
                + ": Riffle could not write to its data directory (I/O error; see the server log). Retry.");
    }
}
