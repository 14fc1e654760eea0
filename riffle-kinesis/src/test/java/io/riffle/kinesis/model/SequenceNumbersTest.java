package io.riffle.kinesis.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequenceNumbersTest {
    private static final long CREATED = 1_790_000_000_123L;

    private static StreamInfo stream(long incarnation) {
        List<ShardInfo> shards = List.of(
                ShardInfo.open(0, HashKeys.split(2).get(0), null, null, CREATED),
                ShardInfo.open(1, HashKeys.split(2).get(1), null, null, CREATED),
                ShardInfo.open(2, HashKeys.split(2).get(1), "shardId-000000000001", null, CREATED + 60_000));
        return new StreamInfo("s", incarnation, StreamInfo.StreamStatus.ACTIVE, CREATED, "PROVISIONED", CREATED, 24,
                shards, Map.of(), Set.of(), 1024);
    }

    @Test
    void anOldNumberAndTheNewNumberOfTheSameRecordLocateTheSameRecord() {
        StreamInfo s = stream(42);
        String old = new SequenceNumber(42, 1, 3, 77).format();
        String now = KinesisSequenceNumber.ofRecord(42, CREATED, 1, 3, 77, CREATED + 5_000).format();
        assertThat(SequenceNumbers.locate(old, s)).isEqualTo(new SequenceNumbers.Located(1, 77, true));
        assertThat(SequenceNumbers.locate(now, s)).isEqualTo(new SequenceNumbers.Located(1, 77, true));
        // boundaries of both layouts name no record
        assertThat(SequenceNumbers.locate(new SequenceNumber(42, 1, 0, 0).format(), s))
                .isEqualTo(new SequenceNumbers.Located(1, 0, false));
        assertThat(SequenceNumbers.locate(KinesisSequenceNumber.boundary(42, CREATED, 1, 0, CREATED).format(), s))
                .isEqualTo(new SequenceNumbers.Located(1, 0, false));
        // a child shard's numbers carry its own creation second
        assertThat(SequenceNumbers.locate(KinesisSequenceNumber.ofRecord(42, CREATED + 60_000, 2, 3, 0,
                CREATED + 61_000).format(), s)).isEqualTo(new SequenceNumbers.Located(2, 0, true));
        assertThat(SequenceNumbers.locate(KinesisSequenceNumber.shardEnd(42, CREATED, 0, CREATED + 60_000).format(), s))
                .isEqualTo(new SequenceNumbers.Located(0, Long.MAX_VALUE, false));
    }

    @Test
    void numbersOfAnotherIncarnationOrOfKinesisAreNotLocated() {
        StreamInfo s = stream(42);
        assertThat(SequenceNumbers.locate(new SequenceNumber(41, 1, 3, 77).format(), s)).isNull();
        assertThat(SequenceNumbers.locate(KinesisSequenceNumber.ofRecord(41, CREATED, 1, 3, 77, CREATED).format(), s))
                .isNull();
        // same incarnation tag, other creation second: the stream of that name before it was created again
        assertThat(SequenceNumbers.locate(KinesisSequenceNumber.ofRecord(42 - 256, CREATED - 5_000, 1, 3, 77, CREATED)
                .format(), s)).isNull();
        String kinesis = "49549167410945534708633744510750617797212193316405248018";
        assertThat(SequenceNumbers.locate(kinesis, s)).isNull();
        assertThat(SequenceNumbers.isWellFormed(kinesis)).isTrue();
        assertThat(SequenceNumbers.isWellFormed(new SequenceNumber(41, 1, 3, 77).format())).isTrue();
        assertThat(SequenceNumbers.isWellFormed("12345")).isFalse();
        assertThat(SequenceNumbers.locate("12345", s)).isNull();
    }

    /**
     * A seeded history of one shard: writer epochs rising at each restart, some restarts rewinding the
     * position (a crash under a weak durability setting cut the tail), arrival times that stall and jump.
     * The numbers issued sort in record order, locate back to their record, name the same record as the
     * 39-digit number of that record, and sit between the shard's starting and ending numbers; the numbers
     * of the stream created again under the same name are never the same and are not located in the other.
     */
    @Test
    void issuedNumbersSortInRecordOrderAndNameTheirRecordInBothLayouts() {
        long seed = Long.getLong("riffle.test.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        StreamInfo s = stream(42);
        ShardInfo shard = s.shard(1);
        StreamInfo again = new StreamInfo("s", 43, StreamInfo.StreamStatus.ACTIVE, CREATED + 90_000, "PROVISIONED",
                CREATED + 90_000, 24, List.of(ShardInfo.open(1, HashKeys.split(2).get(1), null, null, CREATED + 90_000)),
                Map.of(), Set.of(), 1024);
        List<String> issued = new ArrayList<>();
        Set<String> ofTheNewStream = new HashSet<>();
        long position = 0;
        long arrivalMs = CREATED;
        for (int epoch = 1; epoch <= 40; epoch++) {
            if (random.nextInt(4) == 0) {
                position = Math.max(0, position - random.nextInt(20)); // a cut tail is written again
            }
            for (int i = random.nextInt(30); i > 0; i--, position++) {
                arrivalMs += random.nextInt(3) == 0 ? 0 : random.nextLong(5_000);
                String number = SequenceNumbers.ofRecord(s, shard, epoch, position, arrivalMs);
                assertThat(number).hasSize(56);
                assertThat(SequenceNumbers.locate(number, s)).as("seed %d: %s", seed, number)
                        .isEqualTo(new SequenceNumbers.Located(1, position, true));
                assertThat(SequenceNumbers.locate(new SequenceNumber(42, 1, epoch, position).format(), s))
                        .as("seed %d: the old number of the same record", seed)
                        .isEqualTo(SequenceNumbers.locate(number, s));
                KinesisSequenceNumber decoded = KinesisSequenceNumber.parse(number);
                assertThat(decoded.arrivalSeconds()).isEqualTo(arrivalMs / 1000);
                assertThat(decoded.shardIndex()).isEqualTo(1);
                assertThat(SequenceNumbers.locate(number, again)).as("seed %d", seed).isNull();
                ofTheNewStream.add(SequenceNumbers.ofRecord(again, again.shard(1), epoch, position, arrivalMs));
                issued.add(number);
            }
        }
        ShardInfo closed = shard.closed(arrivalMs + 1, null, position);
        List<String> all = new ArrayList<>();
        all.add(SequenceNumbers.starting(s, shard));
        all.addAll(issued);
        all.add(SequenceNumbers.ending(s, closed));
        for (int i = 1; i < all.size(); i++) {
            assertThat(new BigInteger(all.get(i))).as("seed %d: number %d", seed, i)
                    .isGreaterThan(new BigInteger(all.get(i - 1)));
        }
        assertThat(ofTheNewStream).as("seed %d", seed).doesNotContainAnyElementsOf(issued);
        assertThat(SequenceNumbers.ending(s, shard)).as("an open shard has no end").isNull();
        assertThat(SequenceNumbers.locate(SequenceNumbers.starting(s, shard), s))
                .isEqualTo(new SequenceNumbers.Located(1, 0, false));
        assertThat(SequenceNumbers.locate(SequenceNumbers.boundary(s, shard, 17), s))
                .isEqualTo(new SequenceNumbers.Located(1, 17, false));
        assertThat(SequenceNumbers.locate(all.get(all.size() - 1), s))
                .isEqualTo(new SequenceNumbers.Located(1, Long.MAX_VALUE, false));
    }
}
