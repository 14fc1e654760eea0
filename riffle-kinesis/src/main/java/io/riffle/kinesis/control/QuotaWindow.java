package io.riffle.kinesis.control;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Event times in a rolling window, oldest first (a daily quota's calls, by event time); entries
 * older than the window are dropped as new ones come. Written by the metadata log's thread,
 * read there too; synchronized so a snapshot or a diagnostic read elsewhere is consistent.
 */
final class QuotaWindow {
    private final long windowMs;
    private final ArrayDeque<Long> timesMs = new ArrayDeque<>();

    QuotaWindow(long windowMs) {
        this.windowMs = windowMs;
    }

    synchronized void add(long atMs) {
        timesMs.addLast(atMs);
        while (!timesMs.isEmpty() && timesMs.peekFirst() < atMs - windowMs) {
            timesMs.pollFirst();
        }
    }

    synchronized int countSince(long sinceMs) {
        int n = 0;
        for (long t : timesMs) {
            if (t >= sinceMs) {
                n++;
            }
        }
        return n;
    }

    synchronized List<Long> times() {
        return List.copyOf(timesMs);
    }
}
