package io.riffle.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;

class PartitionedObjectsTest {
    private static final Instant OLDEST = Instant.parse("2026-12-04T07:08:09Z");
    private static final S3Destination DESTINATION = new S3Destination("b", "c=!{partitionKeyFromQuery:c}/",
            "err/", 1 << 20, 1000, Compression.UNCOMPRESSED, "", ZoneId.of("UTC"), Processing.NONE, true, 300);

    @Test
    void recordsAreGroupedByTheirEvaluatedPrefixInOrderOfFirstAppearance() {
        PartitionedObjects.Split split = PartitionedObjects.split(DESTINATION, "s-1-file", OLDEST, 7,
                output(List.of("a", "b", "a", "?"), List.of(key("x"), key("y"), key("x"), Map.of())), 42);

        assertThat(split.objects()).extracting(PartitionedObjects.Part::key)
                .containsExactly("c=x/2026/12/04/07/s-1-file", "c=y/2026/12/04/07/s-1-file");
        assertThat(split.objects().get(0).records()).extracting(r -> new String(r, StandardCharsets.UTF_8))
                .containsExactly("a", "a");
        assertThat(split.failed()).singleElement().satisfies(f -> {
            assertThat(f.errorCode()).isEqualTo("DynamicPartitioning.MetadataExtractionFailed");
            assertThat(new String(f.record().data(), StandardCharsets.UTF_8)).isEqualTo("?");
        });
    }

    @Test
    void partitionsPastTheLimitFail() {
        List<String> data = new ArrayList<>();
        List<Map<String, String>> keys = new ArrayList<>();
        for (int i = 0; i <= PartitionedObjects.MAX_ACTIVE_PARTITIONS; i++) {
            data.add("r" + i);
            keys.add(key("p" + i));
        }
        data.add("again");
        keys.add(key("p0")); // an existing partition still takes records

        PartitionedObjects.Split split = PartitionedObjects.split(DESTINATION, "f", OLDEST, 7, output(data, keys), 42);

        assertThat(split.objects()).hasSize(PartitionedObjects.MAX_ACTIVE_PARTITIONS);
        assertThat(split.objects().get(0).records()).hasSize(2);
        assertThat(split.failed()).singleElement().satisfies(f -> assertThat(f.errorCode())
                .isEqualTo("DynamicPartitioning.ActivePartitionsLimitExceeded"));
    }

    private static Map<String, String> key(String value) {
        return Map.of("partitionKeyFromQuery:c", value);
    }

    private static RecordProcessor.Output output(List<String> data, List<Map<String, String>> keys) {
        return new RecordProcessor.Output(data.stream().map(d -> d.getBytes(StandardCharsets.UTF_8)).toList(),
                List.of(), keys, List.of());
    }
}
