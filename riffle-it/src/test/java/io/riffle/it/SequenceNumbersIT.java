package io.riffle.it;

import static io.riffle.it.Kit.bytes;
import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Sequence numbers in Kinesis' 56-digit shape (issue 12), through the SDK (CBOR or JSON, as every SDK IT
 * runs): what PutRecord and PutRecords answer is what GetRecords reports, every number decodes as tools
 * decode Kinesis' numbers (version 2, the shard index, the record's arrival second), and numeric order is
 * record order within a shard across restarts; a stream created again under the same name never reuses
 * a number. boto3's scenario checks the same decoding over JSON; {@link V1DataDirectoryIT} shows a
 * 39-digit number from before still names its record.
 */
class SequenceNumbersIT {

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    /** The fields of Kinesis' layout that tools read: low 4 bits version, 32 bits shard index, 36 bits seconds. */
    record Decoded(int version, long shardIndex, long arrivalSeconds, long shardCreatedSeconds) {
        static Decoded of(String text) {
            assertThat(text).as("a Kinesis sequence number").hasSize(56).matches("[1-9][0-9]*");
            BigInteger n = new BigInteger(text);
            assertThat(n.shiftRight(184).intValue()).as("lead bits of %s", text).isEqualTo(2);
            return new Decoded(n.intValue() & 0xF, n.shiftRight(4).longValue() & 0xFFFF_FFFFL,
                    n.shiftRight(36).longValue() & ((1L << 36) - 1), n.shiftRight(148).longValue() & ((1L << 36) - 1));
        }
    }

    private static void assertNumberOf(String number, String shardId, Record record) {
        Decoded d = Decoded.of(number);
        assertThat(d.version()).as("version of %s", number).isEqualTo(2);
        assertThat("shardId-%012d".formatted(d.shardIndex())).as("shard of %s", number).isEqualTo(shardId);
        assertThat(d.arrivalSeconds()).as("arrival second of %s", number)
                .isEqualTo(record.approximateArrivalTimestamp().getEpochSecond());
    }

    private static List<String> numbers(List<Record> records) {
        return records.stream().map(Record::sequenceNumber).toList();
    }

    private static void assertIncreasing(List<String> numbers) {
        for (int i = 1; i < numbers.size(); i++) {
            assertThat(new BigInteger(numbers.get(i))).as("number %d after %s", i, numbers.get(i - 1))
                    .isGreaterThan(new BigInteger(numbers.get(i - 1)));
        }
    }

    @Test
    void putAndGetAnswerTheSameKinesisShapedNumbersInRecordOrder() {
        KinesisClient kinesis = riffle.kinesis();
        String stream = createActive(kinesis, name("seq"), 2);
        List<String> put = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            put.add(kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").explicitHashKey("1")
                    .data(bytes("single " + n))).sequenceNumber());
        }
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey("k").explicitHashKey(i % 2 == 0 ? "1" : Kit.MAX_HASH_KEY.toString())
                    .data(bytes("batch " + i)).build());
        }
        List<PutRecordsResultEntry> results = kinesis.putRecords(b -> b.streamName(stream).records(entries)).records();
        results.stream().filter(r -> r.shardId().equals("shardId-000000000000")).forEach(r -> put.add(r.sequenceNumber()));

        List<Record> shard0 = Kit.readAll(kinesis, stream, "shardId-000000000000");
        assertThat(numbers(shard0)).as("GetRecords reports the numbers PutRecord(s) answered").isEqualTo(put);
        assertIncreasing(numbers(shard0));
        shard0.forEach(r -> assertNumberOf(r.sequenceNumber(), "shardId-000000000000", r));
        List<Record> shard1 = Kit.readAll(kinesis, stream, "shardId-000000000001");
        assertThat(numbers(shard1)).isEqualTo(results.stream().filter(r -> r.shardId().equals("shardId-000000000001"))
                .map(PutRecordsResultEntry::sequenceNumber).toList());
        assertIncreasing(numbers(shard1));
        shard1.forEach(r -> assertNumberOf(r.sequenceNumber(), "shardId-000000000001", r));
        for (Shard shard : Kit.shards(kinesis, stream)) {
            Decoded start = Decoded.of(shard.sequenceNumberRange().startingSequenceNumber());
            assertThat("shardId-%012d".formatted(start.shardIndex())).isEqualTo(shard.shardId());
            String first = (shard.shardId().equals("shardId-000000000000") ? shard0 : shard1).get(0).sequenceNumber();
            assertThat(new BigInteger(shard.sequenceNumberRange().startingSequenceNumber()))
                    .as("StartingSequenceNumber of %s is below its records", shard.shardId())
                    .isLessThan(new BigInteger(first));
        }

        // AT and AFTER a 56-digit number name that record
        String third = put.get(2);
        assertThat(numbers(Kit.drain(kinesis, iterator(kinesis, stream, ShardIteratorType.AT_SEQUENCE_NUMBER, third))))
                .startsWith(third, put.get(3));
        assertThat(numbers(Kit.drain(kinesis, iterator(kinesis, stream, ShardIteratorType.AFTER_SEQUENCE_NUMBER,
                third)))).startsWith(put.get(3));
    }

    @Test
    void numbersIncreaseAcrossRestartsAndAreNeverReusedByAStreamCreatedAgain() {
        String stream = createActive(riffle.kinesis(), name("seq-restart"), 1);
        List<String> numbers = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            KinesisClient kinesis = riffle.kinesis();
            for (int i = 0; i < 3; i++) {
                numbers.add(kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("r")))
                        .sequenceNumber());
            }
            if (round == 0) {
                riffle.restart();
            } else if (round == 1) {
                riffle.kill9AndStart();
            }
        }
        List<Record> read = Kit.readAll(riffle.kinesis(), stream, "shardId-000000000000");
        assertThat(numbers(read)).isEqualTo(numbers);
        assertIncreasing(numbers);
        read.forEach(r -> assertNumberOf(r.sequenceNumber(), "shardId-000000000000", r));

        KinesisClient kinesis = riffle.kinesis();
        Kit.deleteAndAwaitGone(kinesis, stream);
        createActive(kinesis, stream, 1);
        String again = kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("new"))).sequenceNumber();
        assertThat(numbers).doesNotContain(again);
        // a number of the stream before it was created again is not one of this stream's: Kinesis' text
        KinesisException old = Kit.expectInvalid(() -> iterator(kinesis, stream, ShardIteratorType.AT_SEQUENCE_NUMBER,
                numbers.get(0)));
        assertThat(Kit.message(old)).isEqualTo("StartingSequenceNumber " + numbers.get(0) + " used in GetShardIterator"
                + " on shard shardId-000000000000 in stream " + stream + " under account " + SdkClients.ACCOUNT
                + " is invalid.");
    }

    @Test
    void numbersTakenFromKinesisAreNotThisStreamsAndAClosedShardEndsAboveItsRecords() {
        KinesisClient kinesis = riffle.kinesis();
        String stream = createActive(kinesis, name("seq-end"), 1);
        String last = kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("r"))).sequenceNumber();
        String fromKinesis = "49546986683135544286507457936321625675700192471156785154";
        KinesisException foreign = Kit.expectInvalid(() -> iterator(kinesis, stream,
                ShardIteratorType.AFTER_SEQUENCE_NUMBER, fromKinesis));
        assertThat(Kit.message(foreign)).startsWith("StartingSequenceNumber " + fromKinesis + " used in GetShardIterator");

        kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000")
                .newStartingHashKey(Kit.MAX_HASH_KEY.shiftRight(1).toString()));
        Kit.awaitActive(kinesis, stream);
        Shard parent = Kit.shards(kinesis, stream).get(0);
        String ending = parent.sequenceNumberRange().endingSequenceNumber();
        Decoded end = Decoded.of(ending);
        assertThat(end.shardIndex()).isZero();
        assertThat(new BigInteger(ending)).isGreaterThan(new BigInteger(last));
        // AT the ending number is the shard's end: nothing more to read there
        assertThat(Kit.drain(kinesis, iterator(kinesis, stream, ShardIteratorType.AT_SEQUENCE_NUMBER, ending)))
                .isEmpty();
    }

    private static String iterator(KinesisClient kinesis, String stream, ShardIteratorType type, String number) {
        return kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000").shardIteratorType(type)
                .startingSequenceNumber(number)).shardIterator();
    }
}
