package io.riffle.kinesis.model;

/**
 * The Kinesis behaviour settings the control and data planes use; every time rule and limit is
 * here so tests can shorten or raise it. Defaults are AWS's.
 */
public record KinesisSettings(String region, String accountId, long streamCreateDelayMs, long streamDeleteDelayMs,
                              long iteratorTtlMs, int minRetentionHours, int maxRetentionHours, int shardLimit,
                              int onDemandStreamLimit, int maxRecordSizeKiB, int maxTagsPerStream,
                              int updateShardCountPerDay, int streamModeSwitchesPerDay,
                              int maxConsumersPerStream, long reshardDelayMs, long consumerCreateDelayMs,
                              int maxCreatingConsumers) {

    /**
     * AWS's rules, but CREATING/DELETING of 500 ms and reshards cut over at once (in-process tests
     * ask for a reshard delay when they test it; the server's setting defaults to a few seconds).
     */
    public static KinesisSettings defaults() {
        return new KinesisSettings("us-east-1", "000000000000", 500, 500, 300_000, 24, 8760, 500, 50, 1024, 50, 10, 2, 20,
                0, 500, 5);
    }

    /** How long SplitShard, MergeShards and UpdateShardCount keep the stream UPDATING before the cut-over. */
    public KinesisSettings withReshardDelayMs(long delayMs) {
        return new KinesisSettings(region, accountId, streamCreateDelayMs, streamDeleteDelayMs, iteratorTtlMs,
                minRetentionHours, maxRetentionHours, shardLimit, onDemandStreamLimit, maxRecordSizeKiB, maxTagsPerStream,
                updateShardCountPerDay, streamModeSwitchesPerDay, maxConsumersPerStream, delayMs, consumerCreateDelayMs,
                maxCreatingConsumers);
    }

    /** The streams' CREATING and DELETING delays; consumers are CREATING as long as streams (and DELETING). */
    public KinesisSettings withDelays(long createMs, long deleteMs) {
        return new KinesisSettings(region, accountId, createMs, deleteMs, iteratorTtlMs, minRetentionHours,
                maxRetentionHours, shardLimit, onDemandStreamLimit, maxRecordSizeKiB, maxTagsPerStream,
                updateShardCountPerDay, streamModeSwitchesPerDay, maxConsumersPerStream, reshardDelayMs,
                createMs, maxCreatingConsumers);
    }

    /** How long a new consumer stays CREATING, and how many may be CREATING at once in the account. */
    public KinesisSettings withConsumerCreation(long delayMs, int maxCreating) {
        return new KinesisSettings(region, accountId, streamCreateDelayMs, streamDeleteDelayMs, iteratorTtlMs,
                minRetentionHours, maxRetentionHours, shardLimit, onDemandStreamLimit, maxRecordSizeKiB, maxTagsPerStream,
                updateShardCountPerDay, streamModeSwitchesPerDay, maxConsumersPerStream, reshardDelayMs, delayMs,
                maxCreating);
    }

    public KinesisSettings withMaxConsumersPerStream(int max) {
        return new KinesisSettings(region, accountId, streamCreateDelayMs, streamDeleteDelayMs, iteratorTtlMs,
                minRetentionHours, maxRetentionHours, shardLimit, onDemandStreamLimit, maxRecordSizeKiB, maxTagsPerStream,
                updateShardCountPerDay, streamModeSwitchesPerDay, max, reshardDelayMs, consumerCreateDelayMs,
                maxCreatingConsumers);
    }

    public KinesisSettings withUpdateShardCountPerDay(int max) {
        return new KinesisSettings(region, accountId, streamCreateDelayMs, streamDeleteDelayMs, iteratorTtlMs,
                minRetentionHours, maxRetentionHours, shardLimit, onDemandStreamLimit, maxRecordSizeKiB, maxTagsPerStream,
                max, streamModeSwitchesPerDay, maxConsumersPerStream, reshardDelayMs,
                consumerCreateDelayMs, maxCreatingConsumers);
    }

    public String streamArn(String streamName) {
        return "arn:aws:kinesis:" + region + ":" + accountId + ":stream/" + streamName;
    }

    /** The stream name in one of our stream ARNs, or null when the ARN is not one. */
    public String streamNameOf(String arn) {
        String prefix = "arn:aws:kinesis:" + region + ":" + accountId + ":stream/";
        if (arn == null || !arn.startsWith(prefix)) {
            return null;
        }
        String name = arn.substring(prefix.length());
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }
}
