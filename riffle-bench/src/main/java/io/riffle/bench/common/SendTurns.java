package io.riffle.bench.common;

import java.util.concurrent.locks.LockSupport;

/** A capped send rate: a producer's turns, one every {@code intervalNanos}. */
public final class SendTurns {
    private SendTurns() {
    }

    /** When producer {@code index} of the phase's producers takes its first turn: i/n of an interval late. */
    public static long firstTurn(long intervalNanos, int index, LoadPhase phase) {
        return System.nanoTime() + intervalNanos * index / Math.max(1, phase.producers());
    }

    /**
     * Sleeps until {@code nextSendNanos} (or the phase stops producing); returns the time of the turn after it. A
     * producer that fell more than one interval behind (the server is slower than the rate) starts over from now
     * rather than sending a burst to catch up.
     */
    public static long waitForTurn(long nextSendNanos, long intervalNanos, LoadPhase phase) {
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
}
