package io.riffle.kinesis.data.subscribe;

import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Events lately framed for subscriptions, by the shard position they start at, so that subscriptions standing at the
 * same place in a shard (consumers reading it together) send the frame one of them made instead of each reading
 * storage and encoding the same records again: with 20 consumers on a shard, every one read and framed every event
 * itself, and the storage reads and encoding were most of the server's CPU after the socket writes.
 *
 * <p>An event is kept only while its log has more than one subscription, at most {@code maxAgeMs} (its
 * MillisBehindLatest was true when it was read) and while the frames kept stay under {@code maxBytes}, oldest out
 * first. A frame taken from here is a duplicate sharing the kept bytes, which nobody writes to. Thread-safe: one
 * lock, held for map operations only.
 */
final class SharedEvents implements AutoCloseable {
    /** Where an event starts and how it is framed: frames of equal keys are the same bytes. */
    record Key(String logId, long position, Object framing) {
    }

    /**
     * A framed event and where it leaves its subscription.
     *
     * @param frame          the whole event-stream message
     * @param nextPosition   the position after its last record
     * @param continuation   its ContinuationSequenceNumber
     * @param records        how many records it carries
     * @param recordBytes    their data and partition keys, as throughput limits count them
     * @param millisBehind   its MillisBehindLatest
     */
    record Event(ByteBuf frame, long nextPosition, String continuation, int records, long recordBytes,
                 long millisBehind) {
        /** The same event over a duplicate of its frame, which holds a reference of its own. */
        Event retainedDuplicate() {
            return new Event(frame.retainedDuplicate(), nextPosition, continuation, records, recordBytes, millisBehind);
        }
    }

    private record Kept(Event event, long keptAtMs) {
    }

    private final long maxBytes;
    private final long maxAgeMs;
    private final LongSupplier clockMs;
    private final LinkedHashMap<Key, Kept> kept = new LinkedHashMap<>();
    private final Map<String, Integer> subscriptionsByLog = new HashMap<>();
    private long keptBytes;

    SharedEvents(long maxBytes, long maxAgeMs, LongSupplier clockMs) {
        this.maxBytes = maxBytes;
        this.maxAgeMs = maxAgeMs;
        this.clockMs = clockMs;
    }

    /** A subscription to {@code logId} opened. */
    synchronized void opened(String logId) {
        subscriptionsByLog.merge(logId, 1, Integer::sum);
    }

    /** A subscription to {@code logId} ended; when at most one is left, nobody would take the log's events. */
    synchronized void ended(String logId) {
        int left = subscriptionsByLog.merge(logId, -1, Integer::sum);
        if (left <= 0) {
            subscriptionsByLog.remove(logId);
        }
        if (left <= 1) {
            for (Iterator<Map.Entry<Key, Kept>> it = kept.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Key, Kept> e = it.next();
                if (e.getKey().logId().equals(logId)) {
                    drop(e.getValue());
                    it.remove();
                }
            }
        }
    }

    /** Whether an event made for {@code logId} now may be taken by another subscription. */
    synchronized boolean isShared(String logId) {
        return subscriptionsByLog.getOrDefault(logId, 0) > 1;
    }

    /**
     * The event kept at {@code key}, its frame a duplicate the caller owns (to send or release), or null when none is
     * kept or it is older than {@code maxAgeMs}.
     */
    synchronized Event find(Key key) {
        evictExpired();
        Kept k = kept.get(key);
        return k == null ? null : k.event().retainedDuplicate();
    }

    /**
     * Keeps {@code event} (taking a reference to its frame; the caller keeps its own) when its log is shared and
     * nothing is kept at {@code key} yet, then drops the oldest events beyond the byte budget.
     */
    synchronized void keep(Key key, Event event) {
        long size = event.frame().readableBytes();
        if (size > maxBytes || !isShared(key.logId()) || kept.containsKey(key)) {
            return;
        }
        kept.put(key, new Kept(event.retainedDuplicate(), clockMs.getAsLong()));
        keptBytes += size;
        for (Iterator<Kept> it = kept.values().iterator(); keptBytes > maxBytes && it.hasNext(); ) {
            drop(it.next());
            it.remove();
        }
        evictExpired();
    }

    /** Bytes of frames kept now. */
    synchronized long keptBytes() {
        return keptBytes;
    }

    @Override
    public synchronized void close() {
        kept.values().forEach(this::drop);
        kept.clear();
    }

    private void evictExpired() {
        long oldest = clockMs.getAsLong() - maxAgeMs;
        for (Iterator<Kept> it = kept.values().iterator(); it.hasNext(); ) {
            Kept k = it.next();
            if (k.keptAtMs() > oldest) {
                return; // in insertion order: the rest are younger
            }
            drop(k);
            it.remove();
        }
    }

    private void drop(Kept k) {
        keptBytes -= k.event().frame().readableBytes();
        k.event().frame().release();
    }
}
