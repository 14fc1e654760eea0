package io.riffle.cli.put;

/**
 * {@code --rate}: paces sends to at most {@code perSecond} records a second on average. Pure: the
 * caller passes the time and sleeps for what {@link #delayNanos} answers, so tests use their own clock.
 * Owned by the one thread that sends.
 */
public final class RatePacer {

    private final double nanosPerRecord;
    private long nextFreeNanos;
    private boolean isStarted;

    /** {@code perSecond <= 0} means unpaced. */
    public RatePacer(double perSecond) {
        this.nanosPerRecord = perSecond <= 0 ? 0 : 1_000_000_000d / perSecond;
    }

    /** Records per call when paced: a tenth of a second's worth (1 to 500), so the pace is smooth. */
    public int batchRecords() {
        return isPaced() ? (int) Math.max(1, Math.min(RecordPutter.MAX_RECORDS, 100_000_000d / nanosPerRecord))
                : RecordPutter.MAX_RECORDS;
    }

    public boolean isPaced() {
        return nanosPerRecord > 0;
    }

    /** How long to wait, from {@code nowNanos}, before sending {@code records} more. */
    public long delayNanos(long nowNanos, int records) {
        if (!isPaced()) {
            return 0;
        }
        if (!isStarted || nextFreeNanos < nowNanos) {
            // idle time is not saved up as a burst
            nextFreeNanos = nowNanos;
            isStarted = true;
        }
        long delay = nextFreeNanos - nowNanos;
        nextFreeNanos += (long) (nanosPerRecord * records);
        return delay;
    }
}
