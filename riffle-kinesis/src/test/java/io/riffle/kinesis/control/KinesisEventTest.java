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

/** Every event of the main-written fixture's {@code _meta} log reads as a typed event, losing nothing. */
class KinesisEventTest {
    @TempDir
    Path temp;

    @Test
    void everyLegacyEventOfTheFixtureDecodesWithEveryField() throws Exception {
        Path fixture = Paths.get(KinesisEventTest.class.getResource("/fixtures/main-data-v1").toURI());
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
            ShardLog meta = store.get(MetadataLog.LOG_ID).orElseThrow();
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
                "TagsSet", "ModeChanged", "Resharded", "ConsumerRegistered", "ConsumerStatusChanged");
    }

    @Test
    void theEventsTheFixtureLacksDecodeWithEveryFieldToo() throws Exception {
        io.riffle.kinesis.model.StreamInfo s = new io.riffle.kinesis.model.StreamInfo("s", 7,
                io.riffle.kinesis.model.StreamInfo.StreamStatus.ACTIVE, 1, "PROVISIONED", 1, 24, java.util.List.of(),
                Map.of(), java.util.Set.of(), 1024);
        ConsumerInfo c = new ConsumerInfo("r", "arn:c", 7, "s", ConsumerInfo.ConsumerStatus.ACTIVE, 1);
        ObjectNode settings = EventCodec.json().createObjectNode().put("Status", "ENABLED").put("StartedAt", 5);
        for (ObjectNode legacy : new ObjectNode[] {StreamRegistry.deletedEvent(s),
                StreamRegistry.metricsEvent(s, new java.util.TreeSet<>(java.util.Set.of("IncomingBytes", "ALL"))),
                StreamRegistry.maxRecordSizeEvent(s, 2048), StreamRegistry.accountEvent(settings),
                StreamRegistry.consumerDeletedEvent(c), StreamRegistry.updateShardCountEvent(s, 4, 9)}) {
            KinesisEvent event = KinesisEvent.CODEC.fromTree(legacy);
            assertThat(sorted(EventCodec.json().valueToTree(event))).as(legacy.toString())
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
