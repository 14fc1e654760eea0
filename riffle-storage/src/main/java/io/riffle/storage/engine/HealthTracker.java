package io.riffle.storage.engine;

import io.riffle.storage.IoErrorKind;
import io.riffle.storage.StoreHealth;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The embedded store's {@link StoreHealth}: whether the store can write, as the server's {@code /health} and {@code /metrics} show it.
 *
 * <p>Every failed write is counted by kind and marks its area failing until a write of the same
 * area succeeds again: {@link Area#APPENDS} (segment and journal writes, journal syncs) clears
 * at the next acknowledged group, {@link Area#FILES} (checkpoints, retention files, log
 * directories) at the next checkpoint or file written. Two areas, so a checkpoint that keeps
 * failing is not hidden by appends that work, and a failed file write does not outlive a disk
 * that has room again for long (checkpoints run every few seconds while anything is written).
 *
 * <p>{@link #failed} answers whether the area just started failing (or changed kind): callers
 * log that at WARN or ERROR and repeats at DEBUG, so a full disk under load logs once, not once
 * per refused append. Any thread; the hot path ({@link #succeeded} while healthy) reads one
 * volatile field.
 */
final class HealthTracker implements StoreHealth {

    enum Area {
        APPENDS,
        FILES
    }

    private final LongSupplier clockMs;
    private final LongAdder diskFullErrors = new LongAdder();
    private final LongAdder otherIoErrors = new LongAdder();
    private final LongAdder journalSyncFailures = new LongAdder();
    private final StoreHealth.Problem[] problems = new StoreHealth.Problem[Area.values().length]; // guarded by this
    /** Bit per failing area, so a success while healthy takes no lock. */
    private volatile int failingAreas;

    HealthTracker(LongSupplier clockMs) {
        this.clockMs = clockMs;
    }

    /**
     * Counts a failed write of {@code area}; {@code what} says what was being written.
     *
     * @return true when the area was not failing before, or failed with the other kind
     */
    boolean failed(Area area, String what, IOException cause) {
        IoErrorKind kind = IoErrorKind.of(cause);
        (kind == IoErrorKind.DISK_FULL ? diskFullErrors : otherIoErrors).increment();
        synchronized (this) {
            StoreHealth.Problem current = problems[area.ordinal()];
            boolean isNew = current == null || current.kind() != kind;
            long since = isNew ? clockMs.getAsLong() : current.sinceMs();
            problems[area.ordinal()] = new StoreHealth.Problem(kind, since, what + ": " + cause.getMessage());
            failingAreas |= 1 << area.ordinal();
            return isNew;
        }
    }

    /**
     * A write of {@code area} succeeded.
     *
     * @return the problem this ends, or null when the area was not failing
     */
    StoreHealth.Problem succeeded(Area area) {
        int bit = 1 << area.ordinal();
        if ((failingAreas & bit) == 0) {
            return null;
        }
        synchronized (this) {
            StoreHealth.Problem ended = problems[area.ordinal()];
            problems[area.ordinal()] = null;
            failingAreas &= ~bit;
            return ended;
        }
    }

    void journalSyncFailed() {
        journalSyncFailures.increment();
    }

    /** The problem of the area failing longest; empty while the last write of every area succeeded. */
    @Override
    public synchronized Optional<StoreHealth.Problem> problem() {
        StoreHealth.Problem oldest = null;
        for (StoreHealth.Problem p : problems) {
            if (p != null && (oldest == null || p.sinceMs() < oldest.sinceMs())) {
                oldest = p;
            }
        }
        return Optional.ofNullable(oldest);
    }

    /** Failed writes of this kind since the store opened. */
    @Override
    public long ioErrors(IoErrorKind kind) {
        return (kind == IoErrorKind.DISK_FULL ? diskFullErrors : otherIoErrors).sum();
    }

    /** Journal fdatasyncs that failed since the store opened (each also counts as an I/O error). */
    @Override
    public long journalSyncFailures() {
        return journalSyncFailures.sum();
    }
}
