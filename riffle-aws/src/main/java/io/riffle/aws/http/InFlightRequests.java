package io.riffle.aws.http;

/**
 * Counts the requests the server has accepted and not yet answered, so that {@code close()} can
 * wait for them. Once closing, no new request is accepted (the handler answers 503 instead).
 * Shared by every event loop; the critical sections are a few instructions long.
 */
final class InFlightRequests {

    private final Object lock = new Object();
    private int count;
    private boolean isClosing;

    /** Counts one more request, unless the server is closing: then returns false. */
    boolean tryBegin() {
        synchronized (lock) {
            if (isClosing) {
                return false;
            }
            count++;
            return true;
        }
    }

    /** One counted request has been answered (or its connection is gone). */
    void end() {
        synchronized (lock) {
            count--;
            if (count == 0 && isClosing) {
                lock.notifyAll();
            }
        }
    }

    boolean isClosing() {
        synchronized (lock) {
            return isClosing;
        }
    }

    /**
     * Refuses new requests from now on and waits until the accepted ones are answered.
     *
     * @return the number of requests still in flight when {@code timeoutMs} ran out (0 if all were answered)
     */
    int closeAndAwait(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        synchronized (lock) {
            isClosing = true;
            while (count > 0) {
                long leftNanos = deadline - System.nanoTime();
                if (leftNanos <= 0) {
                    return count;
                }
                lock.wait(Math.max(1, leftNanos / 1_000_000L));
            }
            return 0;
        }
    }
}
