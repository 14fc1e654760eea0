package io.riffle.kinesis.metrics;

import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.kinesis.model.StreamInfo;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The stream metrics of Kinesis' CloudWatch namespace, in Prometheus style and labelled by
 * {@code stream}: IncomingBytes and IncomingRecords (what writes stored), PutRecord.Success and
 * PutRecords.Success (calls answered), GetRecords.Success (calls answered), OutgoingBytes and
 * OutgoingRecords (what GetRecords returned), Write- and ReadProvisionedThroughputExceeded
 * (records refused by a write limit; GetRecords calls refused), on-demand splits, and the open
 * shards of each stream, computed at scrape time.
 *
 * <p>Hot path: {@link #stream(String)} is one map lookup of a per-stream holder of counters, then
 * each count is a {@code LongAdder} add. A deleted stream's series go at the next scrape (before
 * it renders), with those of every other family labelled {@code stream}; a stream created again
 * under the name starts from 0, which Prometheus reads as a counter reset. Counts of a call still
 * in flight when its stream went are lost with it.
 */
public final class KinesisMetrics {

    private final MetricsRegistry.CounterFamily incomingBytes;
    private final MetricsRegistry.CounterFamily incomingRecords;
    private final MetricsRegistry.CounterFamily putRecordCalls;
    private final MetricsRegistry.CounterFamily putRecordsCalls;
    private final MetricsRegistry.CounterFamily getRecordsCalls;
    private final MetricsRegistry.CounterFamily outgoingBytes;
    private final MetricsRegistry.CounterFamily outgoingRecords;
    private final MetricsRegistry.CounterFamily writeExceeded;
    private final MetricsRegistry.CounterFamily readExceeded;
    private final MetricsRegistry.CounterFamily onDemandSplits;
    private final ConcurrentHashMap<String, Stream> streams = new ConcurrentHashMap<>();

    /**
     * Registers the Kinesis metrics in {@code registry}.
     *
     * @param allStreams the control plane's streams, read at each scrape for the open-shard gauge
     */
    public KinesisMetrics(MetricsRegistry registry, Supplier<? extends Collection<StreamInfo>> allStreams) {
        incomingBytes = registry.counter("riffle_kinesis_incoming_bytes_total",
                "Bytes (data and partition keys) of the records stored by PutRecord and PutRecords (IncomingBytes).",
                "stream");
        incomingRecords = registry.counter("riffle_kinesis_incoming_records_total",
                "Records stored by PutRecord and PutRecords (IncomingRecords).", "stream");
        putRecordCalls = registry.counter("riffle_kinesis_put_record_total",
                "PutRecord calls that stored their record (PutRecord.Success).", "stream");
        putRecordsCalls = registry.counter("riffle_kinesis_put_records_total",
                "PutRecords calls answered, whatever their entries' outcome (PutRecords.Success).", "stream");
        getRecordsCalls = registry.counter("riffle_kinesis_get_records_total",
                "GetRecords calls answered (GetRecords.Success).", "stream");
        outgoingBytes = registry.counter("riffle_kinesis_outgoing_bytes_total",
                "Bytes of the records GetRecords returned (GetRecords.Bytes).", "stream");
        outgoingRecords = registry.counter("riffle_kinesis_outgoing_records_total",
                "Records GetRecords returned (GetRecords.Records).", "stream");
        writeExceeded = registry.counter("riffle_kinesis_write_provisioned_throughput_exceeded_total",
                "Records refused by a shard's write limit (WriteProvisionedThroughputExceeded).", "stream");
        readExceeded = registry.counter("riffle_kinesis_read_provisioned_throughput_exceeded_total",
                "GetRecords calls refused by a shard's read limit (ReadProvisionedThroughputExceeded).", "stream");
        onDemandSplits = registry.counter("riffle_kinesis_on_demand_splits_total",
                "Shard splits the on-demand scaler started and SplitShard accepted.", "stream");
        registry.gauge("riffle_kinesis_open_shards", "Open shards of the stream (OpenShardCount).",
                List.of("stream"), samples -> {
                    for (StreamInfo s : allStreams.get()) {
                        samples.add(s.openShardCount(), s.name());
                    }
                });
        registry.beforeScrape(() -> forgetDeletedStreams(registry, allStreams.get()));
    }

    /** Drops the holders and series of streams that no longer exist. */
    private void forgetDeletedStreams(MetricsRegistry registry, Collection<StreamInfo> existing) {
        Set<String> names = new HashSet<>();
        for (StreamInfo s : existing) {
            names.add(s.name());
        }
        streams.keySet().removeIf(name -> !names.contains(name));
        registry.forget("stream", name -> !names.contains(name));
    }

    /** Counts into a registry nobody scrapes: for tests and wiring without metrics. */
    public static KinesisMetrics disabled() {
        return new KinesisMetrics(new MetricsRegistry(), List::of);
    }

    /** The counters of one stream (created on first use, then cached). */
    public Stream stream(String name) {
        Stream s = streams.get(name);
        return s != null ? s : streams.computeIfAbsent(name, Stream::new);
    }

    /** One stream's counters; thread-safe. */
    public final class Stream {
        private final MetricsRegistry.Counter inBytes;
        private final MetricsRegistry.Counter inRecords;
        private final MetricsRegistry.Counter putRecord;
        private final MetricsRegistry.Counter putRecords;
        private final MetricsRegistry.Counter getRecords;
        private final MetricsRegistry.Counter outBytes;
        private final MetricsRegistry.Counter outRecords;
        private final MetricsRegistry.Counter writeThrottled;
        private final MetricsRegistry.Counter readThrottled;
        private final MetricsRegistry.Counter splits;

        private Stream(String name) {
            inBytes = incomingBytes.labels(name);
            inRecords = incomingRecords.labels(name);
            putRecord = putRecordCalls.labels(name);
            putRecords = putRecordsCalls.labels(name);
            getRecords = getRecordsCalls.labels(name);
            outBytes = outgoingBytes.labels(name);
            outRecords = outgoingRecords.labels(name);
            writeThrottled = writeExceeded.labels(name);
            readThrottled = readExceeded.labels(name);
            splits = onDemandSplits.labels(name);
        }

        /** Records stored by one append. */
        public void stored(long records, long bytes) {
            inRecords.add(records);
            inBytes.add(bytes);
        }

        public void putRecordCall() {
            putRecord.inc();
        }

        public void putRecordsCall() {
            putRecords.inc();
        }

        /** One GetRecords answer. */
        public void read(long records, long bytes) {
            getRecords.inc();
            outRecords.add(records);
            outBytes.add(bytes);
        }

        public void writeThrottled(long records) {
            writeThrottled.add(records);
        }

        public void readThrottled() {
            readThrottled.inc();
        }

        public void onDemandSplit() {
            splits.inc();
        }
    }
}
