package io.riffle.kinesis.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.metadata.EventCodec;
import io.riffle.storage.LogStore;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.StoredRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.TreeMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every event of the fixture main's jar wrote ({@code fixtures/main-jar-f2656e1})'s {@code _meta} log reads as a typed event, losing nothing. */
class KinesisEventTest {
    @TempDir
    Path temp;

    @Test
    void everyLegacyEventOfTheFixtureDecodesWithEveryField() throws Exception {
        Path fixture = Paths.get(KinesisEventTest.class.getResource("/fixtures/main-jar-f2656e1").toURI());
        Path dir = temp.resolve("data");
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = dir.resolve(fixture.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Map<String, Integer> seen = new TreeMap<>();
        try (LogStore store = LogStore.open(StoreConfig.at(dir))) {
            ShardLog meta = store.get(ControlPlane.METADATA_LOG).orElseThrow();
            ReadResult r = meta.read(0, 10_000, 8 << 20);
            assertThat(r.status()).isEqualTo(ReadResult.Status.OK);
            for (StoredRecord record : r.records()) {
                ObjectNode legacy = (ObjectNode) EventCodec.json().readTree(record.dataBytes());
                KinesisEvent event = KinesisEvent.CODEC.decode(record.dataBytes());
                seen.merge(event.getClass().getSimpleName(), 1, Integer::sum);
                // nothing lost: the typed event writes back exactly the legacy fields
                JsonNode fields = legacy.deepCopy().without("type");
                assertThat(EventCodec.json().valueToTree(event).toString()).isEqualTo(
                        EventCodec.json().valueToTree(KinesisEvent.fromLegacy(legacy)).toString());
                assertThat(sorted(EventCodec.json().valueToTree(event))).isEqualTo(sorted(fields));
                // and the envelope round-trips
                assertThat(KinesisEvent.CODEC.decode(KinesisEvent.CODEC.encode(event))).isEqualTo(event);
            }
        }
        assertThat(seen).containsKeys("StreamCreated", "StreamStatusChanged", "RetentionChanged",
                "TagsSet", "ShardMetricsSet", "ModeChanged", "Resharded", "ConsumerRegistered", "ConsumerStatusChanged");
    }

    @Test
    void theEventsTheFixtureLacksDecodeWithEveryFieldToo() throws Exception {
        // as main's registry wrote them (the last, UpdateShardCount's UPDATING, as main has written it since)
        for (String stored : new String[] {
                "{\"type\":\"deleted\",\"name\":\"s\",\"incarnation\":7}",
                "{\"type\":\"maxRecordSize\",\"name\":\"s\",\"incarnation\":7,\"kib\":2048}",
                "{\"type\":\"account\",\"settings\":{\"Status\":\"ENABLED\",\"StartedAt\":5}}",
                "{\"type\":\"consumerDeleted\",\"name\":\"s\",\"incarnation\":7,\"arn\":\"arn:c\"}",
                "{\"type\":\"status\",\"name\":\"s\",\"incarnation\":7,\"status\":\"UPDATING\",\"atMs\":9,"
                        + "\"updateShardCount\":4}"}) {
            ObjectNode legacy = (ObjectNode) EventCodec.json().readTree(stored);
            KinesisEvent event = KinesisEvent.CODEC.fromTree(legacy);
            assertThat(sorted(EventCodec.json().valueToTree(event))).as(stored)
                    .isEqualTo(sorted(legacy.deepCopy().without("type")));
            assertThat(KinesisEvent.CODEC.decode(KinesisEvent.CODEC.encode(event))).isEqualTo(event);
        }
    }

    /** A tree with object fields in name order, as text, for comparison regardless of field order. */
    private static String sorted(JsonNode node) throws Exception {
        Object value = EventCodec.json().treeToValue(node, Object.class);
        return EventCodec.json().copy().configure(
                com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .writeValueAsString(value);
    }
}
