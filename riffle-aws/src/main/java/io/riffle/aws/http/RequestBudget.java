package io.riffle.aws.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory all requests together may hold: bytes are reserved as a request's body arrives
 * (by {@link RequestCollector}) and released when the request's body is released (after it is
 * parsed) or its connection is gone. A request that would take the total over the limit is refused
 * (answered 503 by {@link ApiHandler}) and what it held is released, so a crowd of clients that
 * send large bodies and stall costs the server at most the limit, while the requests that fit go on.
 *
 * <p>Thread-safe, lock-free: every event loop reserves and releases, the parsing threads release.
 */
final class RequestBudget {

    private final long limitBytes;
    private final AtomicLong inUseBytes = new AtomicLong();

    RequestBudget(long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("limitBytes must be positive: " + limitBytes);
        }
        this.limitBytes = limitBytes;
    }

    /** Reserves {@code bytes} unless that would take the total over the limit; then reserves nothing and says false. */
    boolean tryReserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        while (true) {
            long current = inUseBytes.get();
            long next = current + bytes;
            if (next > limitBytes) {
                return false;
            }
            if (inUseBytes.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    /** Gives back bytes reserved before. */
    void release(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        long left = inUseBytes.addAndGet(-bytes);
        if (left < 0) {
            throw new IllegalStateException("released more than reserved: " + left);
        }
    }

    long inUseBytes() {
        return inUseBytes.get();
    }

    long limitBytes() {
        return limitBytes;
    }
}
