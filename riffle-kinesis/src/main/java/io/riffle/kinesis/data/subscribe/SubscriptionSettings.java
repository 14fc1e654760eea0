package io.riffle.kinesis.data.subscribe;

/**
 * SubscribeToShard's rules, every one a setting so tests can shorten them.
 *
 * @param lifetimeMs          how long a subscription lasts (Kinesis: 5 minutes)
 * @param heartbeatMs         longest silence: an idle shard still gets an empty event this often
 * @param readBytesPerSecond  bytes pushed per consumer and shard per second; 0 for no limit
 * @param takeoverMs          a new call within this long of a successful one is refused (Kinesis: 5 s)
 * @param minCallIntervalMs   calls per consumer and shard closer than this are refused (Kinesis: 1 s)
 */
public record SubscriptionSettings(long lifetimeMs, long heartbeatMs, long readBytesPerSecond, long takeoverMs,
                                   long minCallIntervalMs) {

    public static SubscriptionSettings defaults() {
        return new SubscriptionSettings(300_000, 5_000, 2L * 1024 * 1024, 5_000, 1_000);
    }
}
