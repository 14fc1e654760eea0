package io.riffle.bench.kafka;

/**
 * The durability settings {@link KafkaComparison} puts side by side: each pair acknowledges a
 * write after the same thing has happened to it on one machine.
 */
public enum DurabilityPair {
    /** Acknowledged once on disk: Riffle's group-committed journal fsync; Kafka flushing the log after every append. */
    FSYNC("fsync", "fsync", "flush.messages=1", "Riffle durability=fsync vs Kafka flush.messages=1 (fsync after every append)"),
    /** Acknowledged once in the page cache: neither fsyncs before answering (Kafka's default, which leans on replication). */
    NONE("none", "none", "default", "Riffle durability=none vs Kafka's default (no fsync before the acknowledgement)");

    private final String optionName;
    private final String riffleDurability;
    private final String kafkaLabel;
    private final String description;

    DurabilityPair(String optionName, String riffleDurability, String kafkaLabel, String description) {
        this.optionName = optionName;
        this.riffleDurability = riffleDurability;
        this.kafkaLabel = kafkaLabel;
        this.description = description;
    }

    /** As given to {@code --durability}. */
    String optionName() {
        return optionName;
    }

    /** Riffle's {@code durability} setting. */
    String riffleDurability() {
        return riffleDurability;
    }

    /** Whether Kafka's topics get {@code flush.messages=1}. */
    boolean isKafkaFlushEveryMessage() {
        return this == FSYNC;
    }

    /** "fsync / flush.messages=1", for tables. */
    String label() {
        return riffleDurability + " / " + kafkaLabel;
    }

    String description() {
        return description;
    }

    static DurabilityPair byOptionName(String name) {
        for (DurabilityPair p : values()) {
            if (p.optionName.equals(name)) {
                return p;
            }
        }
        return null;
    }
}
