package io.riffle.firehose.delivery;

import io.riffle.firehose.control.DeliveryStream;
import io.riffle.firehose.control.DeliveryStreamEvent;
import io.riffle.firehose.control.DeliveryStreamEvent.ObjectDelivered;
import io.riffle.firehose.control.DeliveryStreamRegistry;
import io.riffle.metadata.EventLog;
import io.riffle.storage.AppendResult;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up records that passed the retention of the delivery stream's log undelivered, as Firehose gives up DirectPut
 * records after 24 h (the destination was down all that time): the checkpoint moves to the log's start, the records
 * are counted ({@link DeliveryMetrics#expired}) and logged once, and delivery resumes with the rest. Without this the
 * delivery would retry a range the log no longer holds for ever.
 */
final class ExpiredRecords {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiredRecords.class);

    private ExpiredRecords() {
    }

    /** The positions [from, to) the log no longer holds of the next records to deliver, [from, to) of a plan. */
    record Range(long from, long to) {
        long count() {
            return to - from;
        }
    }

    /**
     * The expired part of the next records to deliver: those from {@code from} (the plan's or the checkpoint's) up to
     * {@code planTo} (the plan's end; {@code Long.MAX_VALUE} without a plan) that lie before {@code logStart}; null
     * when the log still holds them all.
     */
    static Range expired(long from, long planTo, long logStart) {
        return from < logStart ? new Range(from, Math.min(planTo, logStart)) : null;
    }

    /**
     * Moves the checkpoint of a (non-partitioned) stream past its expired records, counting and logging them; true
     * when it did (the caller plans again from the new checkpoint at its next pass).
     */
    static boolean giveUp(EventLog<DeliveryStreamRegistry.Snapshot, DeliveryStreamEvent> events,
                          DeliveryMetrics metrics, DeliveryStream s, ShardLog log) {
        long logStart = log.startPosition();
        Range range = s.planned() != null
                ? expired(s.planned().fromPosition(), s.planned().toPosition(), logStart)
                : expired(s.deliveredTo(), Long.MAX_VALUE, logStart);
        if (range == null) {
            return false;
        }
        AppendResult r = events.append(List.of(new ObjectDelivered(s.name(), s.incarnation(), range.to()))).join();
        if (!r.isOk()) {
            return false; // the next pass tries again; nothing was counted
        }
        metrics.expired(s.name(), range.count());
        ReadResult first = log.read(logStart, 1, 8L << 20);
        String before = first.status() == ReadResult.Status.OK && !first.records().isEmpty()
                ? Instant.ofEpochMilli(first.records().get(0).arrivalTimestampMs()).toString() : "now";
        LOG.atWarn().addKeyValue("deliveryStream", s.name()).log(
                "Firehose {}: {} records (positions {}..{}, arrived before {}) passed the log's retention"
                + " undelivered and are given up; delivery resumes with the rest", s.name(), range.count(),
                range.from(), range.to() - 1, before);
        return true;
    }
}
