package io.riffle.bench.kafka;

import io.riffle.bench.common.LoadPhase;
import io.riffle.bench.common.LoadRecord;
import io.riffle.bench.common.ProducerFigures;
import io.riffle.bench.common.RandomKeys;
import io.riffle.bench.common.RecordLedger;
import io.riffle.bench.common.SendTurns;
import io.riffle.bench.kinesis.KinesisLoad;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One Kafka producer: its own {@link KafkaProducer}, to which its thread hands records as fast as
 * acknowledgements allow, at most {@code maxOutstanding} unacknowledged at a time (as a Riffle
 * producer has one PutRecords of {@code batch} records outstanding; without a bound the producer
 * queues up to its 32 MB buffer and every record waits behind it), or one every
 * {@code intervalNanos}.
 * Records carry the {@link LoadRecord} header (stamped just before {@code send}) and a random
 * 16-hex-digit key, as {@code LoadProducer}'s do for Riffle; the producer batches them itself
 * (the settings are the caller's).
 *
 * <p>The producing thread stamps and sends; the acknowledgement callbacks run on the Kafka
 * producer's I/O thread, the only writer of the figures. The main thread reads them after
 * {@link Thread#join} (the producer's {@code close()} has joined its I/O thread by then).
 */
public final class KafkaLoadProducer extends ProducerFigures {
    /** Distinct record buffers; the producer copies each record into its batch inside send(). */
    private static final int SLOTS = 512;

    private final int index;
    private final Map<String, Object> config;
    private final String topic;
    private final int recordBytes;
    private final RecordLedger ledger;
    private final SplittableRandom random;
    private final long intervalNanos;
    /** Permits for unacknowledged records; null: no bound. */
    private final Semaphore outstanding;

    KafkaLoadProducer(int index, Map<String, Object> config, String topic, int recordBytes, LoadPhase phase,
                      RecordLedger ledger, long seed, long intervalNanos, int maxOutstanding) {
        super(phase);
        this.index = index;
        this.config = Map.copyOf(config);
        this.topic = topic;
        this.recordBytes = recordBytes;
        this.ledger = ledger;
        this.random = new SplittableRandom(seed);
        this.intervalNanos = intervalNanos;
        this.outstanding = maxOutstanding > 0 ? new Semaphore(maxOutstanding) : null;
    }

    @Override
    public void run() {
        byte[][] slots = new byte[SLOTS][recordBytes];
        for (byte[] slot : slots) {
            random.nextBytes(slot);
        }
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            produce(producer, slots);
        } catch (RuntimeException e) {
            // a producer that could not be made or closed: counted, so the run's checks fail
            failed(1, "producer: " + KinesisLoad.describe(e));
        }
    }

    private void produce(KafkaProducer<byte[], byte[]> producer, byte[][] slots) {
        long serial = 0;
        long nextSendNanos = SendTurns.firstTurn(intervalNanos, index, phase);
        while (phase.isProducing()) {
            if (intervalNanos > 0) {
                nextSendNanos = SendTurns.waitForTurn(nextSendNanos, intervalNanos, phase);
                if (!phase.isProducing()) {
                    break;
                }
            }
            if (!awaitPermit()) {
                break;
            }
            byte[] value = slots[(int) (serial % SLOTS)];
            long mySerial = serial++;
            long sentNanos = System.nanoTime();
            LoadRecord.writeHeader(value, sentNanos, index, mySerial);
            try {
                producer.send(new ProducerRecord<>(topic, RandomKeys.nextBytes(random), value), (metadata, e) -> {
                    release();
                    if (e == null) {
                        ledger.markAcked(index, mySerial);
                        acked(sentNanos, System.nanoTime());
                    } else {
                        failed(1, KinesisLoad.describe(e));
                    }
                });
            } catch (RuntimeException e) {
                release();
                failed(1, "send: " + KinesisLoad.describe(e));
            }
        }
        producer.flush();
    }

    /** Waits for room for one more unacknowledged record; false when the phase stopped producing meanwhile. */
    private boolean awaitPermit() {
        if (outstanding == null) {
            return true;
        }
        try {
            while (!outstanding.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                if (!phase.isProducing()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void release() {
        if (outstanding != null) {
            outstanding.release();
        }
    }
}
