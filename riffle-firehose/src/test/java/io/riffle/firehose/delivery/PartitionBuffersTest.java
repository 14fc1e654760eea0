package io.riffle.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.firehose.data.RecordIds;
import io.riffle.firehose.processing.RecordProcessor;
import io.riffle.firehose.s3.Compression;
import io.riffle.firehose.s3.Processing;
import io.riffle.firehose.s3.S3Destination;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/** A stream's partition buffers: placement, the checkpoint they allow, what is due, the active partitions limit. */
class PartitionBuffersTest {
    private static final long ARRIVAL = Instant.parse("2026-12-04T07:08:09Z").toEpochMilli();
    private static final S3Destination DESTINATION = new S3Destination("b", "c=!{partitionKeyFromQuery:c}/",
            "err/!{firehose:error-output-type}/", 1 << 20, 60_000, Compression.UNCOMPRESSED, "", ZoneId.of("UTC"),
            Processing.NONE, true, 300);
    private static final String X = "d:c=x/2026/12/04/07/";
    private static final String Y = "d:c=y/2026/12/04/07/";

    @Test
    void theCheckpointIsTheFirstRecordStillBufferedAndEachPartitionIsDueOnItsOwn() {
        PartitionBuffers b = new PartitionBuffers(1, 10, 500);
        place(b, 10, id -> 0, "x", "y", "x");

        assertThat(b.checkpoint()).isEqualTo(10);
        assertThat(b.nextDue(ARRIVAL + 59_999, 1 << 20, 60_000, false, Long.MAX_VALUE)).isNull();
        assertThat(b.nextDue(ARRIVAL + 60_000, 1 << 20, 60_000, false, Long.MAX_VALUE).id).isEqualTo(X);
        assertThat(b.nextDue(ARRIVAL, 2, 60_000, false, Long.MAX_VALUE).id).as("x holds 2 bytes").isEqualTo(X);
        assertThat(b.nextDue(ARRIVAL, 1 << 20, 60_000, true, Long.MAX_VALUE)).as("a flush").isNotNull();
        b.remove(b.get(X));
        assertThat(b.checkpoint()).as("y's record at 11 holds it").isEqualTo(11);
        b.remove(b.get(Y));
        assertThat(b.checkpoint()).as("nothing buffered: everything placed is delivered").isEqualTo(13);
        assertThat(b.bufferedBytes()).isZero();
    }

    @Test
    void recordsOfAPartitionDeliveredFurtherAreLeftOut() {
        PartitionBuffers b = new PartitionBuffers(1, 10, 500);
        place(b, 10, id -> id.equals(X) ? 12 : 0, "x", "y", "x");

        assertThat(b.get(X).records).hasSize(1);
        assertThat(b.get(X).firstPosition).isEqualTo(12);
        assertThat(b.checkpoint()).isEqualTo(11);
    }

    @Test
    void aNewPartitionPastTheActiveLimitFailsUntilOneIsDelivered() {
        PartitionBuffers b = new PartitionBuffers(1, 0, 2);
        place(b, 0, id -> 0, "x", "y", "z", "x");

        assertThat(b.activePartitions(false)).isEqualTo(2);
        assertThat(b.get(X).records).hasSize(2);
        PartitionBuffers.Buffer errors = b.get("e:err/partitioning-failed/2026/12/04/07/");
        assertThat(new String(errors.records.get(0), StandardCharsets.UTF_8))
                .contains("DynamicPartitioning.ActivePartitionsLimitExceeded");
        assertThat(b.activePartitions(true)).as("the object being delivered counts").isEqualTo(3);
        b.remove(b.get(Y));
        place(b, 4, id -> 0, "z");
        assertThat(b.get("d:c=z/2026/12/04/07/")).isNotNull();
    }

    /** Places records with key c = each value, at positions from {@code from}, as the processors gave them. */
    private static void place(PartitionBuffers b, long from, ToLongFunction<String> delivered, String... values) {
        List<RecordProcessor.Input> sources = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        List<Map<String, String>> keys = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            byte[] bytes = values[i].getBytes(StandardCharsets.UTF_8);
            sources.add(new RecordProcessor.Input(RecordIds.of(1, from + i), ARRIVAL, bytes));
            data.add(bytes);
            keys.add(Map.of("partitionKeyFromQuery:c", values[i]));
        }
        b.place(sources, new RecordProcessor.Output(data, List.of(), keys, List.of(), sources), from + values.length,
                DESTINATION, null, null, delivered, false, ARRIVAL);
    }
}
