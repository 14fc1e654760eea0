package io.riffle.triggers;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves. */
public final class ManualClock implements InstantSource {
    private final AtomicLong nowMs;

    public ManualClock(long startMs) {
        this.nowMs = new AtomicLong(startMs);
    }

    public void advanceMs(long ms) {
        nowMs.addAndGet(ms);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nowMs.get());
    }

    @Override
    public long millis() {
        return nowMs.get();
    }
}
