package io.riffle.firehose.limits;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Firehose's rate of control-plane calls: each of its ten control-plane operations can be called at most a few times
 * a second in an account and region (Firehose documents five, a hard limit); past it the call is
 * LimitExceededException. One token bucket per operation, holding at most one second's worth and refilled
 * continuously. Pure: the caller passes the time. Thread-safe: each operation's bucket is taken under its lock.
 */
public final class ControlPlaneLimits {
    /** Firehose's default, a hard limit: calls per second per operation. */
    public static final int FIREHOSE_CALLS_PER_SECOND = 5;

    /** The operations the limit applies to (PutRecord and PutRecordBatch have their own quota, {@link PutLimits}). */
    public static final Set<String> OPERATIONS = Set.of("CreateDeliveryStream", "DeleteDeliveryStream",
            "DescribeDeliveryStream", "ListDeliveryStreams", "UpdateDestination", "TagDeliveryStream",
            "UntagDeliveryStream", "ListTagsForDeliveryStream", "StartDeliveryStreamEncryption",
            "StopDeliveryStreamEncryption");

    private final int callsPerSecond;
    private final Map<String, Bucket> byOperation = new ConcurrentHashMap<>();

    /** @param callsPerSecond per operation; 0 for no limit */
    public ControlPlaneLimits(int callsPerSecond) {
        this.callsPerSecond = callsPerSecond;
    }

    /** Whether a call of {@code operation} may run now; takes its token when it may. */
    public boolean admit(String operation, long nowMs) {
        if (callsPerSecond == 0 || !OPERATIONS.contains(operation)) {
            return true;
        }
        Bucket b = byOperation.computeIfAbsent(operation, k -> new Bucket(nowMs));
        synchronized (b) {
            b.tokens = Math.min(callsPerSecond, b.tokens + (nowMs - b.lastMs) * callsPerSecond / 1000.0);
            b.lastMs = Math.max(b.lastMs, nowMs);
            if (b.tokens < 1) {
                return false;
            }
            b.tokens -= 1;
            return true;
        }
    }

    /** The message of a refusal (Riffle's words: Firehose's text for this case is not recorded). */
    public String refusal(String operation) {
        return "Rate exceeded for " + operation + ": at most " + callsPerSecond + " calls per second.";
    }

    private final class Bucket {
        private double tokens = callsPerSecond;
        private long lastMs;

        Bucket(long nowMs) {
            this.lastMs = nowMs;
        }
    }
}
