package io.riffle.kinesis.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.metadata.EventCodec;
import io.riffle.kinesis.control.ConsumerInfo.ConsumerStatus;
import io.riffle.kinesis.model.StreamInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Consumers in the registry's state machine: what each event does, and that a replay rebuilds it. */
class StreamRegistryConsumersTest {
    private final StreamRegistry registry = new StreamRegistry();
    private final List<KinesisEvent> log = new ArrayList<>();

    private void apply(KinesisEvent event) {
        log.add(event);
        registry.apply(event);
    }

    private StreamInfo create(String name, long atMs) {
        apply(StreamRegistry.createEvent(name, registry.nextIncarnation(), "PROVISIONED", 1, atMs, 24, 1024));
        StreamInfo s = registry.byName(name);
        apply(StreamRegistry.statusEvent(s, StreamInfo.StreamStatus.ACTIVE, atMs));
        return registry.byName(name);
    }

    private ConsumerInfo register(StreamInfo s, String consumer, long nowMs) {
        long at = registry.consumerCreationMs(s.name(), consumer, nowMs);
        String arn = new ConsumerArn(s.name(), consumer, at / 1000).format("us-east-1", "000000000000");
        apply(StreamRegistry.consumerEvent(s, consumer, arn, at));
        return registry.consumerByArn(arn).orElseThrow();
    }

    @Test
    void aConsumerIsCreatingThenActiveThenDeletingThenGone() {
        StreamInfo s = create("s", 1_000);
        ConsumerInfo c = register(s, "c1", 5_250);

        assertThat(c).isEqualTo(new ConsumerInfo("c1", "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c1:5",
                s.incarnation(), "s", ConsumerStatus.CREATING, 5_250));
        assertThat(registry.consumers(s.incarnation())).containsExactly(c);
        assertThat(registry.consumer(s.incarnation(), "c1")).contains(c);

        apply(StreamRegistry.consumerStatusEvent(c, ConsumerStatus.ACTIVE, 6_000));
        assertThat(registry.consumerByArn(c.arn()).orElseThrow().status()).isEqualTo(ConsumerStatus.ACTIVE);
        assertThat(registry.consumerByArn(c.arn()).orElseThrow().isActive()).isTrue();

        apply(StreamRegistry.consumerStatusEvent(c, ConsumerStatus.DELETING, 7_000));
        ConsumerInfo deleting = registry.consumerByArn(c.arn()).orElseThrow();
        assertThat(deleting.status()).isEqualTo(ConsumerStatus.DELETING);
        assertThat(deleting.statusSinceMs()).isEqualTo(7_000);
        assertThat(deleting.createdAtMs()).isEqualTo(5_250);

        apply(StreamRegistry.consumerDeletedEvent(deleting));
        assertThat(registry.consumerByArn(c.arn())).isEmpty();
        assertThat(registry.consumers(s.incarnation())).isEmpty();
    }

    @Test
    void consumersBelongToOneStreamIncarnation() {
        StreamInfo first = create("s", 1_000);
        ConsumerInfo c = register(first, "c1", 2_000);
        StreamInfo other = create("other", 1_000);
        ConsumerInfo kept = register(other, "c1", 2_000);

        apply(StreamRegistry.statusEvent(first, StreamInfo.StreamStatus.DELETING, 3_000));
        apply(StreamRegistry.deletedEvent(registry.byName("s")));
        assertThat(registry.consumerByArn(c.arn())).as("a deleted stream's consumer").isEmpty();
        assertThat(registry.consumerByArn(kept.arn())).as("another stream's consumer").isPresent();

        StreamInfo again = create("s", 4_000);
        assertThat(again.incarnation()).isNotEqualTo(first.incarnation());
        assertThat(registry.consumers(again.incarnation())).as("consumers of the new incarnation").isEmpty();
        // late events about the old incarnation's consumer change nothing
        apply(StreamRegistry.consumerStatusEvent(c, ConsumerStatus.ACTIVE, 5_000));
        apply(StreamRegistry.consumerEvent(first, "late", "arn:late", 5_000));
        assertThat(registry.consumers(again.incarnation())).isEmpty();
        assertThat(registry.consumerByArn(c.arn())).isEmpty();
        assertThat(registry.consumerByArn("arn:late")).isEmpty();
    }

    @Test
    void noArnIsGivenTwiceEvenWithinOneSecond() {
        StreamInfo s = create("s", 1_000);
        ConsumerInfo c = register(s, "c1", 10_100);
        apply(StreamRegistry.consumerStatusEvent(c, ConsumerStatus.DELETING, 10_200));
        apply(StreamRegistry.consumerDeletedEvent(registry.consumerByArn(c.arn()).orElseThrow()));

        ConsumerInfo again = register(s, "c1", 10_300);
        assertThat(again.arn()).isNotEqualTo(c.arn()).endsWith(":11");
        assertThat(again.createdAtMs()).isEqualTo(11_000);
        assertThat(registry.consumerCreationMs("s", "c2", 10_300)).as("another name").isEqualTo(10_300);
        assertThat(registry.consumerCreationMs("s", "c1", 20_000)).as("later on").isEqualTo(20_000);

        // the same holds for a stream of the same name created again
        apply(StreamRegistry.statusEvent(registry.byName("s"), StreamInfo.StreamStatus.DELETING, 10_400));
        apply(StreamRegistry.deletedEvent(registry.byName("s")));
        StreamInfo recreated = create("s", 10_500);
        assertThat(register(recreated, "c1", 10_600).arn()).isNotIn(c.arn(), again.arn()).endsWith(":12");
    }

    @Test
    void aSeededHistoryReplaysToTheSameConsumers() throws Exception {
        long seed = Long.getLong("riffle.test.seed", System.nanoTime());
        Random random = new Random(seed);
        long now = 1_000;
        List<String> names = List.of("a", "b", "c");
        java.util.Set<String> arnsGiven = new java.util.HashSet<>();
        for (int step = 0; step < 400; step++) {
            now += random.nextInt(700);
            String stream = names.get(random.nextInt(names.size()));
            StreamInfo s = registry.byName(stream);
            int action = random.nextInt(6);
            if (s == null) {
                create(stream, now);
            } else if (action == 0) {
                apply(StreamRegistry.statusEvent(s, StreamInfo.StreamStatus.DELETING, now));
                apply(StreamRegistry.deletedEvent(registry.byName(stream)));
            } else {
                String consumer = "c" + random.nextInt(4);
                ConsumerInfo existing = registry.consumer(s.incarnation(), consumer).orElse(null);
                if (existing == null) {
                    String arn = register(s, consumer, now).arn();
                    assertThat(arnsGiven.add(arn)).as("seed %d: %s given twice", seed, arn).isTrue();
                } else if (existing.status() == ConsumerStatus.CREATING) {
                    apply(StreamRegistry.consumerStatusEvent(existing, ConsumerStatus.ACTIVE, now));
                } else if (existing.status() == ConsumerStatus.ACTIVE) {
                    apply(StreamRegistry.consumerStatusEvent(existing, ConsumerStatus.DELETING, now));
                } else {
                    apply(StreamRegistry.consumerDeletedEvent(existing));
                }
            }
        }
        StreamRegistry replayed = new StreamRegistry();
        log.forEach(replayed::apply);
        assertThat(replayed.allConsumers()).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(registry.allConsumers());
        for (String name : names) {
            assertThat(replayed.consumerCreationMs(name, "c0", now)).as("seed %d", seed)
                    .isEqualTo(registry.consumerCreationMs(name, "c0", now));
        }
        for (ConsumerInfo c : registry.allConsumers()) {
            StreamInfo s = registry.byIncarnation(c.streamIncarnation());
            assertThat(s).as("seed %d: %s belongs to a live stream", seed, c).isNotNull();
            assertThat(s.name()).isEqualTo(c.streamName());
        }
        // a snapshot (as the kit stores it: JSON) restores the same state
        StreamRegistry restored = new StreamRegistry();
        restored.restore(EventCodec.json().readValue(EventCodec.json().writeValueAsBytes(registry.snapshot()),
                RegistrySnapshot.class));
        assertThat(restored.allConsumers()).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(registry.allConsumers());
        assertThat(restored.streams()).as("seed %d", seed).isEqualTo(registry.streams());
        assertThat(restored.nextIncarnation()).isEqualTo(registry.nextIncarnation());
        for (String name : names) {
            assertThat(restored.consumerCreationMs(name, "c0", now)).as("seed %d", seed)
                    .isEqualTo(registry.consumerCreationMs(name, "c0", now));
        }
        restored.restore(new StreamRegistry().snapshot());
        assertThat(restored.allConsumers()).isEmpty();
        assertThat(restored.streams()).isEmpty();
    }
}
