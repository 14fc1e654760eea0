package io.riffle.kinesis.protocol;

/**
 * The catalogue of Kinesis' error texts that name a stream, shard or consumer "under account":
 * one method per message, word for word as Kinesis sends it (clients log these and some match on
 * them; the ITs pin them). The error type and status come from the error table ({@link KinesisError});
 * the messages alone live here, so no operation builds one by hand.
 *
 * <p>Most return the {@link KinesisException} to throw; the throughput messages are plain text
 * because PutRecords puts them in a result entry's {@code ErrorMessage}.
 */
public final class KinesisErrors {

    private KinesisErrors() {
    }

    // --- streams

    /** ResourceNotFoundException: no stream of that name (DescribeStream, PutRecord, ...). */
    public static KinesisException streamNotFound(String stream, String accountId) {
        return KinesisError.RESOURCE_NOT_FOUND.exception("Stream " + stream + " under account " + accountId + " not found.");
    }

    /** ResourceInUseException: CreateStream of a name in use. */
    public static KinesisException streamExists(String stream, String accountId) {
        return KinesisError.RESOURCE_IN_USE.exception("Stream " + stream + " under account " + accountId + " already exists.");
    }

    /** ResourceInUseException: the stream is not in a state the call needs; {@code allowed} is "ACTIVE" or "ACTIVE or UPDATING". */
    public static KinesisException streamNotInState(String stream, String accountId, String allowed, String status) {
        return KinesisError.RESOURCE_IN_USE.exception("Stream " + stream + " under account " + accountId + " not " + allowed
                + ", instead in state " + status);
    }

    /** InvalidArgumentException: a StreamARN not of this server's region and account. */
    public static KinesisException invalidStreamArn(String arn, String region, String accountId) {
        return KinesisError.INVALID_ARGUMENT.exception("Invalid StreamARN " + arn + ": this server is region " + region
                + ", account " + accountId + ".");
    }

    /** InvalidArgumentException: a ResourceARN (tagging) that is not a stream ARN of this server's account and region. */
    public static KinesisException invalidResourceArn(String arn, String region, String accountId) {
        return KinesisError.INVALID_ARGUMENT.exception("Invalid ResourceARN " + arn + ": only stream ARNs of account "
                + accountId + " in " + region + " can be tagged here.");
    }

    /** InvalidArgumentException: tagging would give the stream more than {@code maxTags} tags. */
    public static KinesisException tooManyTags(String stream, String accountId, int maxTags) {
        return KinesisError.INVALID_ARGUMENT.exception("Failed to add tags to stream " + stream + " under account "
                + accountId + " because a given stream cannot have more than " + maxTags + " tags associated with it.");
    }

    /** LimitExceededException: an on-demand stream more than the account may have. */
    public static KinesisException onDemandStreamLimit(int limit, String accountId) {
        return KinesisError.LIMIT_EXCEEDED.exception("This request would exceed the on-demand stream limit of " + limit
                + " for the account " + accountId + ".");
    }

    /** LimitExceededException: {@code added} open shards more than the account's shard limit allows. */
    public static KinesisException shardLimit(String accountId, String region, long open, int limit, int added) {
        return KinesisError.LIMIT_EXCEEDED.exception("This request would exceed the shard limit for the account "
                + accountId + " in " + region + ". Current shard count for the account: " + open + ". Limit: " + limit
                + ". Number of additional shards that would have resulted from this request: " + added
                + ". Refer to the AWS Service Limits page "
                + "(https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits "
                + "and how to request higher limits.");
    }

    /** LimitExceededException: UpdateStreamMode called more often in 24 hours than allowed. */
    public static KinesisException modeSwitchQuota(String stream, String accountId, int switches, int limit) {
        return KinesisError.LIMIT_EXCEEDED.exception("Stream " + stream + " under account " + accountId
                + " has switched capacity mode " + switches + " times in the last 24 hours; the limit is " + limit + ".");
    }

    // --- shards and resharding

    /** ResourceNotFoundException: a shard id the stream does not have (GetShardIterator, SubscribeToShard). */
    public static KinesisException shardDoesNotExist(String shardId, String stream, String accountId) {
        return KinesisError.RESOURCE_NOT_FOUND.exception("Shard " + shardId + " in stream " + stream + " under account "
                + accountId + " does not exist");
    }

    /** ResourceNotFoundException: SplitShard or MergeShards naming a shard the stream does not have. */
    public static KinesisException shardNotFound(String shardId, String stream, String accountId) {
        return KinesisError.RESOURCE_NOT_FOUND.exception("Could not find shard " + shardId + " in stream " + stream
                + " under account " + accountId + ".");
    }

    /** ResourceInUseException: SplitShard or MergeShards naming a closed shard. */
    public static KinesisException shardAlreadyResharded(String shardId, String stream, String accountId) {
        return KinesisError.RESOURCE_IN_USE.exception("Shard " + shardId + " in stream " + stream + " under account "
                + accountId + " has already been merged or split, and thus is not eligible for merging or splitting.");
    }

    /** InvalidArgumentException: SplitShard's NewStartingHashKey outside the shard's range (exclusive of its start). */
    public static KinesisException splitKeyOutOfRange(String key, String shardId, String stream, String accountId,
                                                      String rangeStart, String rangeEnd) {
        return KinesisError.INVALID_ARGUMENT.exception("NewStartingHashKey " + key + " used in SplitShard() on shard "
                + shardId + " in stream " + stream + " under account " + accountId + " is not both greater than one "
                + "plus the shard's StartingHashKey " + rangeStart + " and less than the shard's EndingHashKey "
                + rangeEnd + ".");
    }

    /** InvalidArgumentException: MergeShards of two shards that are not adjacent. */
    public static KinesisException notAdjacent(String shardA, String shardB, String stream, String accountId) {
        return KinesisError.INVALID_ARGUMENT.exception("Shards " + shardA + " and " + shardB + " in stream " + stream
                + " under account " + accountId + " are not an adjacent pair of shards eligible for merging");
    }

    /** InvalidArgumentException: UpdateShardCount to more than double the open shards. */
    public static KinesisException scaleUpTooFar(String stream, String accountId, int target, int open) {
        return KinesisError.INVALID_ARGUMENT.exception("UpdateShardCount of stream " + stream + " under account "
                + accountId + ": the target shard count " + target + " is more than double the current open shard count "
                + open + ". Scale up in steps of at most 2x.");
    }

    /** InvalidArgumentException: UpdateShardCount to less than half the open shards. */
    public static KinesisException scaleDownTooFar(String stream, String accountId, int target, int open) {
        return KinesisError.INVALID_ARGUMENT.exception("UpdateShardCount of stream " + stream + " under account "
                + accountId + ": the target shard count " + target + " is below half the current open shard count "
                + open + ". Scale down in steps of at most half.");
    }

    /** LimitExceededException: UpdateShardCount called more often in 24 hours than allowed. */
    public static KinesisException updateShardCountQuota(String stream, String accountId, int calls, int limit) {
        return KinesisError.LIMIT_EXCEEDED.exception("UpdateShardCount of stream " + stream + " under account "
                + accountId + " was called " + calls + " times in the last 24 hours; the limit is " + limit + ".");
    }

    // --- records

    /** InvalidArgumentException: PutRecord's SequenceNumberForOrdering is not a sequence number. */
    public static KinesisException invalidSequenceNumberForOrdering(String text, String stream, String accountId) {
        return KinesisError.INVALID_ARGUMENT.exception("ExclusiveMinimumSequenceNumber " + text
                + " used in PutRecord on stream " + stream + " under account " + accountId + " is invalid.");
    }

    /** ExpiredIteratorException: a shard iterator older than the tolerated delay, times as Kinesis prints them. */
    public static KinesisException expiredIterator(long createdAtMs, long nowMs, long toleratedDelayMs) {
        return KinesisError.EXPIRED_ITERATOR.exception("Iterator expired. The iterator was created at time "
                + DateText.format(createdAtMs) + " while right now it is " + DateText.format(nowMs)
                + " which is further in the future than the tolerated delay of " + toleratedDelayMs + " milliseconds.");
    }

    /** InvalidArgumentException: a StartingSequenceNumber that is not one of this stream's. */
    public static KinesisException invalidStartingSequenceNumber(String text, String operation, String shardId,
                                                                 String stream, String accountId) {
        return KinesisError.INVALID_ARGUMENT.exception("StartingSequenceNumber " + text + " used in " + operation
                + " on shard " + shardId + " in stream " + stream + " under account " + accountId + " is invalid.");
    }

    /**
     * PutRecord's ProvisionedThroughputExceededException and a throttled PutRecords entry's
     * ErrorMessage, e.g. {@code Rate exceeded for shard shardId-000000000000 in stream orders under account 000000000000.}
     */
    public static String writeRateExceeded(String shardId, String stream, String accountId) {
        return "Rate exceeded for shard " + shardId + " in stream " + stream + " under account " + accountId + ".";
    }

    /**
     * GetRecords' ProvisionedThroughputExceededException, e.g.
     * {@code Rate exceeded for Shard - 000000000000/orders/shardId-000000000000} (capital S, no final
     * period, as Kinesis sends it).
     */
    public static String readRateExceeded(String accountId, String stream, String shardId) {
        return "Rate exceeded for Shard - " + accountId + "/" + stream + "/" + shardId;
    }

    // --- consumers

    /** ResourceInUseException: RegisterStreamConsumer of a name the stream already has. */
    public static KinesisException consumerExists(String consumer, String stream, String accountId) {
        return KinesisError.RESOURCE_IN_USE.exception("Consumer " + consumer + " under stream " + stream
                + " and account " + accountId + " already exists.");
    }

    /** ResourceNotFoundException: no consumer of that name on the stream. */
    public static KinesisException consumerNotFound(String consumer, String stream, String accountId) {
        return KinesisError.RESOURCE_NOT_FOUND.exception("Consumer " + consumer + " under stream " + stream
                + " and account " + accountId + " not found.");
    }

    /** ResourceNotFoundException: SubscribeToShard with a ConsumerARN no consumer has. */
    public static KinesisException consumerArnNotFound(String consumerArn, String accountId) {
        return KinesisError.RESOURCE_NOT_FOUND.exception("Consumer " + consumerArn + " under account " + accountId
                + " not found.");
    }

    /** ResourceInUseException: SubscribeToShard with a consumer still CREATING or DELETING (AWS's blank before the comma included). */
    public static KinesisException consumerNotActive(String consumer, String creationTimestamp, String stream,
                                                     String accountId) {
        return KinesisError.RESOURCE_IN_USE.exception("Consumer " + consumer + " with creation timestamp "
                + creationTimestamp + " under stream: " + stream + " , account " + accountId + " is not in ACTIVE status.");
    }

    /** InvalidArgumentException: a ConsumerARN not of this server's region and account. */
    public static KinesisException invalidConsumerArn(String arn, String region, String accountId) {
        return KinesisError.INVALID_ARGUMENT.exception("Invalid ConsumerARN " + arn + ": this server is region " + region
                + ", account " + accountId + ".");
    }

    /**
     * LimitExceededException: RegisterStreamConsumer while the account already has {@code limit} consumers
     * CREATING (the API reference's rule; no text of Kinesis' was recorded, so these words are Riffle's).
     */
    public static KinesisException creatingConsumerLimit(String accountId, int limit) {
        return KinesisError.LIMIT_EXCEEDED.exception("Account " + accountId + " already has " + limit
                + " consumers in CREATING status; only " + limit + " consumers can be created at the same time.");
    }

    /** LimitExceededException: RegisterStreamConsumer beyond the per-stream consumer limit. */
    public static KinesisException consumerLimit(String stream, String accountId, int registered, int limit) {
        return KinesisError.LIMIT_EXCEEDED.exception("Stream " + stream + " under account " + accountId + " already has "
                + registered + " registered consumers; the limit is " + limit + " consumers per stream.");
    }
}
