package io.riffle.server.data.throttle;

/**
 * The messages Kinesis sends with ProvisionedThroughputExceededException, word for word: clients
 * log them and some match on them. The error type and status come from the error table
 * ({@code KinesisError.PROVISIONED_THROUGHPUT_EXCEEDED}); only the text lives here.
 */
public final class ThrottleMessages {

    private ThrottleMessages() {
    }

    /**
     * PutRecord's exception and a throttled PutRecords entry's ErrorMessage, e.g. {@code Rate
     * exceeded for shard shardId-000000000000 in stream orders under account 000000000000.}
     */
    public static String writeExceeded(String shardId, String streamName, String accountId) {
        return "Rate exceeded for shard " + shardId + " in stream " + streamName + " under account " + accountId + ".";
    }

    /**
     * GetRecords' exception, e.g. {@code Rate exceeded for Shard - 000000000000/orders/shardId-000000000000}
     * (capital S, no final period, as Kinesis sends it).
     */
    public static String readExceeded(String accountId, String streamName, String shardId) {
        return "Rate exceeded for Shard - " + accountId + "/" + streamName + "/" + shardId;
    }
}
