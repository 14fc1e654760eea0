package io.riffle.storage.engine;

import io.riffle.storage.RecoveryReport;
import java.util.ArrayList;
import java.util.List;

/** Collects what one recovery cut and replayed, for its {@link RecoveryReport}. The opening thread only. */
final class RecoveryNotes {
    final List<RecoveryReport.LogCut> logCuts = new ArrayList<>();
    final List<RecoveryReport.JournalCut> journalCuts = new ArrayList<>();
    final List<RecoveryReport.Replay> replayed = new ArrayList<>();
    final List<String> orphanLogs = new ArrayList<>();

    RecoveryReport report(int logs, int writerEpoch, long durationMs) {
        return new RecoveryReport(RecoveryReport.Opening.RECOVERED, logs, writerEpoch, durationMs, logCuts, journalCuts, replayed, orphanLogs);
    }
}
