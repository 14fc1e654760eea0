package io.riffle.firehose;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves. */
public final class ManualClock implements InstantSource {
    private final AtomicLong nowMs;

    public ManualClock(Instant start) {
        this.nowMs = new AtomicLong(start.toEpochMilli());
    }

    public void advanceMs(long ms) {
        nowMs.addAndGet(ms);
    }

    @Override
    public long millis() {
        return nowMs.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
