package io.riffle.aws.audit;

import io.riffle.aws.metrics.MetricsRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: {@link AuditEvent}s as JSON lines in rotating files {@code audit-<epoch ms>.jsonl}
 * of one directory, written by one thread ({@code riffle-audit}).
 *
 * <ul>
 *   <li>{@link #writeDurably}: management and denied events; the future completes once the line
 *       is written and fsynced (every line the writer took together shares one fsync), so the
 *       caller answers the request with its event on disk;</li>
 *   <li>{@link #offer}: data events; at most {@code maxQueuedDataEvents} wait, more are dropped
 *       and counted ({@code riffle_audit_dropped_events_total}), so auditing never stalls the data
 *       path; they are written without an fsync of their own.</li>
 * </ul>
 * A file rolls at {@code maxFileBytes}; the oldest go beyond {@code maxFiles}. A failed write is
 * logged (once per spell) and counted, the futures complete anyway: a call is not refused because
 * its record could not be written.
 *
 * <p>Thread-safe: any thread may record; only the writer thread touches the files.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    static final String PREFIX = "audit-";
    static final String SUFFIX = ".jsonl";

    private record Item(AuditEvent event, CompletableFuture<Void> written) {
    }

    private static final Item STOP = new Item(null, null);

    private final Path directory;
    private final long maxFileBytes;
    private final int maxFiles;
    private final int maxQueuedDataEvents;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedDataEvents = new AtomicInteger();
    private final MetricsRegistry.Counter dropped;
    private final MetricsRegistry.Counter management;
    private final MetricsRegistry.Counter data;
    private final MetricsRegistry.Counter failures;
    private final Thread writer;
    private FileChannel file; // writer thread only
    private long fileBytes;
    private boolean isFailing;

    private AuditLog(Path directory, long maxFileBytes, int maxFiles, int maxQueuedDataEvents, MetricsRegistry metrics) {
        this.directory = directory;
        this.maxFileBytes = maxFileBytes;
        this.maxFiles = maxFiles;
        this.maxQueuedDataEvents = maxQueuedDataEvents;
        MetricsRegistry.CounterFamily events = metrics.counter("riffle_audit_events_total",
                "Events written to the audit log, by category", "category");
        this.management = events.labels("management");
        this.data = events.labels("data");
        this.dropped = metrics.counter("riffle_audit_dropped_events_total",
                "Data events not audited because the audit writer was behind").labels();
        this.failures = metrics.counter("riffle_audit_write_failures_total",
                "Writes of the audit log that failed").labels();
        this.writer = new Thread(this::run, "riffle-audit");
        this.writer.setDaemon(true);
    }

    /** Opens the log in {@code directory} (created when missing) and starts its writer. */
    public static AuditLog open(Path directory, long maxFileBytes, int maxFiles, int maxQueuedDataEvents,
                                MetricsRegistry metrics) throws IOException {
        AuditLog audit = create(directory, maxFileBytes, maxFiles, maxQueuedDataEvents, metrics);
        audit.start();
        return audit;
    }

    /** The log, its writer not started (tests hold it back to fill the queue). */
    static AuditLog create(Path directory, long maxFileBytes, int maxFiles, int maxQueuedDataEvents,
                           MetricsRegistry metrics) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            restrict(directory, "rwx------");
        }
        return new AuditLog(directory, maxFileBytes, maxFiles, maxQueuedDataEvents, metrics);
    }

    void start() {
        writer.start();
    }

    /** Writes a management or denied event; completes once it is on disk. */
    public CompletableFuture<Void> writeDurably(AuditEvent event) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        queue.add(new Item(event, written));
        return written;
    }

    /** Queues a data event unless {@code maxQueuedDataEvents} already wait; false (and counted) when dropped. */
    public boolean offer(AuditEvent event) {
        if (queuedDataEvents.incrementAndGet() > maxQueuedDataEvents) {
            queuedDataEvents.decrementAndGet();
            dropped.inc();
            return false;
        }
        queue.add(new Item(event, null));
        return true;
    }

    public long droppedEvents() {
        return dropped.value();
    }

    private void run() {
        List<Item> batch = new ArrayList<>();
        try {
            while (true) {
                batch.clear();
                batch.add(queue.take());
                queue.drainTo(batch);
                boolean isStopping = batch.remove(STOP);
                write(batch);
                if (isStopping) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeFile();
        }
    }

    private void write(List<Item> batch) {
        boolean isDurable = false;
        try {
            for (Item item : batch) {
                if (item.written() == null) {
                    queuedDataEvents.decrementAndGet();
                } else {
                    isDurable = true;
                }
                byte[] line = item.event().toJsonLine();
                if (file == null || fileBytes + line.length > maxFileBytes && fileBytes > 0) {
                    roll();
                }
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    file.write(buffer);
                }
                fileBytes += line.length;
                (item.written() == null ? data : management).inc();
            }
            if (isDurable) {
                file.force(false);
            }
            if (isFailing) {
                isFailing = false;
                log.info("the audit log is written again in {}", directory);
            }
        } catch (IOException | RuntimeException e) {
            failures.inc();
            if (!isFailing) {
                isFailing = true;
                log.error("cannot write the audit log in {}: calls go on without their audit records until it works",
                        directory, e);
            }
            closeFile();
        } finally {
            batch.forEach(item -> {
                if (item.written() != null) {
                    item.written().complete(null);
                }
            });
        }
    }

    private void roll() throws IOException {
        closeFile();
        Path next = directory.resolve(PREFIX + System.currentTimeMillis() + SUFFIX);
        if (Files.exists(next)) { // two rolls in one millisecond
            next = directory.resolve(PREFIX + (System.currentTimeMillis() + 1) + SUFFIX);
        }
        file = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        fileBytes = file.size();
        restrict(next, "rw-------");
        List<Path> files = files(directory);
        for (int i = 0; i < files.size() - maxFiles; i++) {
            Files.deleteIfExists(files.get(i));
        }
    }

    /** Readable by the owner only, where the file system has POSIX modes: the log names callers and their keys' ids. */
    private static void restrict(Path path, String mode) throws IOException {
        if (Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
        }
    }

    /** The audit files of {@code directory}, oldest first. */
    public static List<Path> files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(p -> p.getFileName().toString().startsWith(PREFIX)
                            && p.getFileName().toString().endsWith(SUFFIX))
                    .sorted((a, b) -> Long.compare(stamp(a), stamp(b))).toList();
        }
    }

    private static long stamp(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void closeFile() {
        if (file != null) {
            try {
                file.force(false);
                file.close();
            } catch (IOException e) {
                log.debug("closing an audit file", e);
            }
            file = null;
        }
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        queue.add(STOP);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
