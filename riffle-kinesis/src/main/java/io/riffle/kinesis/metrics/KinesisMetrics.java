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

    /** Latency buckets in seconds: 1 ms (a memory-speed answer) to 10 s (a stalled disk). */
    static final double[] LATENCY_BUCKETS_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};

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
    private final MetricsRegistry.CounterFamily putRecordBytes;
    private final MetricsRegistry.CounterFamily putRecordsBytes;
    private final MetricsRegistry.CounterFamily putRecordsTotalRecords;
    private final MetricsRegistry.CounterFamily putRecordsSuccessfulRecords;
    private final MetricsRegistry.CounterFamily putRecordsFailedRecords;
    private final MetricsRegistry.CounterFamily putRecordsThrottledRecords;
    private final MetricsRegistry.HistogramFamily putRecordLatency;
    private final MetricsRegistry.HistogramFamily putRecordsLatency;
    private final MetricsRegistry.HistogramFamily getRecordsLatency;
    private final ConcurrentHashMap<String, Stream> streams = new ConcurrentHashMap<>();
    private final ShardMetrics shards;

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
        putRecordBytes = registry.counter("riffle_kinesis_put_record_bytes_total",
                "Bytes (data and partition key) of the records PutRecord stored (PutRecord.Bytes).", "stream");
        putRecordsBytes = registry.counter("riffle_kinesis_put_records_bytes_total",
                "Bytes (data and partition keys) of the entries of the PutRecords calls answered (PutRecords.Bytes).",
                "stream");
        putRecordsTotalRecords = registry.counter("riffle_kinesis_put_records_records_total",
                "Entries of the PutRecords calls answered (PutRecords.TotalRecords).", "stream");
        putRecordsSuccessfulRecords = registry.counter("riffle_kinesis_put_records_successful_records_total",
                "PutRecords entries stored (PutRecords.SuccessfulRecords).", "stream");
        putRecordsFailedRecords = registry.counter("riffle_kinesis_put_records_failed_records_total",
                "PutRecords entries refused by an internal failure (PutRecords.FailedRecords).", "stream");
        putRecordsThrottledRecords = registry.counter("riffle_kinesis_put_records_throttled_records_total",
                "PutRecords entries refused by a shard's write limit (PutRecords.ThrottledRecords).", "stream");
        putRecordLatency = registry.histogram("riffle_kinesis_put_record_latency_seconds",
                "Seconds from a PutRecord call's decoding to its answer, stored records only (PutRecord.Latency).",
                LATENCY_BUCKETS_SECONDS, "stream");
        putRecordsLatency = registry.histogram("riffle_kinesis_put_records_latency_seconds",
                "Seconds from a PutRecords call's decoding to its answer (PutRecords.Latency).",
                LATENCY_BUCKETS_SECONDS, "stream");
        getRecordsLatency = registry.histogram("riffle_kinesis_get_records_latency_seconds",
                "Seconds from a GetRecords call's decoding to its answer (GetRecords.Latency).",
                LATENCY_BUCKETS_SECONDS, "stream");
        registry.gauge("riffle_kinesis_get_records_iterator_age_milliseconds",
                "Milliseconds between the last GetRecords answer's last record's arrival and that answer, 0 when "
                        + "it had none; the oldest over the stream's shards (GetRecords.IteratorAgeMilliseconds, "
                        + "Maximum).",
                List.of("stream"), samples -> streams.forEach((name, s) -> samples.add(s.iteratorAgeMs(), name)));
        registry.gauge("riffle_kinesis_open_shards", "Open shards of the stream (OpenShardCount).",
                List.of("stream"), samples -> {
                    for (StreamInfo s : allStreams.get()) {
                        samples.add(s.openShardCount(), s.name());
                    }
                });
        shards = new ShardMetrics(registry);
        registry.beforeScrape(() -> forgetDeletedStreams(registry, allStreams.get()));
    }

    /** The shard-level metrics, counted for the streams whose enhanced monitoring asks for them. */
    public ShardMetrics shards() {
        return shards;
    }

    /** Drops the holders and series of streams that no longer exist. */
    private void forgetDeletedStreams(MetricsRegistry registry, Collection<StreamInfo> existing) {
        Set<String> names = new HashSet<>();
        for (StreamInfo s : existing) {
            names.add(s.name());
        }
        streams.keySet().removeIf(name -> !names.contains(name));
        shards.forget(names);
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
        private final MetricsRegistry.Counter putRecordBytesCounted;
        private final MetricsRegistry.Counter putRecordsBytesCounted;
        private final MetricsRegistry.Counter putRecordsTotal;
        private final MetricsRegistry.Counter putRecordsSuccessful;
        private final MetricsRegistry.Counter putRecordsFailed;
        private final MetricsRegistry.Counter putRecordsThrottled;
        private final MetricsRegistry.Histogram putRecordTook;
        private final MetricsRegistry.Histogram putRecordsTook;
        private final MetricsRegistry.Histogram getRecordsTook;
        /** Each shard's iterator age at its last GetRecords answer, by shard index. */
        private final ConcurrentHashMap<Integer, Long> iteratorAgeMsByShard = new ConcurrentHashMap<>();

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
            putRecordBytesCounted = putRecordBytes.labels(name);
            putRecordsBytesCounted = putRecordsBytes.labels(name);
            putRecordsTotal = putRecordsTotalRecords.labels(name);
            putRecordsSuccessful = putRecordsSuccessfulRecords.labels(name);
            putRecordsFailed = putRecordsFailedRecords.labels(name);
            putRecordsThrottled = putRecordsThrottledRecords.labels(name);
            putRecordTook = putRecordLatency.labels(name);
            putRecordsTook = putRecordsLatency.labels(name);
            getRecordsTook = getRecordsLatency.labels(name);
        }

        /** Records stored by one append. */
        public void stored(long records, long bytes) {
            inRecords.add(records);
            inBytes.add(bytes);
        }

        /** A PutRecord call that stored its record of {@code bytes}, begun at {@code startNanos} ({@link System#nanoTime()}). */
        public void putRecordCall(long bytes, long startNanos) {
            putRecord.inc();
            putRecordBytesCounted.add(bytes);
            putRecordTook.observeSecondsSince(startNanos);
        }

        /** A PutRecords call answered: its entries' outcomes and bytes, begun at {@code startNanos}. */
        public void putRecordsCall(int successful, int failed, int throttled, long bytes, long startNanos) {
            putRecords.inc();
            putRecordsTotal.add(successful + failed + throttled);
            putRecordsSuccessful.add(successful);
            putRecordsFailed.add(failed);
            putRecordsThrottled.add(throttled);
            putRecordsBytesCounted.add(bytes);
            putRecordsTook.observeSecondsSince(startNanos);
        }

        /** One GetRecords answer from shard {@code shardIndex}, with its iterator age, begun at {@code startNanos}. */
        public void read(int shardIndex, long records, long bytes, long iteratorAgeMs, long startNanos) {
            getRecords.inc();
            outRecords.add(records);
            outBytes.add(bytes);
            iteratorAgeMsByShard.put(shardIndex, iteratorAgeMs);
            getRecordsTook.observeSecondsSince(startNanos);
        }

        long iteratorAgeMs() {
            long max = 0;
            for (long age : iteratorAgeMsByShard.values()) {
                max = Math.max(max, age);
            }
            return max;
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
