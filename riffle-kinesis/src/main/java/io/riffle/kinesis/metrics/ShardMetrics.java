package io.riffle.kinesis.metrics;

import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.kinesis.model.StreamInfo;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kinesis' shard-level metrics (enhanced monitoring), labelled {@code stream} and {@code shard}: each counted only
 * while the stream's EnableEnhancedMonitoring has turned it on ({@link StreamInfo#shardLevelMetrics()}, "ALL"
 * expanded), so a stream that never asked costs one set lookup per call and no series. IncomingBytes and
 * IncomingRecords (stored), OutgoingBytes and OutgoingRecords (returned by GetRecords),
 * WriteProvisionedThroughputExceeded (records refused) and ReadProvisionedThroughputExceeded (GetRecords calls
 * refused), IteratorAgeMilliseconds (the shard's last GetRecords answer's). A metric turned off keeps its last
 * value until the stream is deleted; a deleted stream's series go with its stream-level ones. Thread-safe.
 */
public final class ShardMetrics {

    private final MetricsRegistry.CounterFamily incomingBytes;
    private final MetricsRegistry.CounterFamily incomingRecords;
    private final MetricsRegistry.CounterFamily outgoingBytes;
    private final MetricsRegistry.CounterFamily outgoingRecords;
    private final MetricsRegistry.CounterFamily writeExceeded;
    private final MetricsRegistry.CounterFamily readExceeded;
    /** The last iterator age of each shard that counts it, by stream name, then shard id. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Long>> iteratorAgeMs = new ConcurrentHashMap<>();

    ShardMetrics(MetricsRegistry registry) {
        incomingBytes = registry.counter("riffle_kinesis_shard_incoming_bytes_total",
                "Bytes stored in the shard (IncomingBytes, shard level).", "stream", "shard");
        incomingRecords = registry.counter("riffle_kinesis_shard_incoming_records_total",
                "Records stored in the shard (IncomingRecords, shard level).", "stream", "shard");
        outgoingBytes = registry.counter("riffle_kinesis_shard_outgoing_bytes_total",
                "Bytes GetRecords returned from the shard (OutgoingBytes, shard level).", "stream", "shard");
        outgoingRecords = registry.counter("riffle_kinesis_shard_outgoing_records_total",
                "Records GetRecords returned from the shard (OutgoingRecords, shard level).", "stream", "shard");
        writeExceeded = registry.counter("riffle_kinesis_shard_write_provisioned_throughput_exceeded_total",
                "Records refused by the shard's write limit (WriteProvisionedThroughputExceeded, shard level).",
                "stream", "shard");
        readExceeded = registry.counter("riffle_kinesis_shard_read_provisioned_throughput_exceeded_total",
                "GetRecords calls refused by the shard's read limit (ReadProvisionedThroughputExceeded, shard level).",
                "stream", "shard");
        registry.gauge("riffle_kinesis_shard_iterator_age_milliseconds",
                "Milliseconds between the shard's last GetRecords answer's last record's arrival and that answer "
                        + "(IteratorAgeMilliseconds, shard level).",
                List.of("stream", "shard"), samples -> iteratorAgeMs.forEach((stream, shards) ->
                        shards.forEach((shard, age) -> samples.add(age, stream, shard))));
    }

    /** Records stored in one shard by one append. */
    public void stored(StreamInfo stream, String shardId, long records, long bytes) {
        Set<String> on = stream.shardLevelMetrics();
        if (on.contains("IncomingRecords")) {
            incomingRecords.labels(stream.name(), shardId).add(records);
        }
        if (on.contains("IncomingBytes")) {
            incomingBytes.labels(stream.name(), shardId).add(bytes);
        }
    }

    /** One GetRecords answer from a shard, with its iterator age. */
    public void read(StreamInfo stream, String shardId, long records, long bytes, long ageMs) {
        Set<String> on = stream.shardLevelMetrics();
        if (on.contains("OutgoingRecords")) {
            outgoingRecords.labels(stream.name(), shardId).add(records);
        }
        if (on.contains("OutgoingBytes")) {
            outgoingBytes.labels(stream.name(), shardId).add(bytes);
        }
        if (on.contains("IteratorAgeMilliseconds")) {
            iteratorAgeMs.computeIfAbsent(stream.name(), k -> new ConcurrentHashMap<>()).put(shardId, ageMs);
        }
    }

    /** Records a shard's write limit refused. */
    public void writeThrottled(StreamInfo stream, String shardId, long records) {
        if (stream.shardLevelMetrics().contains("WriteProvisionedThroughputExceeded")) {
            writeExceeded.labels(stream.name(), shardId).add(records);
        }
    }

    /** A GetRecords call a shard's read limit refused. */
    public void readThrottled(StreamInfo stream, String shardId) {
        if (stream.shardLevelMetrics().contains("ReadProvisionedThroughputExceeded")) {
            readExceeded.labels(stream.name(), shardId).add(1);
        }
    }

    /** Forgets the iterator ages of streams that are gone (the counters go with the registry's stream series). */
    void forget(Set<String> existingStreams) {
        iteratorAgeMs.keySet().removeIf(name -> !existingStreams.contains(name));
    }
}
