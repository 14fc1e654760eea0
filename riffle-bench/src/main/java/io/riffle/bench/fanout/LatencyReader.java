package io.riffle.bench.fanout;

/**
 * How Riffle's readers get records in {@link KafkaComparison}'s end-to-end latency workload.
 * Kafka's consumer always fetches (its broker holds a fetch until data arrives).
 */
public enum LatencyReader {
    /** GetRecords on every shard, again as soon as a call returns (with a pause after an empty round). */
    GET_RECORDS("getrecords"),
    /** SubscribeToShard (enhanced fan-out, records pushed over h2c): one consumer per reader ({@link SubscribeReader}). */
    SUBSCRIBE_TO_SHARD("subscribe");

    private final String optionName;

    LatencyReader(String optionName) {
        this.optionName = optionName;
    }

    public String optionName() {
        return optionName;
    }

    public static LatencyReader byOptionName(String name) {
        for (LatencyReader r : values()) {
            if (r.optionName.equals(name)) {
                return r;
            }
        }
        return null;
    }
}
