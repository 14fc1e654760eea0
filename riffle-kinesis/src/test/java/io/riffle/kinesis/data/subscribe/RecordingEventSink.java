package io.riffle.kinesis.data.subscribe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.riffle.kinesis.api.SubscribeToShardEvent;
import io.riffle.kinesis.data.RecordsAnswer;
import io.riffle.kinesis.protocol.TreeCalls;
import io.riffle.kinesis.protocol.EventSink;
import io.riffle.kinesis.protocol.KinesisException;
import io.riffle.kinesis.protocol.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An event sink for tests: keeps every event (as a tree: what it writes in CBOR, read back), the error and the end. Each event "buffers" its
 * records' bytes until {@link #take} hands it to the test, and the sink is writable only while
 * fewer than {@code limitBytes} are buffered, like a client that reads only when asked to.
 */
final class RecordingEventSink implements EventSink<RecordsAnswer<SubscribeToShardEvent>> {
    private volatile long limitBytes;
    private final LinkedBlockingQueue<ObjectNode> events = new LinkedBlockingQueue<>();
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final CountDownLatch heldBack = new CountDownLatch(1);
    volatile KinesisException error;
    volatile boolean isEnded;

    RecordingEventSink(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    @Override
    public boolean isWritable() {
        return buffered.get() < limitBytes;
    }

    @Override
    public void whenWritable(Runnable task) {
        waiting.add(task);
        if (isWritable()) {
            runWaiting();
        } else {
            heldBack.countDown();
        }
    }

    /** Lets the sink take {@code bytes} in all from now on, and wakes the cursor if it waits. */
    void allow(long bytes) {
        limitBytes = bytes;
        runWaiting();
    }

    /** Waits until the cursor has parked on this sink because it is full (it asked to be woken). */
    void awaitHeldBack() throws InterruptedException {
        if (!heldBack.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the cursor never waited for the sink (buffered: " + buffered.get() + ")");
        }
    }

    @Override
    public void event(RecordsAnswer<SubscribeToShardEvent> encoded) {
        send(frame(encoded));
    }

    /** The event's CBOR body (its storage buffers released): recording sinks share frames among themselves. */
    @Override
    public ByteBuf frame(RecordsAnswer<SubscribeToShardEvent> encoded) {
        return encoded.encode(WireFormat.CBOR, UnpooledByteBufAllocator.DEFAULT);
    }

    @Override
    public Object framing() {
        return WireFormat.CBOR;
    }

    @Override
    public void send(ByteBuf frame) {
        ObjectNode event = TreeCalls.tree(frame);
        peak.accumulateAndGet(buffered.addAndGet(sizeOf(event)), Math::max);
        events.add(event);
    }

    @Override
    public void fail(KinesisException e) {
        error = e;
        isEnded = true;
    }

    @Override
    public void end() {
        isEnded = true;
    }

    @Override
    public long bufferedBytes() {
        return buffered.get();
    }

    long peakBufferedBytes() {
        return peak.get();
    }

    /** The next event (waiting up to 10 s), which the "client" now has read. */
    ObjectNode take() throws InterruptedException {
        ObjectNode event = events.poll(10, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no event within 10 s (ended: " + isEnded + ", error: " + error + ")");
        }
        buffered.addAndGet(-sizeOf(event));
        runWaiting();
        return event;
    }

    /** Events with records, taken until {@code count} records arrived. */
    List<ObjectNode> takeRecords(int count) throws InterruptedException {
        List<ObjectNode> records = new ArrayList<>();
        while (records.size() < count) {
            take().path("Records").forEach(r -> records.add((ObjectNode) r));
        }
        return records;
    }

    boolean hasPending() {
        return !events.isEmpty();
    }

    private void runWaiting() {
        for (Runnable task = waiting.poll(); task != null; task = waiting.poll()) {
            task.run();
        }
    }

    private static long sizeOf(ObjectNode event) {
        long n = 0;
        try {
            for (var r : event.path("Records")) {
                n += r.path("Data").binaryValue().length;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return n;
    }
}
