package io.riffle.bench.kafka;

import io.riffle.bench.common.Arrivals;
import io.riffle.bench.common.Latencies;
import io.riffle.bench.common.LoadPhase;
import io.riffle.bench.common.LoadRecord;
import io.riffle.bench.common.ReaderTask;
import io.riffle.bench.common.RecordLedger;
import io.riffle.bench.kinesis.KinesisLoad;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One Kafka reader: its own {@link KafkaConsumer}, assigned its partitions (as a GetRecords reader
 * owns its shards) from the beginning, polling until the phase says stop. Per record it takes the
 * end-to-end latency from the {@link LoadRecord} header, marks it read in the ledger, and checks
 * that offsets rise within each partition.
 *
 * <p>Owned by its own thread; the main thread reads the figures after {@link Thread#join}.
 */
public final class KafkaLoadConsumer implements ReaderTask {
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final Map<String, Object> config;
    private final List<TopicPartition> partitions;
    private final LoadPhase phase;
    private final RecordLedger ledger;

    private final Histogram endToEndMicros = Latencies.newHistogram();
    private long totalRecords;
    private long totalBytes;
    private long outOfOrder;
    private final Map<String, Long> errors = new TreeMap<>();

    KafkaLoadConsumer(Map<String, Object> config, List<TopicPartition> partitions, LoadPhase phase, RecordLedger ledger) {
        this.config = Map.copyOf(config);
        this.partitions = List.copyOf(partitions);
        this.phase = phase;
        this.ledger = ledger;
    }

    @Override
    public void run() {
        Map<TopicPartition, Long> lastOffsets = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (phase.isConsuming()) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL_TIMEOUT);
                } catch (RuntimeException e) {
                    errors.merge("poll: " + KinesisLoad.describe(e), 1L, Long::sum);
                    pause();
                    continue;
                }
                long receivedNanos = System.nanoTime();
                phase.getCalls.increment();
                phase.recordsRead.add(records.count());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    Long last = lastOffsets.put(tp, record.offset());
                    if (last != null && record.offset() <= last) {
                        outOfOrder++;
                    }
                    totalRecords++;
                    byte[] value = record.value();
                    totalBytes += value == null ? 0 : value.length;
                    ByteBuffer data = value == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(value);
                    Arrivals.arrived(data, receivedNanos, phase, ledger, endToEndMicros);
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long totalRecords() {
        return totalRecords;
    }

    @Override
    public long totalBytes() {
        return totalBytes;
    }

    @Override
    public Histogram endToEndMicros() {
        return endToEndMicros;
    }

    @Override
    public long outOfOrder() {
        return outOfOrder;
    }

    @Override
    public Map<String, Long> errors() {
        return errors;
    }
}
