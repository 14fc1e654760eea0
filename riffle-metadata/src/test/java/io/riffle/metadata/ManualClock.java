package io.riffle.metadata;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand. */
final class ManualClock implements InstantSource {
    private final AtomicLong nowMs;

    ManualClock(long startMs) {
        this.nowMs = new AtomicLong(startMs);
    }

    void advanceMs(long ms) {
        nowMs.addAndGet(ms);
    }

    @Override
    public long millis() {
        return nowMs.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nowMs.get());
    }
}
