package io.riffle.storage.engine;

import io.riffle.storage.RecoveryReport;
import io.riffle.storage.format.JournalGroup;
import io.riffle.storage.format.RecordBatch;
import io.riffle.storage.io.FileHandle;
import io.riffle.storage.io.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the journal from a checkpoint's position during recovery: verifies every group's CRC,
 * cuts each file at its first torn or damaged group (saying what was cut), and lists, per
 * shard and in journal order, where each journaled batch lies.
 */
final class JournalScanner {
    private static final Logger log = LoggerFactory.getLogger(JournalScanner.class);
    static final int CHUNK_BYTES = 4 << 20;

    /**
     * A batch inside a journal file; when not {@code isReplayable}, only its header is there (a confirmation,
     * {@link JournalGroup#VERSION_CONFIRMATIONS}) and its records are in the log's segment or nowhere.
     */
    record BatchRef(long sequence, long offset, int length, long basePosition, int recordCount, int crc,
                    long lastTimestampMs, boolean isReplayable) {
        long endPosition() {
            return basePosition + recordCount;
        }
    }

    record Result(Map<String, List<BatchRef>> batchesByLog, long groups) {
    }

    private JournalScanner() {
    }

    static Result scan(FileIO io, Path dir, long fromSequence, long fromOffset, RecoveryNotes notes)
            throws IOException {
        Map<String, List<BatchRef>> byLog = new LinkedHashMap<>();
        long groups = 0;
        for (String name : io.list(dir)) {
            long sequence = Journal.parseSequence(name);
            if (sequence < 0) {
                continue;
            }
            if (sequence < fromSequence) {
                continue;
            }
            long start = sequence == fromSequence ? fromOffset : 0;
            groups += scanFile(io, dir.resolve(name), sequence, start, byLog, notes);
        }
        return new Result(byLog, groups);
    }

    private static long scanFile(FileIO io, Path path, long sequence, long start,
                                 Map<String, List<BatchRef>> byLog, RecoveryNotes notes) throws IOException {
        long groups = 0;
        try (FileHandle file = io.open(path, false)) {
            long size = file.size();
            long at = start;
            String damage = null;
            ByteBuffer header = ByteBuffer.allocate(JournalGroup.HEADER_LENGTH);
            while (at < size) {
                header.clear();
                int n = file.read(header, at);
                int length = JournalGroup.checkHeader(header, 0, n);
                if (length <= 0) {
                    damage = length == 0 ? "torn group header" : "invalid group header";
                    break;
                }
                if (at + length > size) {
                    damage = "torn group (" + length + " bytes, " + (size - at) + " in the file)";
                    break;
                }
                ByteBuffer group = ByteBuffer.allocate(length);
                file.read(group, at);
                group.flip();
                if (!JournalGroup.isCrcValid(group, 0, length)) {
                    damage = "group checksum mismatch";
                    break;
                }
                String problem = collect(group, length, sequence, at, byLog);
                if (problem != null) {
                    damage = problem;
                    break;
                }
                groups++;
                at += length;
            }
            if (damage != null) {
                log.warn("journal {}: cut {} bytes from offset {} ({}); they were never acknowledged",
                        path.getFileName(), size - at, at, damage);
                notes.journalCuts.add(new RecoveryReport.JournalCut(path.getFileName().toString(), at, size - at,
                        damage + "; never acknowledged"));
                file.truncate(at);
                file.sync();
            }
        }
        return groups;
    }

    private static String collect(ByteBuffer group, int length, long sequence, long groupOffset,
                                  Map<String, List<BatchRef>> byLog) {
        int entries = JournalGroup.entryCount(group, 0);
        boolean headersOnly = JournalGroup.holdsHeadersOnly(group, 0);
        int at = JournalGroup.HEADER_LENGTH;
        List<Map.Entry<String, BatchRef>> found = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            if (at + 2 > length) {
                return "entry " + i + " runs past its group";
            }
            int batch = JournalGroup.batchOffset(group, at);
            int batchLength = batch >= length ? 0 : RecordBatch.checkHeader(group, batch, length - batch);
            int entryBytes = headersOnly && batchLength > 0 ? RecordBatch.headerLength(group, batch) : batchLength;
            if (batchLength <= 0 || batch + entryBytes > length) {
                return "entry " + i + " holds an invalid batch";
            }
            String id = JournalGroup.logId(group, at);
            found.add(Map.entry(id, new BatchRef(sequence, groupOffset + batch, batchLength,
                    RecordBatch.basePosition(group, batch), RecordBatch.recordCount(group, batch),
                    group.getInt(batch + RecordBatch.CRC_OFFSET), RecordBatch.lastTimestampMs(group, batch),
                    !headersOnly)));
            at = batch + entryBytes;
        }
        for (Map.Entry<String, BatchRef> e : found) {
            byLog.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        return null;
    }
}
