package io.riffle.metadata;

/**
 * When {@link EventLog} snapshots its state: after {@code everyEvents} events or
 * {@code everyBytes} bytes of encoded events since the last snapshot, whichever comes first
 * (0 turns that limit off; both 0 means never). After a snapshot the log restarts in a new
 * generation holding the snapshot, and the older generation's events are deleted.
 */
public record SnapshotPolicy(long everyEvents, long everyBytes) {
    /** 10,000 events or 8 MiB: a restart replays little, snapshots stay rare. */
    public static final SnapshotPolicy DEFAULT = new SnapshotPolicy(10_000, 8L << 20);
    public static final SnapshotPolicy NEVER = new SnapshotPolicy(0, 0);

    public SnapshotPolicy {
        if (everyEvents < 0 || everyBytes < 0) {
            throw new IllegalArgumentException("snapshot limits must be >= 0 (0 = off): events " + everyEvents
                    + ", bytes " + everyBytes);
        }
    }

    boolean isDue(long eventsSince, long bytesSince) {
        return (everyEvents > 0 && eventsSince >= everyEvents) || (everyBytes > 0 && bytesSince >= everyBytes);
    }
}
