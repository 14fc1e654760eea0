package io.riffle.metadata;

import io.riffle.storage.AppendRecord;
import io.riffle.storage.AppendResult;
import io.riffle.storage.LogStore;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an {@link EventLog} keeps its events in the store: one log per generation, a generation
 * g >= 1 starting with its snapshot in chunks, and what each record's key says it holds (see
 * {@link EventLog}'s storage layout).
 */
final class LogGenerations {
    private static final Logger LOG = LoggerFactory.getLogger(LogGenerations.class);
    /** Events are removed by snapshots, never by age. */
    static final long KEEP_FOREVER_MS = Long.MAX_VALUE / 4;
    static final byte[] EVENT_KEY = {'e'};
    static final String SNAPSHOT_PREFIX = "s:";
    static final String TIMER_PREFIX = "t:";
    private static final int SNAPSHOT_CHUNK_BYTES = 1 << 20;
    private static final int READ_MAX_RECORDS = 10_000;
    private static final long READ_MAX_BYTES = 8L << 20;

    /** A generation's snapshot and the position of its first event. */
    record SnapshotRead(byte[] bytes, long nextPosition) {
    }

    private LogGenerations() {
    }

    static String logId(String name, long generation) {
        return generation == 0 ? name : name + "." + generation;
    }

    /** The log ids of {@code name}'s generations in the store, newest first. */
    static TreeMap<Long, String> find(LogStore store, String name) {
        Pattern generationId = Pattern.compile(Pattern.quote(name) + "(?:\\.(\\d{1,18}))?");
        TreeMap<Long, String> generations = new TreeMap<>(Comparator.reverseOrder());
        for (String id : store.logIds()) {
            Matcher m = generationId.matcher(id);
            if (m.matches()) {
                generations.put(m.group(1) == null ? 0L : Long.parseLong(m.group(1)), id);
            }
        }
        return generations;
    }

    /**
     * Writes generation {@code generation} of {@code name}, starting with {@code snapshot}, and
     * flushes the store, so it is durable before an older generation goes, whatever the durability
     * setting. On failure nothing of it is left (or open deletes what is).
     */
    static ShardLog writeSnapshot(LogStore store, String name, long generation, byte[] snapshot, long nowMs)
            throws IOException {
        String id = logId(name, generation);
        if (store.get(id).isPresent()) {
            store.delete(id);
        }
        ShardLog log = store.create(id);
        boolean done = false;
        try {
            log.setRetentionMs(KEEP_FOREVER_MS);
            int chunks = Math.max(1, (snapshot.length + SNAPSHOT_CHUNK_BYTES - 1) / SNAPSHOT_CHUNK_BYTES);
            for (int i = 0; i < chunks; i++) {
                byte[] chunk = Arrays.copyOfRange(snapshot, i * SNAPSHOT_CHUNK_BYTES,
                        Math.min(snapshot.length, (i + 1) * SNAPSHOT_CHUNK_BYTES));
                byte[] key = (SNAPSHOT_PREFIX + i + "/" + chunks).getBytes(StandardCharsets.UTF_8);
                AppendResult r = log.append(List.of(AppendRecord.of(key, chunk, nowMs))).join();
                if (!r.isOk()) {
                    throw new IOException("writing snapshot chunk " + i + " of " + chunks + " to " + id + ": "
                            + r.status() + " " + r.detail());
                }
            }
            store.flush();
            done = true;
        } finally {
            if (!done) {
                try {
                    store.delete(id);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("metadata log {}: cannot delete incomplete snapshot {} (open will): {}", name, id,
                            e.toString());
                }
            }
        }
        return log;
    }

    /** Deletes every generation of {@code name} up to {@code newest}. */
    static void deleteUpTo(LogStore store, String name, long newest) throws IOException {
        for (long g = newest; g >= 0; g--) {
            String id = logId(name, g);
            if (store.get(id).isPresent()) {
                store.delete(id);
            }
        }
    }

    /** The snapshot a generation starts with, or null when it is incomplete. */
    static SnapshotRead readSnapshot(ShardLog candidate) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long position = candidate.startPosition();
        int expected = -1;
        int index = 0;
        while (position < candidate.endPosition() && (expected < 0 || index < expected)) {
            ReadResult r = readAt(candidate, position);
            for (StoredRecord record : r.records()) {
                String key = record.keyAsString();
                int slash = key.indexOf('/');
                if (!key.startsWith(SNAPSHOT_PREFIX) || slash < 0) {
                    return null;
                }
                int chunk;
                int chunks;
                try {
                    chunk = Integer.parseInt(key.substring(SNAPSHOT_PREFIX.length(), slash));
                    chunks = Integer.parseInt(key.substring(slash + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
                if (chunk != index || chunks < 1 || (expected >= 0 && chunks != expected)) {
                    return null;
                }
                expected = chunks;
                bytes.write(record.dataBytes());
                index++;
                position = record.position() + 1;
                if (index == expected) {
                    return new SnapshotRead(bytes.toByteArray(), position);
                }
            }
            if (r.records().isEmpty()) {
                break;
            }
        }
        return null;
    }

    /** A read of up to 10,000 records or 8 MiB that must succeed. */
    static ReadResult readAt(ShardLog log, long position) throws IOException {
        ReadResult r = log.read(position, READ_MAX_RECORDS, READ_MAX_BYTES);
        if (r.status() != ReadResult.Status.OK) {
            throw new IOException("metadata log " + log.id() + " unreadable at position " + position + ": "
                    + r.status() + " " + r.detail());
        }
        return r;
    }
}
