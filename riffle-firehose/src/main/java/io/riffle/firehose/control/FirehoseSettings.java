package io.riffle.firehose.control;

import io.riffle.firehose.limits.PutLimits;

/**
 * Firehose's settings, from the server's configuration.
 *
 * @param createDelayMs      CREATING -> ACTIVE (0: at once, for tests)
 * @param deleteDelayMs      DELETING -> gone
 * @param deliveryTickMs     how often the delivery thread checks every stream's buffer
 * @param retryBackoffMs     first wait after a failed upload (doubles up to 60 s while it keeps failing)
 * @param recordRetentionMs  how long buffered records are kept in the log (Firehose keeps DirectPut data 24 h)
 * @param maxDeliveryStreams per account and region (Firehose's default quota, 5,000)
 * @param maxBatchBytes      PutRecordBatch's limit on the sum of its records' data (4 MiB)
 * @param putRates           the DirectPut throughput quota per delivery stream (Firehose's for the region)
 * @param isPlainHttpAllowed whether HttpEndpoint URLs may be http or another port than 443 (Firehose: https on 443)
 * @param maxActivePartitions dynamic partitions buffered at once per delivery stream (Firehose's default quota, 500)
 */
public record FirehoseSettings(String region, String accountId, long createDelayMs, long deleteDelayMs,
                               long deliveryTickMs, long retryBackoffMs, long recordRetentionMs,
                               int maxDeliveryStreams, long maxBatchBytes, PutLimits.Rates putRates,
                               boolean isPlainHttpAllowed, int maxActivePartitions) {

    public static FirehoseSettings defaults(String region, String accountId) {
        return new FirehoseSettings(region, accountId, 1_000, 1_000, 1_000, 1_000, 24L * 3600 * 1000, 5_000,
                4L * 1024 * 1024, PutLimits.Rates.firehoseDefaults(region), false, 500);
    }

    public FirehoseSettings withDelays(long createMs, long deleteMs) {
        return new FirehoseSettings(region, accountId, createMs, deleteMs, deliveryTickMs, retryBackoffMs,
                recordRetentionMs, maxDeliveryStreams, maxBatchBytes, putRates, isPlainHttpAllowed, maxActivePartitions);
    }

    public FirehoseSettings withDeliveryTickMs(long tickMs) {
        return new FirehoseSettings(region, accountId, createDelayMs, deleteDelayMs, tickMs, retryBackoffMs,
                recordRetentionMs, maxDeliveryStreams, maxBatchBytes, putRates, isPlainHttpAllowed, maxActivePartitions);
    }

    public FirehoseSettings withPutRates(PutLimits.Rates rates) {
        return new FirehoseSettings(region, accountId, createDelayMs, deleteDelayMs, deliveryTickMs, retryBackoffMs,
                recordRetentionMs, maxDeliveryStreams, maxBatchBytes, rates, isPlainHttpAllowed, maxActivePartitions);
    }

    public FirehoseSettings withPlainHttpAllowed(boolean isAllowed) {
        return new FirehoseSettings(region, accountId, createDelayMs, deleteDelayMs, deliveryTickMs, retryBackoffMs,
                recordRetentionMs, maxDeliveryStreams, maxBatchBytes, putRates, isAllowed, maxActivePartitions);
    }

    public FirehoseSettings withMaxDeliveryStreams(int max) {
        return new FirehoseSettings(region, accountId, createDelayMs, deleteDelayMs, deliveryTickMs, retryBackoffMs,
                recordRetentionMs, max, maxBatchBytes, putRates, isPlainHttpAllowed, maxActivePartitions);
    }

    public FirehoseSettings withMaxActivePartitions(int max) {
        return new FirehoseSettings(region, accountId, createDelayMs, deleteDelayMs, deliveryTickMs, retryBackoffMs,
                recordRetentionMs, maxDeliveryStreams, maxBatchBytes, putRates, isPlainHttpAllowed, max);
    }

    public String arn(String name) {
        return "arn:aws:firehose:" + region + ":" + accountId + ":deliverystream/" + name;
    }
}
