package io.riffle.kinesis.data.throttle;

/**
 * One shard's four budgets: write bytes, write records, read bytes, read calls, each a
 * {@link TokenBucket} holding one second of its rate.
 *
 * <p>Thread-safe: every method holds this object's monitor, the only lock taken on the throttling
 * path (never two at once, so there is no lock order to keep). A write is judged on both write
 * budgets at one instant and charged to both or neither.
 *
 * <p>Retired: the limiter drops a throttle whose buckets are all full (a new one would behave the
 * same) and marks it retired under its monitor, so a caller that fetched it just before sees
 * {@link Admission#RETIRED} and looks its shard up again instead of charging a forgotten object.
 */
final class ShardThrottle {

    /** What a request was told; constants, so answering allocates nothing. */
    enum Admission {
        ADMITTED,
        REFUSED,
        /** This throttle was dropped from the limiter: look the shard up again. */
        RETIRED
    }

    private final TokenBucket writeBytes;
    private final TokenBucket writeRecords;
    private final TokenBucket readBytes;
    private final TokenBucket readCalls;
    private boolean isRetired;

    ShardThrottle(ShardLimits limits, long nowNanos) {
        writeBytes = TokenBucket.perSecond(limits.writeBytesPerSecond(), nowNanos);
        writeRecords = TokenBucket.perSecond(limits.writeRecordsPerSecond(), nowNanos);
        readBytes = TokenBucket.perSecond(limits.readBytesPerSecond(), nowNanos);
        readCalls = TokenBucket.perSecond(limits.readCallsPerSecond(), nowNanos);
    }

    /** Admits {@code records} records of {@code bytes} bytes in total if both write budgets allow. */
    synchronized Admission admitWrite(int records, long bytes, long nowNanos) {
        if (isRetired) {
            return Admission.RETIRED;
        }
        if (!writeRecords.canTake(records, nowNanos) || !writeBytes.canTake(bytes, nowNanos)) {
            return Admission.REFUSED;
        }
        writeRecords.take(records, nowNanos);
        writeBytes.take(bytes, nowNanos);
        return Admission.ADMITTED;
    }

    /**
     * Admits one GetRecords call if a call token is left and the read bytes are not overdrawn
     * (Kinesis: after a read beyond the budget, the following calls are throttled until it is
     * paid back).
     */
    synchronized Admission admitReadCall(long nowNanos) {
        if (isRetired) {
            return Admission.RETIRED;
        }
        if (readBytes.available(nowNanos) <= 0 || !readCalls.tryTake(1, nowNanos)) {
            return Admission.REFUSED;
        }
        return Admission.ADMITTED;
    }

    /** Charges the bytes a GetRecords returned, into debt if they exceed the budget. */
    synchronized Admission chargeRead(long bytes, long nowNanos) {
        if (isRetired) {
            return Admission.RETIRED;
        }
        readBytes.take(bytes, nowNanos);
        return Admission.ADMITTED;
    }

    /** Retires this throttle if every budget is full (idle); returns whether it did. */
    synchronized boolean retireIfIdle(long nowNanos) {
        if (!isRetired && writeBytes.isFull(nowNanos) && writeRecords.isFull(nowNanos)
                && readBytes.isFull(nowNanos) && readCalls.isFull(nowNanos)) {
            isRetired = true;
        }
        return isRetired;
    }

    @Override
    public synchronized String toString() {
        return "ShardThrottle{write " + writeBytes + " " + writeRecords + ", read " + readBytes + " " + readCalls + "}";
    }
}
