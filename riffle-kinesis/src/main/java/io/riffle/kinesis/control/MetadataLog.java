package io.riffle.kinesis.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riffle.storage.AppendRecord;
import io.riffle.storage.AppendResult;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import io.riffle.storage.LogStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The control plane's durable history: metadata events as JSON records in a storage log of their
 * own, so they get the same journal, checksums and recovery as data. Never trimmed.
 */
public final class MetadataLog {
    /** The metadata log's id in the store. */
    public static final String LOG_ID = "_meta";
    private static final byte[] KEY = "meta".getBytes(StandardCharsets.UTF_8);
    private static final long KEEP_FOREVER_MS = Long.MAX_VALUE / 4;

    private final ObjectMapper json = new ObjectMapper();
    private final ShardLog log;

    public MetadataLog(LogStore store) throws IOException {
        ShardLog existing = store.get(LOG_ID).orElse(null);
        if (existing == null) {
            existing = store.create(LOG_ID);
            existing.setRetentionMs(KEEP_FOREVER_MS);
        }
        this.log = existing;
    }

    /**
     * Appends events as one batch: once the future says OK all of them are durable (under the
     * store's setting); otherwise none is, ever.
     */
    public CompletableFuture<AppendResult> append(List<JsonNode> events) {
        long nowMs = System.currentTimeMillis();
        List<AppendRecord> records = new ArrayList<>(events.size());
        for (JsonNode event : events) {
            byte[] bytes;
            try {
                bytes = json.writeValueAsBytes(event);
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode metadata event " + event, e);
            }
            records.add(AppendRecord.of(KEY, bytes, nowMs));
        }
        return log.append(records);
    }

    /** Feeds every event, oldest first. */
    public void replay(Consumer<JsonNode> apply) throws IOException {
        long position = log.startPosition();
        while (position < log.endPosition()) {
            ReadResult r = log.read(position, 10_000, 8 << 20);
            if (r.status() != ReadResult.Status.OK) {
                throw new IOException("metadata log unreadable at position " + position + ": " + r.status() + " "
                        + r.detail());
            }
            for (StoredRecord record : r.records()) {
                apply.accept(json.readTree(record.dataBytes()));
            }
            position = r.nextPosition();
        }
    }
}
