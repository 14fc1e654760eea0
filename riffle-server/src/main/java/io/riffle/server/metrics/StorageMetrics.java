package io.riffle.server.metrics;

import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.storage.IoErrorKind;
import io.riffle.storage.LogStore;
import io.riffle.storage.StoreHealth;
import java.io.IOException;
import java.util.List;

/**
 * The storage in {@code /metrics}: failed writes by kind (a full disk, or another I/O error),
 * failed journal fdatasyncs, whether writes fail now, and the bytes still free where the data
 * directory is, so an alert can fire before the disk fills rather than after.
 */
public final class StorageMetrics {

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
