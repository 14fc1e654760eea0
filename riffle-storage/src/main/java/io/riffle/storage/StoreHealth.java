package io.riffle.storage;

import java.util.Optional;

/**
 * Whether a store can write, and its I/O error counts, as the server's {@code /health} and
 * {@code /metrics} show them. Any thread.
 */
public interface StoreHealth {

    /** What a failing area of the store reports: its kind, since when it fails, and its last failure. */
    record Problem(IoErrorKind kind, long sinceMs, String detail) {
    }

    /** A store that cannot fail (in memory): no problem, no errors. */
    StoreHealth ALWAYS_HEALTHY = new StoreHealth() {
        @Override
        public Optional<Problem> problem() {
            return Optional.empty();
        }

        @Override
        public long ioErrors(IoErrorKind kind) {
            return 0;
        }

        @Override
        public long journalSyncFailures() {
            return 0;
        }
    };

    /** The problem of the area failing longest; empty while the last write of every area succeeded. */
    Optional<Problem> problem();

    /** Failed writes of this kind since the store opened. */
    long ioErrors(IoErrorKind kind);

    /** Journal fdatasyncs that failed since the store opened (each also counts as an I/O error). */
    long journalSyncFailures();
}
