package io.riffle.cli.tail;

import io.riffle.kinesis.source.KplAggregate;
import java.util.List;
import software.amazon.awssdk.services.kinesis.model.Record;

/** A Kinesis record as the user records it holds (de-aggregated when asked and when it is a KPL aggregate). */
final class RecordConverter {

    private RecordConverter() {}

    static List<TailRecord> convert(String shardId, Record record, boolean isDeaggregating) {
        byte[] data = record.data().asByteArrayUnsafe();
        if (!isDeaggregating) {
            return List.of(new TailRecord(shardId, record.sequenceNumber(), null, record.partitionKey(), null,
                    record.approximateArrivalTimestamp(), data));
        }
        return KplAggregate.deaggregate(record.partitionKey(), data).stream()
                .map(u -> new TailRecord(shardId, record.sequenceNumber(), u.isAggregated() ? u.subSequenceNumber() : null,
                        u.partitionKey(), u.explicitHashKey(), record.approximateArrivalTimestamp(), u.data()))
                .toList();
    }
}
