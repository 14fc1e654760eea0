package io.riffle.firehose.data;

import io.riffle.firehose.control.FirehoseErrors;
import io.riffle.firehose.limits.PutLimits;
import io.riffle.firehose.control.FirehoseSettings;
import io.riffle.firehose.control.DeliveryStream;
import io.riffle.firehose.control.DeliveryStreamControl;
import io.riffle.firehose.model.PutRecordBatchInput;
import io.riffle.firehose.model.PutRecordBatchOutput;
import io.riffle.firehose.model.PutRecordBatchResponseEntry;
import io.riffle.firehose.model.PutRecordInput;
import io.riffle.firehose.model.PutRecordOutput;
import io.riffle.firehose.model.Record;
import io.riffle.storage.AppendRecord;
import io.riffle.storage.AppendResult;
import io.riffle.storage.LogStore;
import io.riffle.storage.RecordAttributes;
import io.riffle.storage.ShardLog;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DirectPut: PutRecord and PutRecordBatch append to the delivery stream's own log in Riffle's store, and
 * are acknowledged only once the append is durable (the store's durability setting), so an acknowledged
 * record survives a crash and is delivered after the restart. A batch is one append: its records are
 * all written or none; a failed append answers each entry ServiceUnavailableException (PutRecordBatch,
 * which clients retry per entry) or the call 503 (PutRecord). Calls over the delivery stream's throughput
 * quota ({@link PutLimits}) are refused the same way with Firehose's "Slow down.".
 */
public final class RecordOperations {
    private static final ByteBuffer NO_KEY = ByteBuffer.allocate(0);

    private final DeliveryStreamControl control;
    private final LogStore store;
    private final FirehoseSettings settings;
    private final InstantSource clock;
    private final Appended appended;
    private final PutLimits limits;

    /** Told, on the store's acknowledgement thread, what a stream has just durably received. */
    @FunctionalInterface
    public interface Appended {
        void appended(String name, int records, long bytes);

        /** Records refused with "Slow down." by the stream's throughput quota (told on the caller's thread). */
        default void throttled(String name, int records) {
        }
    }

    public RecordOperations(DeliveryStreamControl control, LogStore store, FirehoseSettings settings,
                            InstantSource clock, Appended appended) {
        this.control = control;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.appended = appended;
        this.limits = new PutLimits(settings.putRates());
    }

    public CompletableFuture<PutRecordOutput> putRecord(PutRecordInput in) {
        DeliveryStream s = writable(in.deliveryStreamName());
        ShardLog log = logOf(s);
        long now = clock.millis();
        if (limits.admit(DeliveryStreamControl.recordLogId(s), now, new int[] {in.recordValue().data().length()})
                == 0) {
            appended.throttled(s.name(), 1);
            throw FirehoseErrors.serviceUnavailable(PutLimits.SLOW_DOWN);
        }
        return log.append(List.of(record(in.recordValue(), now))).thenApply(r -> {
            if (!r.isOk()) {
                throw FirehoseErrors.serviceUnavailable(refusal(r));
            }
            appended.appended(s.name(), 1, in.recordValue().data().length());
            return new PutRecordOutput(RecordIds.of(s.incarnation(), r.firstPosition()), isEncrypted(s));
        });
    }

    public CompletableFuture<PutRecordBatchOutput> putRecordBatch(PutRecordBatchInput in) {
        DeliveryStream s = writable(in.deliveryStreamName());
        long total = 0;
        for (Record r : in.records()) {
            total += r.data().length();
        }
        if (total > settings.maxBatchBytes()) {
            throw FirehoseErrors.invalidArgument("Records size exceeds " + (settings.maxBatchBytes() >> 20)
                    + " MB limit");
        }
        ShardLog log = logOf(s);
        long now = clock.millis();
        int[] sizes = new int[in.records().size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = in.records().get(i).data().length();
        }
        int admitted = limits.admit(DeliveryStreamControl.recordLogId(s), now, sizes);
        int slowedDown = sizes.length - admitted;
        if (slowedDown > 0) {
            appended.throttled(s.name(), slowedDown);
        }
        if (admitted == 0) {
            return CompletableFuture.completedFuture(new PutRecordBatchOutput(slowedDown, isEncrypted(s),
                    slowDown(new ArrayList<>(slowedDown), slowedDown)));
        }
        long admittedBytes = 0;
        List<AppendRecord> records = new ArrayList<>(admitted);
        for (int i = 0; i < admitted; i++) {
            records.add(record(in.records().get(i), now));
            admittedBytes += sizes[i];
        }
        long batchBytes = admittedBytes;
        return log.append(records).thenApply(r -> {
            List<PutRecordBatchResponseEntry> entries = new ArrayList<>(sizes.length);
            if (r.isOk()) {
                for (int i = 0; i < records.size(); i++) {
                    entries.add(new PutRecordBatchResponseEntry(RecordIds.of(s.incarnation(), r.firstPosition() + i),
                            null, null));
                }
                appended.appended(s.name(), records.size(), batchBytes);
                return new PutRecordBatchOutput(slowedDown, isEncrypted(s), slowDown(entries, slowedDown));
            }
            String message = refusal(r);
            for (int i = 0; i < records.size(); i++) {
                entries.add(new PutRecordBatchResponseEntry(null, "ServiceUnavailableException", message));
            }
            return new PutRecordBatchOutput(sizes.length, isEncrypted(s), slowDown(entries, slowedDown));
        });
    }

    /** The entries of the records over the quota, after the admitted ones. */
    private static List<PutRecordBatchResponseEntry> slowDown(List<PutRecordBatchResponseEntry> entries, int count) {
        for (int i = 0; i < count; i++) {
            entries.add(new PutRecordBatchResponseEntry(null, "ServiceUnavailableException", PutLimits.SLOW_DOWN));
        }
        return entries;
    }

    private DeliveryStream writable(String name) {
        DeliveryStream s = control.require(name);
        if (s.type().equals(DeliveryStreamControl.KINESIS_SOURCE)) {
            throw FirehoseErrors.notPermittedOnKinesisSource();
        }
        if (!s.isActive()) {
            throw FirehoseErrors.notActive(name, settings.accountId(), s.status().name());
        }
        return s;
    }

    private ShardLog logOf(DeliveryStream s) {
        return store.get(DeliveryStreamControl.recordLogId(s)).orElseThrow(() ->
                FirehoseErrors.notFound(s.name(), settings.accountId()));
    }

    private static AppendRecord record(Record r, long nowMs) {
        return new AppendRecord(NO_KEY, RecordAttributes.NONE, r.data().asByteBuffer(), nowMs);
    }

    private static boolean isEncrypted(DeliveryStream s) {
        return s.encryption().status().equals("ENABLED");
    }

    private static String refusal(AppendResult r) {
        return switch (r.status()) {
            case BUSY -> "Slow down.";
            case DISK_FULL -> "The record was not stored: the server's disk is full. Retry later.";
            default -> "The record was not stored: storage failed (" + r.status() + "). Retry later.";
        };
    }
}
