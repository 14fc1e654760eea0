package io.riffle.triggers;

/**
 * @param region the region in ARNs (Lambda's, and the Kinesis streams')
 * @param accountId the account in ARNs
 * @param transitionDelayMs how long a mapping stays in a transitional state (Creating, Updating, ...) before it
 *     settles; Lambda takes seconds, Riffle defaults to none, so clients see the transitional state only in the
 *     answer of the call that caused it
 * @param idlePollMs how long a shard's poller waits for new records before it reads again, when no wake-up came
 *     (records appended on this node wake it at once; this bounds the wait when one is missed), and how often a
 *     mapping looks for new shards
 * @param retryBackoffMs the first wait before a failed batch is tried again (doubling per retry)
 * @param maxRetryBackoffMs the longest such wait
 */
public record TriggerSettings(String region, String accountId, long transitionDelayMs, long idlePollMs,
                              long retryBackoffMs, long maxRetryBackoffMs) {

    public static TriggerSettings defaults(String region, String accountId) {
        return new TriggerSettings(region, accountId, 0, 1_000, 500, 30_000);
    }

    /** The wait before the {@code n}th retry of a batch (n from 1): doubling from retryBackoffMs up to maxRetryBackoffMs. */
    public long backoffMs(int n) {
        long wait = retryBackoffMs << Math.min(20, Math.max(0, n - 1));
        return Math.min(wait, maxRetryBackoffMs);
    }

    public String functionArnPrefix() {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:";
    }

    public String mappingArn(String uuid) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":event-source-mapping:" + uuid;
    }
}
