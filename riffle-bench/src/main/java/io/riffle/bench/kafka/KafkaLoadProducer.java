package io.riffle.bench.kafka;

import io.riffle.bench.common.LoadPhase;
import io.riffle.bench.common.LoadRecord;
import io.riffle.bench.common.ProducerTask;
import io.riffle.bench.common.RecordLedger;
import io.riffle.bench.kinesis.KinesisLoad;
import io.riffle.bench.kinesis.LoadProducer;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
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
 * 16-hex-digit key, as {@link LoadProducer}'s do for Riffle; the producer batches them itself
 * (the settings are the caller's).
 *
 * <p>The producing thread stamps and sends; the acknowledgement callbacks run on the Kafka
 * producer's I/O thread, the only writer of the figures. The main thread reads them after
 * {@link Thread#join} (the producer's {@code close()} has joined its I/O thread by then).
 */
public final class KafkaLoadProducer implements ProducerTask {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);
    /** Distinct record buffers; the producer copies each record into its batch inside send(). */
    private static final int SLOTS = 512;
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final int index;
    private final Map<String, Object> config;
    private final String topic;
    private final int recordBytes;
    private final LoadPhase phase;
    private final RecordLedger ledger;
    private final SplittableRandom random;
    private final long intervalNanos;
    /** Permits for unacknowledged records; null: no bound. */
    private final Semaphore outstanding;

    private final Histogram ackMicros = new Histogram(HIGHEST_MICROS, 3);
    private long windowAcked;
    private long totalAcked;
    private long totalFailed;
    private final Map<String, Long> errors = new TreeMap<>();

    KafkaLoadProducer(int index, Map<String, Object> config, String topic, int recordBytes, LoadPhase phase,
                      RecordLedger ledger, long seed, long intervalNanos, int maxOutstanding) {
        this.index = index;
        this.config = Map.copyOf(config);
        this.topic = topic;
        this.recordBytes = recordBytes;
        this.phase = phase;
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
            failed("producer: " + KinesisLoad.describe(e));
        }
    }

    private void produce(KafkaProducer<byte[], byte[]> producer, byte[][] slots) {
        long serial = 0;
        long nextSendNanos = System.nanoTime() + intervalNanos * index / Math.max(1, phase.producers());
        while (phase.isProducing()) {
            if (intervalNanos > 0) {
                nextSendNanos = waitForTurn(nextSendNanos);
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
                producer.send(new ProducerRecord<>(topic, randomKey(), value), (metadata, e) -> {
                    release();
                    if (e == null) {
                        acked(mySerial, sentNanos);
                    } else {
                        failed(KinesisLoad.describe(e));
                    }
                });
            } catch (RuntimeException e) {
                release();
                failed("send: " + KinesisLoad.describe(e));
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

    /** On the producer's I/O thread. */
    private void acked(long serial, long sentNanos) {
        long doneNanos = System.nanoTime();
        ledger.markAcked(index, serial);
        totalAcked++;
        phase.recordsAcked.increment();
        if (phase.isInWindow(doneNanos)) {
            windowAcked++;
            ackMicros.recordValue(Math.min(HIGHEST_MICROS, (doneNanos - sentNanos) / 1000));
        }
    }

    /** On the producer's I/O thread, or on this thread when send() itself threw. */
    private synchronized void failed(String why) {
        totalFailed++;
        errors.merge(why, 1L, Long::sum);
    }

    /** Sleeps until {@code nextSendNanos}; as {@link LoadProducer}, a producer that fell behind starts over from now. */
    private long waitForTurn(long nextSendNanos) {
        long now = System.nanoTime();
        if (now - nextSendNanos > intervalNanos) {
            return now + intervalNanos;
        }
        while (now < nextSendNanos && phase.isProducing()) {
            LockSupport.parkNanos(nextSendNanos - now);
            now = System.nanoTime();
        }
        return nextSendNanos + intervalNanos;
    }

    private byte[] randomKey() {
        long bits = random.nextLong();
        byte[] key = new byte[LoadProducer.PARTITION_KEY_CHARS];
        for (int i = 0; i < key.length; i++) {
            key[i] = HEX[(int) (bits >>> (60 - 4 * i)) & 0xF];
        }
        return key;
    }

    @Override
    public long windowAcked() {
        return windowAcked;
    }

    @Override
    public long totalAcked() {
        return totalAcked;
    }

    @Override
    public synchronized long totalFailed() {
        return totalFailed;
    }

    @Override
    public Histogram ackMicros() {
        return ackMicros;
    }

    @Override
    public synchronized Map<String, Long> errors() {
        return new TreeMap<>(errors);
    }
}
