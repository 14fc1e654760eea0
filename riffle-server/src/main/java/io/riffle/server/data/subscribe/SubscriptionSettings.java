package io.riffle.server.data.subscribe;

import io.riffle.server.ServerConfig;

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

    public static SubscriptionSettings from(ServerConfig config) {
        return new SubscriptionSettings(config.get(ServerConfig.SUBSCRIPTION_LIFETIME_MS),
                config.get(ServerConfig.SUBSCRIPTION_HEARTBEAT_MS),
                config.get(ServerConfig.THROUGHPUT_LIMITS) ? config.get(ServerConfig.CONSUMER_READ_BYTES_PER_SECOND) : 0,
                config.get(ServerConfig.SUBSCRIPTION_TAKEOVER_MS), config.get(ServerConfig.SUBSCRIPTION_MIN_CALL_INTERVAL_MS));
    }
}
