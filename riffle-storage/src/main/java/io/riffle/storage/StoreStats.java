package io.riffle.storage;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * What a store's journal has done since it opened, for {@code /metrics}: group commits, the appends they carried (their
 * ratio is the mean group size), bytes written, and fdatasyncs with the time they took (their ratio is the mean fsync
 * latency). Counted by the journal's commit thread, read by any thread. Each fdatasync's time also goes to an observer
 * (a latency histogram in {@code /metrics}), since a mean hides the slow syncs that stall every writer of a group.
 */
public final class StoreStats {

    private final LongAdder groups = new LongAdder();
    private final LongAdder groupAppends = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder syncs = new LongAdder();
    private final LongAdder syncNanos = new LongAdder();
    private volatile LongConsumer syncObserver = nanos -> {
    };

    /** One group of {@code appends} appends, {@code bytes} long, written to the journal. */
    public void groupWritten(int appends, long bytes) {
        groups.increment();
        groupAppends.add(appends);
        bytesWritten.add(bytes);
    }

    /** One journal fdatasync that succeeded after {@code nanos}. */
    public void synced(long nanos) {
        syncs.increment();
        syncNanos.add(nanos);
        syncObserver.accept(nanos);
    }

    /** Hands each later successful fdatasync's duration, in nanoseconds, to {@code observer} (on the commit thread). */
    public void observeSyncs(LongConsumer observer) {
        this.syncObserver = observer;
    }

    public long journalGroups() {
        return groups.sum();
    }

    public long journalGroupAppends() {
        return groupAppends.sum();
    }

    public long journalBytesWritten() {
        return bytesWritten.sum();
    }

    public long journalSyncs() {
        return syncs.sum();
    }

    public long journalSyncNanos() {
        return syncNanos.sum();
    }
}
