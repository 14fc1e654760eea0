package io.riffle.kinesis.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
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
}
