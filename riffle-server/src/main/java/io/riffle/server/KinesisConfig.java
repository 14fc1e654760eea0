package io.riffle.server;

import io.riffle.kinesis.data.subscribe.SubscriptionSettings;
import io.riffle.kinesis.data.throttle.ShardLimits;
import io.riffle.kinesis.data.throttle.ThroughputLimiter;
import io.riffle.kinesis.model.KinesisSettings;

/**
 * Reads the Kinesis service's settings from the server's {@link ServerConfig}. Here, in the wiring
 * package, so that the service's packages know their own settings types and never the server's
 * configuration (which would make them and this package depend on each other).
 */
final class KinesisConfig {

    private KinesisConfig() {
    }

    /** The control and data planes' rules and limits. */
    static KinesisSettings settings(ServerConfig config) {
        return new KinesisSettings(config.region(), config.accountId(),
                config.streamCreateDelayMs(), config.streamDeleteDelayMs(), config.iteratorTtlMs(),
                config.minRetentionHours(), config.maxRetentionHours(), config.shardLimit(),
                config.onDemandStreamLimit(), Math.max(1, config.maxRecordSizeBytes() / 1024), 50,
                config.updateShardCountPerDay(), config.get(ServerConfig.STREAM_MODE_SWITCHES_PER_DAY),
                config.maxConsumersPerStream(), config.get(ServerConfig.RESHARD_DELAY_MS),
                config.get(ServerConfig.CONSUMER_CREATE_DELAY_MS) == null ? config.streamCreateDelayMs()
                        : config.get(ServerConfig.CONSUMER_CREATE_DELAY_MS),
                config.get(ServerConfig.MAX_CREATING_CONSUMERS));
    }

    /** The limiter the settings ask for: the shard limits, or none with {@code throughput-limits=false}. */
    static ThroughputLimiter throughputLimiter(ServerConfig config) {
        if (!config.isThroughputLimited()) {
            return ThroughputLimiter.disabled();
        }
        return ThroughputLimiter.enforcing(new ShardLimits(config.get(ServerConfig.SHARD_WRITE_BYTES_PER_SECOND),
                config.get(ServerConfig.SHARD_WRITE_RECORDS_PER_SECOND),
                config.get(ServerConfig.SHARD_READ_BYTES_PER_SECOND),
                config.get(ServerConfig.SHARD_READ_CALLS_PER_SECOND)), System::nanoTime);
    }

    /** SubscribeToShard's rules; no per-consumer read limit with {@code throughput-limits=false}. */
    static SubscriptionSettings subscriptionSettings(ServerConfig config) {
        return new SubscriptionSettings(config.get(ServerConfig.SUBSCRIPTION_LIFETIME_MS),
                config.get(ServerConfig.SUBSCRIPTION_HEARTBEAT_MS),
                config.get(ServerConfig.THROUGHPUT_LIMITS) ? config.get(ServerConfig.CONSUMER_READ_BYTES_PER_SECOND) : 0,
                config.get(ServerConfig.SUBSCRIPTION_TAKEOVER_MS), config.get(ServerConfig.SUBSCRIPTION_MIN_CALL_INTERVAL_MS));
    }
}
