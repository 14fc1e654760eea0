package io.riffle.bench.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Which records were acknowledged and which were read, by (producer, serial): one bit per record
 * and side, in chunks allocated when first touched. Producers mark what PutRecords acknowledged,
 * consumers what GetRecords returned; at the end {@link #compare} says what was acknowledged but
 * never read, read but never acknowledged, and read twice.
 *
 * <p>Thread-safe: any producer and consumer thread marks concurrently (lock-free bit sets).
 */
public final class RecordLedger {
    /** 2^22 records per chunk (512 KiB of bits per side). */
    private static final int CHUNK_SHIFT = 22;
    private static final int WORDS_PER_CHUNK = 1 << (CHUNK_SHIFT - 6);
    /** 2^32 records per producer, far more than any run sends. */
    private static final int MAX_CHUNKS = 1 << 10;

    private final BitSets acked;
    private final BitSets read;
    private final AtomicLong readTwice = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();

    public RecordLedger(int producers) {
        this.acked = new BitSets(producers);
        this.read = new BitSets(producers);
    }

    public int producers() {
        return acked.producers();
    }

    public void markAcked(int producer, long serial) {
        acked.set(producer, serial);
    }

    /** A record a consumer got; one that is not ours (bad producer or serial) is counted apart. */
    public void markRead(int producer, long serial) {
        if (producer < 0 || producer >= read.producers() || serial < 0 || serial >= (long) MAX_CHUNKS << CHUNK_SHIFT) {
            unknown.incrementAndGet();
            return;
        }
        if (!read.set(producer, serial)) {
            readTwice.incrementAndGet();
        }
    }

    /**
     * What the two sides disagree on. Call once producers and consumers have stopped.
     *
     * @param examples at most this many lost records are named in the result
     */
    public Comparison compare(int examples) {
        long ackedCount = 0;
        long readCount = 0;
        long lost = 0;
        long unacked = 0;
        List<String> lostExamples = new ArrayList<>();
        for (int p = 0; p < acked.producers(); p++) {
            for (int c = 0; c < MAX_CHUNKS; c++) {
                AtomicLongArray a = acked.chunk(p, c);
                AtomicLongArray r = read.chunk(p, c);
                if (a == null && r == null) {
                    continue;
                }
                for (int w = 0; w < WORDS_PER_CHUNK; w++) {
                    long aw = a == null ? 0 : a.get(w);
                    long rw = r == null ? 0 : r.get(w);
                    ackedCount += Long.bitCount(aw);
                    readCount += Long.bitCount(rw);
                    long missing = aw & ~rw;
                    lost += Long.bitCount(missing);
                    unacked += Long.bitCount(rw & ~aw);
                    while (missing != 0 && lostExamples.size() < examples) {
                        int bit = Long.numberOfTrailingZeros(missing);
                        missing &= missing - 1;
                        lostExamples.add("producer " + p + " serial " + (((long) c << CHUNK_SHIFT) + ((long) w << 6) + bit));
                    }
                }
            }
        }
        return new Comparison(ackedCount, readCount, lost, unacked, readTwice.get(), unknown.get(), lostExamples);
    }

    /**
     * @param acked     distinct records acknowledged
     * @param read      distinct records read
     * @param lost      acknowledged and never read
     * @param unacked   read but never acknowledged (a failed entry that was stored after all)
     * @param readTwice reads of a record already read
     * @param unknown   records read that this run did not send
     */
    public record Comparison(long acked, long read, long lost, long unacked, long readTwice, long unknown,
                      List<String> lostExamples) {
        public boolean isClean() {
            return lost == 0 && unacked == 0 && readTwice == 0 && unknown == 0;
        }
    }

    /** One lazily chunked bit set per producer. */
    private static final class BitSets {
        private final List<AtomicReferenceArray<AtomicLongArray>> chunks = new ArrayList<>();

        BitSets(int producers) {
            for (int p = 0; p < producers; p++) {
                chunks.add(new AtomicReferenceArray<>(MAX_CHUNKS));
            }
        }

        int producers() {
            return chunks.size();
        }

        AtomicLongArray chunk(int producer, int index) {
            return chunks.get(producer).get(index);
        }

        /** Sets the bit; false when it was set already. */
        boolean set(int producer, long serial) {
            AtomicReferenceArray<AtomicLongArray> mine = chunks.get(producer);
            int index = (int) (serial >>> CHUNK_SHIFT);
            AtomicLongArray chunk = mine.get(index);
            if (chunk == null) {
                mine.compareAndSet(index, null, new AtomicLongArray(WORDS_PER_CHUNK));
                chunk = mine.get(index);
            }
            int bitInChunk = (int) (serial & ((1L << CHUNK_SHIFT) - 1));
            long mask = 1L << (bitInChunk & 63);
            long before = chunk.getAndAccumulate(bitInChunk >>> 6, mask, (old, m) -> old | m);
            return (before & mask) == 0;
        }
    }
}
