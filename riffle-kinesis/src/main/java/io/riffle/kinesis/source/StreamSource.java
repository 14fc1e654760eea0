package io.riffle.kinesis.source;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reading a stream from inside the node, without the Kinesis API's iterators and throttles: what a service that
 * consumes streams needs. Positions are opaque cursors within one shard of one stream incarnation (a stream deleted
 * and created again under its name is another incarnation: positions of the old one mean nothing in it). They are
 * stable across restarts, so a consumer may checkpoint them. Thread-safe.
 */
public interface StreamSource {

    /** The stream {@code streamArn} names, while it exists and serves reads (ACTIVE or UPDATING). */
    Optional<Stream> stream(String streamArn);

    /**
     * The enhanced fan-out consumer {@code consumerArn} names, in any status, while it is registered with the current
     * incarnation of its stream: a consumer reads the stream's records as SubscribeToShard pushes them (woken by
     * {@link #onRecords}, never on a timer).
     */
    Optional<Consumer> consumer(String consumerArn);

    /**
     * The position {@code start} denotes in a shard (TRIM_HORIZON: its oldest record kept; LATEST: after its newest;
     * AT_TIMESTAMP: its first record arrived at or after {@code timestampMs}); empty when the stream or shard is gone.
     */
    Optional<Long> startPosition(String streamArn, long incarnation, String shardId, Start start, long timestampMs);

    /**
     * Reads up to {@code maxRecords} records (and about {@code maxBytes}) from {@code position}, in order; a position
     * below the trim horizon reads from the horizon. Runs on the source's read pool. The future fails when the
     * stream or shard is gone or the stored bytes cannot be served.
     */
    CompletableFuture<Batch> read(String streamArn, long incarnation, String shardId, long position, int maxRecords,
                                  long maxBytes);

    /** Calls {@code listener} (on the appending thread: keep it short) after records are added to the shard or it closes. */
    AutoCloseable onRecords(long incarnation, String shardId, Runnable listener);

    /** Where a consumer starts in a shard it has no checkpoint for. */
    enum Start { TRIM_HORIZON, LATEST, AT_TIMESTAMP }

    /** A stream as a consumer sees it: its shards, closed ones included while they hold records. */
    record Stream(String arn, String name, long incarnation, List<Shard> shards) {
        public Stream {
            shards = List.copyOf(shards);
        }

        public Optional<Shard> shard(String shardId) {
            return shards.stream().filter(s -> s.shardId().equals(shardId)).findFirst();
        }
    }

    /**
     * A registered stream consumer: its stream's ARN and its status (CREATING, ACTIVE or DELETING; only an ACTIVE
     * consumer may subscribe to shards, as in Kinesis).
     */
    record Consumer(String arn, String name, String streamArn, String status) {
        public boolean isActive() {
            return "ACTIVE".equals(status);
        }
    }

    /** A shard: its parents (null when none) are read to their end before it, to keep each key's order. */
    record Shard(String shardId, String parentShardId, String adjacentParentShardId, boolean isClosed) {
        public Shard {
            Objects.requireNonNull(shardId, "shardId");
        }
    }

    /** One record, with the position after it (where to resume once it is processed). */
    record Record(String sequenceNumber, String partitionKey, byte[] data, long arrivalTimestampMs, long nextPosition) {
    }

    /**
     * Records read, the position after them, whether the shard is closed and read to its end (no more will come),
     * and how far the last record is behind the shard's newest (0 when caught up).
     */
    record Batch(List<Record> records, long nextPosition, boolean isShardEnd, long millisBehindLatest) {
        public Batch {
            records = List.copyOf(records);
        }
    }
}
