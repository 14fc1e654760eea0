package io.riffle.aws.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cap on connections served at once. {@link ConnectionSetup} asks {@link #tryOpen} for every
 * accepted connection and closes one that does not fit at once, before reading anything from it
 * (a few microseconds, no buffers), so a client that opens sockets without end finds the door shut
 * while the connections already open keep being served; {@link #closed} gives the place back when
 * a counted connection closes.
 *
 * <p>Thread-safe: the acceptor's event loops open, any event loop closes.
 */
final class ConnectionLimit {

    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder refused = new LongAdder();

    ConnectionLimit(int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
        this.maxConnections = maxConnections;
    }

    /** Counts one more open connection, or, at the cap, counts a refusal and says false. */
    boolean tryOpen() {
        while (true) {
            int current = open.get();
            if (current >= maxConnections) {
                refused.increment();
                return false;
            }
            if (open.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** A connection {@link #tryOpen} counted has closed. */
    void closed() {
        if (open.decrementAndGet() < 0) {
            throw new IllegalStateException("more connections closed than opened");
        }
    }

    int open() {
        return open.get();
    }

    long refused() {
        return refused.sum();
    }

    int maxConnections() {
        return maxConnections;
    }
}
