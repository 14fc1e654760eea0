package io.riffle.bench.fanout;

import io.riffle.bench.common.SequenceOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Did one consumer get every pre-loaded record exactly once, in order? The pre-load writes each
 * producer's records one call at a time, so in the shard each producer's serials run 0, 1, 2, ...
 * (interleaved with other producers'); a consumer must see, per producer, exactly the next serial
 * every time, and the sequence numbers must rise. Anything else is counted: a serial below the next
 * expected one is a repeat (or a reorder), one above it skips the ones between (missing).
 *
 * <p>Not thread-safe: one consumer's records arrive one event at a time.
 */
public final class DrainCheck {
    private static final int EXAMPLES = 3;

    private final long[] expected;
    private final long[] next;
    private long received;
    private long repeated;
    private long skipped;
    private long unknown;
    private long outOfOrder;
    private String lastSequenceNumber;
    private final List<String> examples = new ArrayList<>();

    /** @param expected records pre-loaded by each producer */
    DrainCheck(long[] expected) {
        this.expected = expected.clone();
        this.next = new long[expected.length];
    }

    void accept(String sequenceNumber, int producer, long serial) {
        received++;
        if (lastSequenceNumber != null && !SequenceOrder.isAfter(sequenceNumber, lastSequenceNumber)) {
            outOfOrder++;
            example("sequence number " + sequenceNumber + " after " + lastSequenceNumber);
        }
        lastSequenceNumber = sequenceNumber;
        if (producer < 0 || producer >= next.length || serial < 0 || serial >= expected[producer]) {
            unknown++;
            example("a record not pre-loaded (producer " + producer + ", serial " + serial + ")");
            return;
        }
        long want = next[producer];
        if (serial == want) {
            next[producer] = want + 1;
        } else if (serial < want) {
            repeated++;
            example("producer " + producer + " serial " + serial + " again (or late), after " + (want - 1));
        } else {
            skipped += serial - want;
            example("producer " + producer + " serial " + serial + " while " + want + " was due");
            next[producer] = serial + 1;
        }
    }

    long received() {
        return received;
    }

    /** Every record seen, each once, in order, and nothing else. */
    boolean isComplete() {
        for (int p = 0; p < expected.length; p++) {
            if (next[p] != expected[p]) {
                return false;
            }
        }
        return isClean();
    }

    /** Nothing wrong seen so far (records may still be missing at the end). */
    boolean isClean() {
        return repeated == 0 && skipped == 0 && unknown == 0 && outOfOrder == 0;
    }

    /** What went wrong, in one line; "ok" when complete. */
    String verdict() {
        if (isComplete()) {
            return "ok";
        }
        long missingAtEnd = 0;
        for (int p = 0; p < expected.length; p++) {
            missingAtEnd += Math.max(0, expected[p] - next[p]);
        }
        return String.format(Locale.ROOT, "received %,d: %,d repeated, %,d skipped, %,d not ours, %,d out of "
                        + "sequence order, %,d not reached%s", received, repeated, skipped, unknown, outOfOrder,
                missingAtEnd, examples.isEmpty() ? "" : "; e.g. " + String.join("; ", examples));
    }

    private void example(String what) {
        if (examples.size() < EXAMPLES) {
            examples.add(what);
        }
    }
}
