package io.riffle.storage.engine;

import io.riffle.storage.RecoveryReport;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.io.FileHandle;
import io.riffle.storage.io.FileIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one shard's segment files in line with the journal after a crash.
 *
 * <ol>
 *   <li>Trust the prefix the checkpoint synced; verify every batch after it by CRC, stopping at
 *       the first torn, damaged or out-of-sequence one (or from the first segment, when the
 *       checkpoint does not cover this shard or disagrees with its files).</li>
 *   <li>Replay the shard's journaled batches in journal order: a batch already in the segment
 *       (same position, length and CRC) is kept; a missing or different one is written, and
 *       replaces what followed it (the journal is the record of what was acknowledged). A batch
 *       journaled as its header only (durability none) is kept when the segment has it and
 *       otherwise ends the log there: it cannot be replayed.</li>
 *   <li>Cut what no journal batch confirms: it was never acknowledged.</li>
 *   <li>Name what is kept or written beyond the trusted prefix, for the caller to sync before the
 *       checkpoint written after recovery lets go of the journal that confirmed it.</li>
 * </ol>
 * Every cut is logged with its positions and bytes, and noted for the {@link RecoveryReport}.
 */
final class LogRecovery {
    private static final Logger log = LoggerFactory.getLogger(LogRecovery.class);

    /** A batch's place in the recovered shard: in a segment, or still in a journal file. */
    private record Loc(long base, int count, long segmentBase, long offset, int length, int crc, long lastTs,
                       JournalScanner.BatchRef journal) {
        long end() {
            return base + count;
        }

        boolean sameBatchAs(JournalScanner.BatchRef ref) {
            return base == ref.basePosition() && count == ref.recordCount() && length == ref.length() && crc == ref.crc();
        }
    }

    private final String id;
    private final Path dir;
    private final Path journalDir;
    private final FileIO io;
    private final StoreConfig config;
    private final RecoveryNotes notes;
    private final Set<Path> toSync;

    /**
     * @param toSync collects the segment files this recovery keeps or writes bytes in beyond the
     *               trusted prefix: after a killed process they may be in the page cache only, and
     *               the checkpoint written once recovery ends lets go of the journal that confirmed
     *               them, so the caller syncs them before it (a power loss after it would lose
     *               acknowledged records)
     */
    LogRecovery(String id, Path dir, Path journalDir, StoreConfig config, RecoveryNotes notes, Set<Path> toSync) {
        this.notes = notes;
        this.toSync = toSync;
        this.id = id;
        this.dir = dir;
        this.journalDir = journalDir;
        this.io = config.fileIO();
        this.config = config;
    }

    /**
     * @param checkpointed  the shard's point in the checkpoint, or null when it has none
     * @param hasCheckpoint whether a valid checkpoint exists: then every batch after the
     *                      checkpointed point (or, for a shard it does not list, every batch)
     *                      must be in the journal to be kept
     */
    LogPoint recover(LogPoint checkpointed, boolean hasCheckpoint, List<JournalScanner.BatchRef> journaled)
            throws IOException {
        List<Long> bases = segmentBases();
        LogPoint trusted = trustedPrefix(checkpointed, bases);
        List<Loc> scanned = new ArrayList<>();
        String damage = scanAfter(trusted, bases, scanned);

        List<Loc> content = new ArrayList<>(scanned);
        boolean journalCoversTail = hasCheckpoint && (checkpointed == null || trusted == checkpointed);
        // Without that guarantee, keep what verified; the journal can still replace or extend it.
        int lastConfirmed = journalCoversTail ? -1 : content.size() - 1;
        int firstChange = Integer.MAX_VALUE;
        long end = content.isEmpty() ? trusted.endPosition() : content.get(content.size() - 1).end();
        for (JournalScanner.BatchRef ref : journaled) {
            if (ref.endPosition() <= trusted.endPosition()) {
                continue; // inside the synced prefix
            }
            int at = indexOfBase(content, ref.basePosition(), trusted.endPosition());
            if (at < 0) {
                log.error("log {}: journaled batch at positions {}..{} does not follow position {}; "
                        + "it and later journal batches of this log are not replayed", id, ref.basePosition(),
                        ref.endPosition() - 1, end);
                notes.logCuts.add(new RecoveryReport.LogCut(id, ref.basePosition(), 0,
                        "journal " + Journal.fileFor(journalDir, ref.sequence()).getFileName() + " offset " + ref.offset(),
                        "journaled batch does not follow position " + end + "; not replayed"));
                break;
            }
            if (at < content.size() && content.get(at).sameBatchAs(ref)) {
                lastConfirmed = Math.max(lastConfirmed, at);
                continue;
            }
            if (!ref.isReplayable()) {
                // Durability none journals headers only: a confirmed batch the segment lost (the OS's write-back,
                // not a killed process) cannot be replayed; it and what follows were acknowledged without fsync.
                log.error("log {}: journaled batch at positions {}..{} (durability none: its header only) is not in "
                        + "the segment; it and later batches of this log are lost", id, ref.basePosition(),
                        ref.endPosition() - 1);
                notes.logCuts.add(new RecoveryReport.LogCut(id, ref.basePosition(), 0,
                        "journal " + Journal.fileFor(journalDir, ref.sequence()).getFileName() + " offset " + ref.offset(),
                        "confirmed batch missing from its segment (durability none); lost"));
                break;
            }
            lastConfirmed = at;
            content.subList(at, content.size()).clear();
            content.add(new Loc(ref.basePosition(), ref.recordCount(), -1, -1, ref.length(), ref.crc(),
                    ref.lastTimestampMs(), ref));
            firstChange = Math.min(firstChange, at);
            end = ref.endPosition();
        }
        content.subList(lastConfirmed + 1, content.size()).clear();
        int keptFromSegments = Math.min(Math.min(firstChange, content.size()), scanned.size());
        cutAfter(trusted, scanned, keptFromSegments, damage, bases);
        for (int i = 0; i < keptFromSegments; i++) {
            toSync.add(segmentFile(scanned.get(i).segmentBase()));
        }
        return writeJournaled(trusted, scanned, keptFromSegments, content);
    }

    private List<Long> segmentBases() throws IOException {
        List<Long> bases = new ArrayList<>();
        for (String name : io.list(dir)) {
            long base = Segment.parseBase(name);
            if (base >= 0) {
                bases.add(base);
            }
        }
        return bases;
    }

    /** The checkpointed point when the files agree with it, else the start of the first segment. */
    private LogPoint trustedPrefix(LogPoint checkpointed, List<Long> bases) throws IOException {
        if (checkpointed != null && bases.contains(checkpointed.segmentBase())) {
            try (FileHandle f = io.open(segmentFile(checkpointed.segmentBase()), false)) {
                if (f.size() >= checkpointed.byteEnd()) {
                    return checkpointed;
                }
            }
            log.warn("log {}: segment {} is shorter than the checkpoint says; verifying the whole log", id,
                    checkpointed.segmentBase());
        }
        long first = bases.isEmpty() ? (checkpointed == null ? 0 : checkpointed.endPosition()) : bases.get(0);
        return new LogPoint(first, 0, first, checkpointed == null ? -1 : checkpointed.lastTimestampMs());
    }

    /** Verifies batches after the trusted prefix; returns why the scan stopped early, or null. */
    private String scanAfter(LogPoint trusted, List<Long> bases, List<Loc> out) throws IOException {
        long expected = trusted.endPosition();
        for (long base : bases) {
            if (base < trusted.segmentBase()) {
                continue;
            }
            if (base != trusted.segmentBase() && base != expected) {
                return "segment " + Segment.fileName(base, Segment.SUFFIX) + " starts at position " + base
                        + " but the previous one ends at " + expected + " (a segment is missing)";
            }
            long from = base == trusted.segmentBase() ? trusted.byteEnd() : 0;
            try (FileHandle f = io.open(segmentFile(base), false)) {
                BatchScanner.Outcome outcome = BatchScanner.scan(f, from, f.size(), expected, true,
                        (offset, b, count, length, crc, first, last) ->
                                out.add(new Loc(b, count, base, offset, length, crc, last, null)));
                expected = outcome.endPosition();
                if (!outcome.isClean()) {
                    return "in " + Segment.fileName(base, Segment.SUFFIX) + ": " + outcome.damage();
                }
            }
        }
        return null;
    }

    private static int indexOfBase(List<Loc> content, long base, long trustedEnd) {
        long end = content.isEmpty() ? trustedEnd : content.get(content.size() - 1).end();
        if (base == end) {
            return content.size();
        }
        int lo = 0;
        int hi = content.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long b = content.get(mid).base();
            if (b == base) {
                return mid;
            } else if (b < base) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    /** Cuts the segment files right after the first {@code kept} scanned batches. */
    private void cutAfter(LogPoint trusted, List<Loc> scanned, int kept, String damage, List<Long> bases)
            throws IOException {
        long cutSegment;
        long cutOffset;
        long cutPosition;
        if (kept > 0) {
            Loc last = scanned.get(kept - 1);
            cutSegment = last.segmentBase();
            cutOffset = last.offset() + last.length();
            cutPosition = last.end();
        } else {
            cutSegment = trusted.segmentBase();
            cutOffset = trusted.byteEnd();
            cutPosition = trusted.endPosition();
        }
        long cutBytes = 0;
        boolean changed = false;
        for (long base : bases) {
            if (base < cutSegment) {
                continue;
            }
            Path file = segmentFile(base);
            if (base == cutSegment) {
                try (FileHandle f = io.open(file, false)) {
                    long size = f.size();
                    if (size > cutOffset) {
                        cutBytes += size - cutOffset;
                        f.truncate(cutOffset);
                        toSync.add(file); // synced with the kept and replayed bytes, before the checkpoint
                        changed = true;
                    }
                }
            } else {
                try (FileHandle f = io.open(file, false)) {
                    cutBytes += f.size();
                }
                io.delete(file);
                changed = true;
            }
            io.delete(dir.resolve(Segment.fileName(base, Segment.INDEX_SUFFIX)));
        }
        if (changed && cutBytes == 0) {
            io.syncDirectory(dir);
            log.info("log {}: removed empty segment files after position {} (created for appends never acknowledged)",
                    id, cutPosition);
        } else if (changed) {
            io.syncDirectory(dir);
            String reason;
            if (kept < scanned.size()) {
                Loc firstCut = scanned.get(kept);
                reason = "positions " + firstCut.base() + ".." + (scanned.get(scanned.size() - 1).end() - 1)
                        + " are not confirmed by the journal (never acknowledged, or replaced by a later append)"
                        + (damage == null ? "" : "; after them: " + damage);
            } else {
                reason = damage == null ? "bytes not confirmed by the journal" : damage;
            }
            log.warn("log {}: cut {} bytes from position {} on (segment {}, offset {}): {}", id, cutBytes, cutPosition,
                    Segment.fileName(cutSegment, Segment.SUFFIX), cutOffset, reason);
            notes.logCuts.add(new RecoveryReport.LogCut(id, cutPosition, cutBytes,
                    "segment " + Segment.fileName(cutSegment, Segment.SUFFIX) + " offset " + cutOffset, reason));
        }
    }

    /** Appends the journal-only batches of {@code content} to the segment files. */
    private LogPoint writeJournaled(LogPoint trusted, List<Loc> scanned, int kept, List<Loc> content)
            throws IOException {
        long segmentBase;
        long byteEnd;
        if (kept > 0) {
            Loc last = scanned.get(kept - 1);
            segmentBase = last.segmentBase();
            byteEnd = last.offset() + last.length();
        } else {
            segmentBase = trusted.segmentBase();
            byteEnd = trusted.byteEnd();
        }
        long end = kept > 0 ? scanned.get(kept - 1).end() : trusted.endPosition();
        long lastTs = kept > 0 ? scanned.get(kept - 1).lastTs() : trusted.lastTimestampMs();
        int replayed = 0;
        for (int i = kept; i < content.size(); i++) {
            Loc loc = content.get(i);
            ByteBuffer batch = readJournalBatch(loc.journal());
            if (byteEnd > 0 && byteEnd + loc.length() > config.segmentMaxBytes()) {
                segmentBase = loc.base();
                byteEnd = 0;
            }
            boolean created = !io.exists(segmentFile(segmentBase));
            try (FileHandle f = io.open(segmentFile(segmentBase), true)) {
                f.write(batch, byteEnd);
            }
            toSync.add(segmentFile(segmentBase));
            if (created) {
                io.syncDirectory(dir);
            }
            byteEnd += loc.length();
            end = loc.end();
            lastTs = loc.lastTs();
            replayed++;
        }
        if (replayed > 0) {
            log.info("log {}: replayed {} batches from the journal, up to position {}", id, replayed, end - 1);
            notes.replayed.add(new RecoveryReport.Replay(id, replayed, end - 1));
        }
        return new LogPoint(segmentBase, byteEnd, end, lastTs);
    }

    private ByteBuffer readJournalBatch(JournalScanner.BatchRef ref) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(ref.length());
        try (FileHandle f = io.open(Journal.fileFor(journalDir, ref.sequence()), false)) {
            f.read(b, ref.offset());
        }
        b.flip();
        return b;
    }

    private Path segmentFile(long base) {
        return dir.resolve(Segment.fileName(base, Segment.SUFFIX));
    }
}
