package io.riffle.server.metrics;

import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.storage.IoErrorKind;
import io.riffle.storage.LogStore;
import io.riffle.storage.StoreHealth;
import io.riffle.storage.StoreStats;
import java.io.IOException;
import java.util.List;

/**
 * The storage in {@code /metrics}: failed writes by kind (a full disk, or another I/O error),
 * failed journal fdatasyncs, whether writes fail now, and the bytes still free where the data
 * directory is, so an alert can fire before the disk fills rather than after; the journal's groups, their
 * appends, bytes and fdatasyncs with their time (mean group size and fsync latency are ratios of two counters),
 * a histogram of fsync latencies (the tail a mean hides), open files, logs, loaded segments and the start's
 * recovery time.
 */
public final class StorageMetrics {

    /** From 50 µs (a battery-backed cache) to 1 s (a disk in trouble). */
    private static final double[] FSYNC_BUCKETS_SECONDS = {
        0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};

    private StorageMetrics() {
    }

    public static void register(MetricsRegistry registry, LogStore store) {
        StoreHealth health = store.health();
        registry.counter("riffle_storage_io_errors_total",
                "Failed storage writes by kind: disk_full (no space left) or io_error (any other I/O error).",
                List.of("kind"), samples -> {
                    for (IoErrorKind kind : IoErrorKind.values()) {
                        samples.add(health.ioErrors(kind), kind.label());
                    }
                });
        registry.counter("riffle_storage_journal_fsync_failures_total",
                "Journal fdatasyncs that failed (each also counts in riffle_storage_io_errors_total).", List.of(),
                samples -> samples.add(health.journalSyncFailures()));
        registry.gauge("riffle_storage_write_failing",
                "1 while storage writes fail (the reason is in GET /health), by kind; 0 otherwise.", List.of("kind"),
                samples -> {
                    IoErrorKind failing = health.problem().map(StoreHealth.Problem::kind).orElse(null);
                    for (IoErrorKind kind : IoErrorKind.values()) {
                        samples.add(kind == failing ? 1 : 0, kind.label());
                    }
                });
        StoreStats stats = store.stats();
        registry.counter("riffle_storage_journal_groups_total",
                "Groups the journal wrote (one write and, with durability fsync, one fdatasync each).", List.of(),
                samples -> samples.add(stats.journalGroups()));
        registry.counter("riffle_storage_journal_group_appends_total",
                "Appends the journal's groups carried (divided by the groups: the mean group size).", List.of(),
                samples -> samples.add(stats.journalGroupAppends()));
        registry.counter("riffle_storage_journal_written_bytes_total", "Bytes written to the journal.", List.of(),
                samples -> samples.add(stats.journalBytesWritten()));
        registry.counter("riffle_storage_journal_fsyncs_total", "Journal fdatasyncs that succeeded.", List.of(),
                samples -> samples.add(stats.journalSyncs()));
        registry.counter("riffle_storage_journal_fsync_seconds_total",
                "Seconds the journal's fdatasyncs took (divided by the fsyncs: the mean fsync latency).", List.of(),
                samples -> samples.add(stats.journalSyncNanos() / 1e9));
        MetricsRegistry.Histogram fsyncLatency = registry.histogram("riffle_storage_journal_fsync_latency_seconds",
                "Seconds each successful journal fdatasync took.", FSYNC_BUCKETS_SECONDS).labels();
        stats.observeSyncs(nanos -> fsyncLatency.observe(nanos / 1e9));
        registry.gauge("riffle_storage_loaded_segments",
                "Segment files of the logs loaded since start (a log lists its segments when first used).",
                List.of(), samples -> samples.add(store.loadedSegments()));
        registry.gauge("riffle_storage_open_files", "Segment and index files the store holds open.", List.of(),
                samples -> samples.add(store.openFiles()));
        registry.gauge("riffle_storage_logs", "Logs in the store (a shard's records, a service's metadata).",
                List.of(), samples -> samples.add(store.logIds().size()));
        long recoveryMs = store.recoveryReport().durationMs();
        registry.gauge("riffle_storage_recovery_seconds",
                "Seconds the store took to open at start, its recovery included.", List.of(),
                samples -> samples.add(recoveryMs / 1000.0));
        registry.gauge("riffle_storage_free_bytes",
                "Bytes the server may still write on the file system of its data directory.", List.of(), samples -> {
                    try {
                        samples.add(store.usableBytes());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e); // rendered without a sample, and logged
                    }
                });
    }
}
