package io.riffle.kinesis.data.throttle;

/**
 * The per-shard throughput limits, each per second. Kinesis applies them to every shard in both
 * capacity modes: writes up to 1 MiB (data plus partition keys) and 1,000 records, reads up to
 * 2 MiB and 5 GetRecords calls.
 */
public record ShardLimits(long writeBytesPerSecond, long writeRecordsPerSecond, long readBytesPerSecond,
                          long readCallsPerSecond) {

    /** The Kinesis defaults. */
    public static final ShardLimits KINESIS = new ShardLimits(1_048_576, 1_000, 2_097_152, 5);

    public ShardLimits {
        check("write bytes", writeBytesPerSecond);
        check("write records", writeRecordsPerSecond);
        check("read bytes", readBytesPerSecond);
        check("read calls", readCallsPerSecond);
    }

    private static void check(String what, long perSecond) {
        if (perSecond < 1 || perSecond > TokenBucket.MAX_RATE_PER_SECOND) {
            throw new IllegalArgumentException("shard " + what + " per second must be in [1, "
                    + TokenBucket.MAX_RATE_PER_SECOND + "]: " + perSecond);
        }
    }
}
