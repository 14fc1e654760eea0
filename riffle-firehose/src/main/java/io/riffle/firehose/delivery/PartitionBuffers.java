package io.riffle.firehose.delivery;

import io.riffle.firehose.data.RecordIds;
import io.riffle.firehose.processing.ErrorRecords;
import io.riffle.firehose.processing.RecordProcessor;
import io.riffle.firehose.s3.ObjectKeys;
import io.riffle.firehose.s3.S3Backup;
import io.riffle.firehose.s3.S3Destination;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * One dynamically partitioned delivery stream's buffers, as Firehose keeps them: a buffer per partition (the S3
 * prefix a record's keys and arrival time evaluate to), each filled and delivered by the buffering hints on its own.
 * Records that fail (the processors, their keys, the active partitions limit) go to buffers of the error prefix, and
 * with S3 backup each source record to a buffer of the backup prefix: every buffer is one object when due.
 *
 * <p>A buffer's id is its kind and evaluated prefix ({@code d:}, {@code e:}, {@code b:}). The buffers hold the
 * records placed from the stream's log up to {@link #scannedTo}; every record before {@link #checkpoint()} is in an
 * object already, which is where the stream's delivery checkpoint may move. Placement is deterministic (a record's
 * partition comes from its data and arrival time), so a restart that places the records after the checkpoint again,
 * skipping those of partitions delivered further ({@code delivered}), rebuilds the same buffers.
 *
 * <p>Owned by the delivery thread.
 */
final class PartitionBuffers {
    static final String DATA = "d:";
    static final String ERROR = "e:";
    static final String BACKUP = "b:";
    /** Firehose's error output type for records that cannot be placed in a partition. */
    static final String PARTITIONING_FAILED = "partitioning-failed";
    static final String PROCESSING_FAILED = "processing-failed";

    /** One buffer: its records (as they will be written) and where the first one is in the log. */
    static final class Buffer {
        final String id;
        final long firstPosition;
        final long oldestArrivalMs;
        final List<byte[]> records = new ArrayList<>();
        long bytes;

        Buffer(String id, long firstPosition, long oldestArrivalMs) {
            this.id = id;
            this.firstPosition = firstPosition;
            this.oldestArrivalMs = oldestArrivalMs;
        }

        /** The prefix the buffer's object goes under. */
        String prefix() {
            return id.substring(2);
        }
    }

    final long incarnation;
    private final int maxActivePartitions;
    private final Map<String, Buffer> live = new LinkedHashMap<>();
    private long scannedTo;
    private long bufferedBytes;

    PartitionBuffers(long incarnation, long from, int maxActivePartitions) {
        this.incarnation = incarnation;
        this.scannedTo = from;
        this.maxActivePartitions = maxActivePartitions;
    }

    long scannedTo() {
        return scannedTo;
    }

    long bufferedBytes() {
        return bufferedBytes;
    }

    /** Active partitions: the live data buffers, and the one being delivered ({@code isDelivering}). */
    int activePartitions(boolean isDeliveringData) {
        return (int) live.keySet().stream().filter(id -> id.startsWith(DATA)).count() + (isDeliveringData ? 1 : 0);
    }

    /** The position before which every record is in an object already. */
    long checkpoint() {
        long min = scannedTo;
        for (Buffer b : live.values()) {
            min = Math.min(min, b.firstPosition);
        }
        return min;
    }

    /**
     * Places the processed records of the log's records [scannedTo, to): each delivered record in its partition's
     * buffer, each failure in its error buffer, each source record (with backup) in its backup buffer. A record of a
     * buffer delivered past its position ({@code delivered}) is left out: it is in an object already.
     *
     * @param sourceRecords   the log records read (before processing), for the backup
     * @param isDeliveringData whether a data partition's object is being delivered (it counts as active)
     */
    void place(List<RecordProcessor.Input> sourceRecords, RecordProcessor.Output processed, long to,
               S3Destination destination, S3Backup backup, String lambdaArn, ToLongFunction<String> delivered,
               boolean isDeliveringData, long nowMs) {
        if (backup != null) {
            for (RecordProcessor.Input r : sourceRecords) {
                long position = RecordIds.position(r.recordId());
                String id = BACKUP + backup.keyPrefix(Instant.ofEpochMilli(r.arrivalMs()), incarnation);
                add(id, position, r.arrivalMs(), r.data(), delivered);
            }
        }
        List<RecordProcessor.Failed> unplaced = new ArrayList<>(processed.partitioningFailed());
        int active = activePartitions(isDeliveringData);
        for (int i = 0; i < processed.delivered().size(); i++) {
            byte[] record = processed.delivered().get(i);
            RecordProcessor.Input source = processed.sources().get(i);
            Instant arrival = Instant.ofEpochMilli(source.arrivalMs());
            String id;
            try {
                id = DATA + ObjectKeys.prefix(destination.prefix(), "Prefix", false, arrival, destination.zone(),
                        null, incarnation, processed.keys().get(i));
            } catch (IllegalArgumentException e) {
                unplaced.add(failure(source, record, "DynamicPartitioning.MetadataExtractionFailed",
                        "The Prefix could not be evaluated for the record: " + e.getMessage() + ".", nowMs));
                continue;
            }
            if (!live.containsKey(id) && active >= maxActivePartitions) {
                unplaced.add(failure(source, record, "DynamicPartitioning.ActivePartitionsLimitExceeded",
                        "The number of active partitions exceeded the limit of " + maxActivePartitions + ".", nowMs));
                continue;
            }
            if (add(id, RecordIds.position(source.recordId()), source.arrivalMs(), record, delivered)) {
                active = activePartitions(isDeliveringData);
            }
        }
        placeErrors(destination, PROCESSING_FAILED, processed.failed(), lambdaArn, delivered);
        placeErrors(destination, PARTITIONING_FAILED, unplaced, null, delivered);
        scannedTo = Math.max(scannedTo, to);
    }

    private void placeErrors(S3Destination destination, String errorOutputType, List<RecordProcessor.Failed> failed,
                             String lambdaArn, ToLongFunction<String> delivered) {
        for (RecordProcessor.Failed f : failed) {
            String id = ERROR + ObjectKeys.prefix(destination.errorOutputPrefix(), "ErrorOutputPrefix", true,
                    Instant.ofEpochMilli(f.record().arrivalMs()), destination.zone(), errorOutputType, incarnation);
            add(id, RecordIds.position(f.record().recordId()), f.record().arrivalMs(),
                    ErrorRecords.processingFailed(List.of(f), lambdaArn).get(0), delivered);
        }
    }

    /** Adds a record to its buffer unless that partition is delivered past it; true when a buffer was opened. */
    private boolean add(String id, long position, long arrivalMs, byte[] record, ToLongFunction<String> delivered) {
        if (position < delivered.applyAsLong(id)) {
            return false;
        }
        Buffer b = live.get(id);
        boolean isNew = b == null;
        if (isNew) {
            b = new Buffer(id, position, arrivalMs);
            live.put(id, b);
        }
        b.records.add(record);
        b.bytes += record.length;
        bufferedBytes += record.length;
        return isNew;
    }

    /**
     * The next buffer to deliver, or null: one of {@code sizeBytes} or more, or whose oldest record arrived
     * {@code intervalMs} ago, or any with a flush, or the largest when the stream holds {@code maxBufferedBytes}.
     */
    Buffer nextDue(long nowMs, long sizeBytes, long intervalMs, boolean isFlush, long maxBufferedBytes) {
        Buffer largest = null;
        for (Buffer b : live.values()) {
            if (isFlush || b.bytes >= sizeBytes || nowMs - b.oldestArrivalMs >= intervalMs) {
                return b;
            }
            if (largest == null || b.bytes > largest.bytes) {
                largest = b;
            }
        }
        return bufferedBytes >= maxBufferedBytes ? largest : null;
    }

    /** Each buffer's fill, named {@code data|errors|backup: <prefix>}. */
    List<DeliveryTracker.BufferFill> fills() {
        List<DeliveryTracker.BufferFill> fills = new ArrayList<>(live.size());
        for (Buffer b : live.values()) {
            String kind = b.id.startsWith(DATA) ? "data" : b.id.startsWith(ERROR) ? "errors" : "backup";
            fills.add(new DeliveryTracker.BufferFill(kind + ": " + b.prefix(), b.records.size(), b.bytes,
                    b.oldestArrivalMs));
        }
        return fills;
    }

    /** Takes a buffer out to be delivered: it no longer holds the checkpoint back. */
    void remove(Buffer b) {
        live.remove(b.id);
        bufferedBytes -= b.bytes;
    }

    Buffer get(String id) {
        return live.get(id);
    }

    private static RecordProcessor.Failed failure(RecordProcessor.Input source, byte[] record, String code,
                                                  String message, long nowMs) {
        return new RecordProcessor.Failed(new RecordProcessor.Input(source.recordId(), source.arrivalMs(), record), 1,
                code, message, nowMs);
    }
}
