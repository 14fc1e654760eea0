package io.riffle.bench;

/**
 * How Riffle's readers get records in {@link KafkaComparison}'s end-to-end latency workload.
 * Kafka's consumer always fetches (its broker holds a fetch until data arrives).
 */
enum LatencyReader {
    /** GetRecords on every shard, again as soon as a call returns (with a pause after an empty round). */
    GET_RECORDS("getrecords"),
    /**
     * SubscribeToShard (enhanced fan-out, records pushed over HTTP/2). Not available yet: the server
     * does not serve it in this build. When it does, a reader task that subscribes to its shards goes
     * into {@link RiffleDriver#readers} for this mode.
     */
    SUBSCRIBE_TO_SHARD("subscribe");

    private final String optionName;

    LatencyReader(String optionName) {
        this.optionName = optionName;
    }

    String optionName() {
        return optionName;
    }

    boolean isAvailable() {
        return this == GET_RECORDS;
    }

    static LatencyReader byOptionName(String name) {
        for (LatencyReader r : values()) {
            if (r.optionName.equals(name)) {
                return r;
            }
        }
        return null;
    }
}
