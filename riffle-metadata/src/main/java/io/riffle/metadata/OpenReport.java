package io.riffle.metadata;

import java.util.List;

/**
 * What {@link EventLog#open} found: the generation it continues, whether it started from a
 * snapshot, how many events it replayed after it, and which logs it deleted (older generations
 * left by a crash after a snapshot, or a snapshot a crash left incomplete).
 */
public record OpenReport(long generation, boolean fromSnapshot, long eventsReplayed, int timersPending,
                         List<String> deletedLogs) {
}
