package io.riffle.firehose.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Firehose's DirectPut throughput quota, per delivery stream and shared by PutRecord and PutRecordBatch:
 * records, requests and bytes per second, as three token buckets that refill continuously and hold at most
 * one second's worth. A call takes one request and then its records in order while both records and bytes
 * last; the records that do not fit are refused with ServiceUnavailableException "Slow down." (the whole
 * call for PutRecord, per entry for PutRecordBatch). Pure: the caller passes the time.
 *
 * <p>Thread-safe: each stream's buckets are taken under that stream's lock (calls arrive on any event loop).
 */
public final class PutLimits {
    /** Firehose's text for a call or entry over the delivery stream's quota. */
    public static final String SLOW_DOWN = "Slow down.";

    /**
     * The quota per delivery stream; 0 in a field means no limit on it.
     *
     * @param recordsPerSecond  records per second
     * @param requestsPerSecond PutRecord and PutRecordBatch calls per second
     * @param bytesPerSecond    record data bytes per second
     */
    public record Rates(long recordsPerSecond, long requestsPerSecond, long bytesPerSecond) {
        public static final Rates UNLIMITED = new Rates(0, 0, 0);

        /**
         * Firehose's default quota in a region: 500,000 records, 2,000 requests and 5 MiB per second in
         * us-east-1, us-west-2 and eu-west-1; 100,000 records, 1,000 requests and 1 MiB per second elsewhere.
         */
        public static Rates firehoseDefaults(String region) {
            return switch (region) {
                case "us-east-1", "us-west-2", "eu-west-1" -> new Rates(500_000, 2_000, 5L << 20);
                default -> new Rates(100_000, 1_000, 1L << 20);
            };
        }
    }

    private final Rates rates;
    private final Map<String, Buckets> byStream = new ConcurrentHashMap<>();

    public PutLimits(Rates rates) {
        this.rates = rates;
    }

    /**
     * Takes what a call may have now: how many of its records (the first ones, in order) are admitted.
     *
     * @param stream    the delivery stream (its incarnation-qualified name, so a new stream starts full; a deleted
     *                  stream's three numbers stay, as small as its name)
     * @param nowMs     the caller's clock
     * @param sizes     each record's data size in bytes
     * @return 0 to {@code sizes.length}
     */
    public int admit(String stream, long nowMs, int[] sizes) {
        Buckets b = byStream.computeIfAbsent(stream, k -> new Buckets(nowMs));
        synchronized (b) {
            b.refill(nowMs);
            if (!b.take(0, 1, 0)) {
                return 0;
            }
            int admitted = 0;
            while (admitted < sizes.length && b.take(1, 0, sizes[admitted])) {
                admitted++;
            }
            return admitted;
        }
    }

    /** Tokens left in each bucket; a limit of 0 is never checked. Guarded by the instance's lock. */
    private final class Buckets {
        private double records = rates.recordsPerSecond();
        private double requests = rates.requestsPerSecond();
        private double bytes = rates.bytesPerSecond();
        private long lastMs;

        Buckets(long nowMs) {
            this.lastMs = nowMs;
        }

        void refill(long nowMs) {
            if (nowMs <= lastMs) {
                return;
            }
            double seconds = (nowMs - lastMs) / 1000.0;
            lastMs = nowMs;
            records = Math.min(rates.recordsPerSecond(), records + seconds * rates.recordsPerSecond());
            requests = Math.min(rates.requestsPerSecond(), requests + seconds * rates.requestsPerSecond());
            bytes = Math.min(rates.bytesPerSecond(), bytes + seconds * rates.bytesPerSecond());
        }

        /** Takes the amounts when every limited bucket has them; else takes nothing. */
        boolean take(int recordCount, int requestCount, long byteCount) {
            boolean fits = (rates.recordsPerSecond() == 0 || records >= recordCount)
                    && (rates.requestsPerSecond() == 0 || requests >= requestCount)
                    && (rates.bytesPerSecond() == 0 || bytes >= byteCount);
            if (fits) {
                records -= recordCount;
                requests -= requestCount;
                bytes -= byteCount;
            }
            return fits;
        }
    }
}
