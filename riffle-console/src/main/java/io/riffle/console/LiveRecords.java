package io.riffle.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.aws.MessageSink;
import io.riffle.aws.MessageStream;
import io.riffle.kinesis.source.StreamSource;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data viewer's records, pushed as server-sent events ({@code text/event-stream}) as they are stored: one
 * {@code record} event per record ({@code {"shard","seq","key","ts","data"}}, data in base64), {@code shard-end} when a
 * closed shard is read to its end, {@code problem} when a read fails. Each shard is tailed on its own (no
 * parent-before-child order across shards: a viewer, not a consumer) through {@link StreamSource}: read a batch on the
 * source's read pool, send it, read again while there is more; when caught up, wait for the shard's new-records signal.
 * A slow browser holds the reads back ({@link MessageSink#whenWritable}). A comment every
 * {@link #HEARTBEAT_MS} keeps idle connections open and shows a closed one.
 */
final class LiveRecords implements MessageStream {

    static final long HEARTBEAT_MS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(LiveRecords.class);
    private static final int BATCH_RECORDS = 500;
    private static final long BATCH_BYTES = 1 << 20;

    /** Where the viewer starts: {@code from} with its timestamp ({@code atMs}) or sequence number ({@code atSequence}). */
    record Start(String from, long atMs, String atSequence) {
    }

    private final StreamSource source;
    private final StreamSource.Stream stream;
    private final List<String> shardIds;
    private final Start start;
    private final ScheduledExecutorService timer;
    private final ObjectMapper json;
    private final List<ShardTail> tails = new ArrayList<>();
    private final AtomicBoolean isCancelled = new AtomicBoolean();
    private final Runnable onCancel;
    private volatile MessageSink sink;
    private volatile ScheduledFuture<?> heartbeat;

    LiveRecords(StreamSource source, StreamSource.Stream stream, List<String> shardIds, Start start,
                ScheduledExecutorService timer, ObjectMapper json, Runnable onCancel) {
        this.onCancel = onCancel;
        this.source = source;
        this.stream = stream;
        this.shardIds = List.copyOf(shardIds);
        this.start = start;
        this.timer = timer;
        this.json = json;
    }

    @Override
    public void start(MessageSink sink) {
        this.sink = sink;
        sink.send(": riffle console records\n\n".getBytes(StandardCharsets.UTF_8));
        heartbeat = timer.scheduleWithFixedDelay(() -> send(": heartbeat\n\n"), HEARTBEAT_MS, HEARTBEAT_MS,
                TimeUnit.MILLISECONDS);
        for (String shardId : shardIds) {
            StreamSource.Start from = switch (start.from()) {
                case "TRIM_HORIZON", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER" -> StreamSource.Start.TRIM_HORIZON;
                case "AT_TIMESTAMP" -> StreamSource.Start.AT_TIMESTAMP;
                default -> StreamSource.Start.LATEST;
            };
            var position = source.startPosition(stream.arn(), stream.incarnation(), shardId, from, start.atMs());
            if (position.isEmpty()) {
                event("problem", problem(shardId, "the shard is gone"));
                continue;
            }
            ShardTail tail = new ShardTail(shardId, position.get());
            synchronized (tails) {
                tails.add(tail);
            }
            tail.listen();
            tail.poke();
        }
    }

    /** The server is closing: ends the response after what was sent. */
    void end() {
        cancel();
        MessageSink s = sink;
        if (s != null) {
            s.end();
        }
    }

    @Override
    public void cancel() {
        if (!isCancelled.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> beat = heartbeat;
        if (beat != null) {
            beat.cancel(false);
        }
        synchronized (tails) {
            tails.forEach(ShardTail::close);
        }
        onCancel.run();
    }

    private void send(String text) {
        if (!isCancelled.get()) {
            sink.send(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void event(String name, ObjectNode data) {
        send("event: " + name + "\ndata: " + data + "\n\n");
    }

    private ObjectNode problem(String shardId, String message) {
        return json.createObjectNode().put("shard", shardId).put("message", message);
    }

    /** Whether {@code record} is before where the viewer starts (the sequence-number starts read from the horizon). */
    private boolean isBeforeStart(StreamSource.Record record) {
        if (start.atSequence() == null || !start.from().endsWith("SEQUENCE_NUMBER")) {
            return false;
        }
        int c = new BigInteger(record.sequenceNumber()).compareTo(new BigInteger(start.atSequence()));
        return start.from().equals("AT_SEQUENCE_NUMBER") ? c < 0 : c <= 0;
    }

    /**
     * One shard's reading. At most one read is in flight ({@code isReading}); a new-records signal during a read sets
     * {@code isSignalled}, so a read that came back empty looks again instead of missing those records.
     */
    private final class ShardTail {
        private final String shardId;
        private final AtomicBoolean isReading = new AtomicBoolean();
        private final AtomicBoolean isSignalled = new AtomicBoolean();
        private volatile long position;
        private volatile AutoCloseable subscription;

        ShardTail(String shardId, long position) {
            this.shardId = shardId;
            this.position = position;
        }

        void listen() {
            subscription = source.onRecords(stream.incarnation(), shardId, this::poke);
        }

        void poke() {
            isSignalled.set(true);
            if (!isCancelled.get() && isReading.compareAndSet(false, true)) {
                sink.whenWritable(this::read);
            }
        }

        private void read() {
            if (isCancelled.get()) {
                return;
            }
            isSignalled.set(false);
            source.read(stream.arn(), stream.incarnation(), shardId, position, BATCH_RECORDS, BATCH_BYTES)
                    .whenComplete((batch, failure) -> {
                        if (failure != null) {
                            event("problem", problem(shardId, String.valueOf(failure.getMessage())));
                            close();
                            return;
                        }
                        for (StreamSource.Record r : batch.records()) {
                            if (!isBeforeStart(r)) {
                                event("record", json.createObjectNode().put("shard", shardId)
                                        .put("seq", r.sequenceNumber()).put("key", r.partitionKey())
                                        .put("ts", r.arrivalTimestampMs()).put("data", r.data()));
                            }
                        }
                        position = batch.nextPosition();
                        if (batch.isShardEnd()) {
                            event("shard-end", json.createObjectNode().put("shard", shardId));
                            close();
                        } else if (!batch.records().isEmpty()) {
                            sink.whenWritable(this::read);
                        } else {
                            isReading.set(false);
                            if (isSignalled.get()) {
                                poke();
                            }
                        }
                    });
        }

        void close() {
            AutoCloseable s = subscription;
            if (s != null) {
                try {
                    s.close();
                } catch (Exception e) {
                    log.debug("closing the new-records signal of {} failed", shardId, e);
                }
            }
        }
    }
}
