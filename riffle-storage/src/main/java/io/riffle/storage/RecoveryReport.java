package io.riffle.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * What opening a store found and did: whether it followed a clean shutdown, and after a crash what
 * recovery cut (bytes never acknowledged, or damaged) and replayed, per log and per journal file.
 * The engine also logs each cut as it makes it; this is the summary a server prints at start and
 * tests assert on.
 *
 * @param opening        a new store, one closed cleanly (nothing verified, nothing cut), or a recovery
 * @param logs           logs in the store after opening
 * @param writerEpoch    the store's open count, this open included
 * @param durationMs     how long opening took
 * @param logCuts        what was cut from logs' segment files (or not replayed), in log order
 * @param journalCuts    what was cut from journal files
 * @param replayed       batches written back from the journal into logs' segments
 * @param orphanLogs     deleted logs whose journal batches were skipped
 */
public record RecoveryReport(Opening opening, int logs, int writerEpoch, long durationMs, List<LogCut> logCuts,
                             List<JournalCut> journalCuts, List<Replay> replayed, List<String> orphanLogs) {

    public enum Opening {
        /** The directory held no store: it was created. */
        CREATED,
        /** The store was closed cleanly before. */
        CLEAN_SHUTDOWN,
        /** The store was not closed cleanly (a crash, a power loss, a kill): it was verified and repaired. */
        RECOVERED
    }

    /**
     * A cut in one log: everything from {@code fromPosition} on in its files (the log then ends
     * there, or continues with what the journal replayed).
     *
     * @param bytes  bytes removed from the log's segment files (0 when journal batches were not replayed)
     * @param where  the segment file and offset, or the journal batch
     * @param reason why: never acknowledged (not in the journal), damaged, a missing segment
     */
    public record LogCut(String logId, long fromPosition, long bytes, String where, String reason) {
    }

    /** A journal file's torn or damaged tail: never acknowledged. */
    public record JournalCut(String file, long offset, long bytes, String reason) {
    }

    /** Batches of one log written back from the journal into its segments, up to a position. */
    public record Replay(String logId, int batches, long lastPosition) {
    }

    public RecoveryReport {
        logCuts = List.copyOf(logCuts);
        journalCuts = List.copyOf(journalCuts);
        replayed = List.copyOf(replayed);
        orphanLogs = List.copyOf(orphanLogs);
    }

    /** A store that needed no recovery: a new one, or one closed cleanly. */
    public static RecoveryReport withoutRecovery(Opening opening, int logs, int writerEpoch, long durationMs) {
        if (opening == Opening.RECOVERED) {
            throw new IllegalArgumentException("a recovery has its own report");
        }
        return new RecoveryReport(opening, logs, writerEpoch, durationMs, List.of(), List.of(), List.of(), List.of());
    }

    /** Whether recovery cut anything (acknowledged data is never cut unless damaged on disk). */
    public boolean hasCuts() {
        return !logCuts.isEmpty() || !journalCuts.isEmpty();
    }

    /** One line for the server's log. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        if (opening == Opening.CREATED) {
            return "created a new store, writer epoch " + writerEpoch;
        }
        if (opening == Opening.CLEAN_SHUTDOWN) {
            return "opened after a clean shutdown: " + logs + " logs, writer epoch " + writerEpoch;
        }
        s.append("recovered after a crash in ").append(durationMs).append(" ms: ").append(logs)
                .append(" logs, writer epoch ").append(writerEpoch).append("; ");
        if (!hasCuts()) {
            s.append("nothing cut");
        } else {
            List<String> parts = new ArrayList<>();
            for (JournalCut c : journalCuts) {
                parts.add("journal " + c.file() + ": " + c.bytes() + " bytes from offset " + c.offset() + " (" + c.reason() + ")");
            }
            for (LogCut c : logCuts) {
                parts.add("log " + c.logId() + ": " + c.bytes() + " bytes from position " + c.fromPosition() + " ("
                        + c.reason() + ")");
            }
            s.append("cut ").append(String.join("; ", parts));
        }
        if (!replayed.isEmpty()) {
            int batches = replayed.stream().mapToInt(Replay::batches).sum();
            s.append("; replayed ").append(batches).append(" journal batches into ").append(replayed.size()).append(" logs");
        }
        if (!orphanLogs.isEmpty()) {
            s.append("; skipped the journal batches of ").append(orphanLogs.size()).append(" deleted logs");
        }
        return s.toString();
    }
}
