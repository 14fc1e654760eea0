package io.riffle.kinesis.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KinesisSequenceNumberTest {

    private static long seconds(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    /**
     * Numbers Kinesis returned, with the shard and time the answer that carried them names: AWS's API
     * reference (a ListShards answer), Lambda's documented KinesisBatchInfo, and Lambda's sample event.
     */
    @Test
    void decodesKinesisOwnNumbersToTheirShardAndTimes() {
        // ListShards example: shardId-000000000001's StartingSequenceNumber (its creation second, record field 0)
        KinesisSequenceNumber start = KinesisSequenceNumber.parse("49549167410945534708633744510750617797212193316405248018");
        assertThat(start.shardIndex()).isEqualTo(1);
        assertThat(start.shardCreatedSeconds()).isEqualTo(seconds("2015-03-26T17:28:51Z"));
        assertThat(start.arrivalSeconds()).isEqualTo(start.shardCreatedSeconds());
        assertThat(start.recordField()).isZero();

        // Lambda's KinesisBatchInfo: shardId-000000000001, approximateArrivalOfFirstRecord 2019-11-14T00:38:04.835Z
        KinesisSequenceNumber first = KinesisSequenceNumber.parse("49601189658422359378836298521827638475320189012309704722");
        KinesisSequenceNumber last = KinesisSequenceNumber.parse("49601189658422359378836298522902373528957594348623495186");
        assertThat(first.shardIndex()).isEqualTo(1);
        assertThat(first.arrivalSeconds()).isEqualTo(seconds("2019-11-14T00:38:04Z"));
        assertThat(first.shardCreatedSeconds()).isEqualTo(last.shardCreatedSeconds())
                .isEqualTo(seconds("2019-11-08T04:45:22Z"));
        assertThat(first.recordField()).isLessThan(last.recordField());

        // Lambda's sample Kinesis event: shardId-000000000000
        KinesisSequenceNumber sample = KinesisSequenceNumber.parse("49546986683135544286507457936321625675700192471156785154");
        assertThat(sample.shardIndex()).isZero();
        assertThat(sample.shardCreatedSeconds()).isEqualTo(seconds("2015-01-14T23:47:10Z"));
        assertThat(sample.arrivalSeconds()).isEqualTo(seconds("2015-01-14T23:49:46Z"));

        // DescribeStream example: a closed shard's range; the ending number is the record field's maximum
        KinesisSequenceNumber from = KinesisSequenceNumber.parse("49548859072970256769156879668947671610661756289899560962");
        KinesisSequenceNumber to = KinesisSequenceNumber.parse("49548859072981407141756144980517230543978492779512725506");
        assertThat(to.isShardEnd()).isTrue();
        assertThat(from.isShardEnd()).isFalse();
        assertThat(to.shardCreatedSeconds()).isEqualTo(from.shardCreatedSeconds());
        assertThat(to.arrivalSeconds()).isGreaterThan(from.arrivalSeconds());

        // each formats back to the text it came from
        for (KinesisSequenceNumber n : List.of(start, first, last, sample, from, to)) {
            assertThat(KinesisSequenceNumber.parse(n.format())).isEqualTo(n);
        }
        assertThat(start.format()).isEqualTo("49549167410945534708633744510750617797212193316405248018");
        assertThat(to.format()).isEqualTo("49548859072981407141756144980517230543978492779512725506");
    }

    @Test
    void riffleNumbersDecodeToTheirShardTimesEpochAndPosition() {
        long created = Instant.parse("2026-12-03T06:52:37.250Z").toEpochMilli();
        long arrival = Instant.parse("2026-12-04T01:02:03.999Z").toEpochMilli();
        KinesisSequenceNumber n = KinesisSequenceNumber.ofRecord(300, created, 5, 7, 123_456_789L, arrival);
        String text = n.format();
        assertThat(text).hasSize(56).startsWith("49").matches("0|([1-9]\\d{0,128})");
        KinesisSequenceNumber back = KinesisSequenceNumber.parse(text);
        assertThat(back).isEqualTo(n);
        assertThat(back.shardIndex()).isEqualTo(5);
        assertThat(back.shardCreatedSeconds()).isEqualTo(created / 1000);
        assertThat(back.arrivalSeconds()).isEqualTo(arrival / 1000);
        assertThat(back.epoch()).isEqualTo(7);
        assertThat(back.position()).isEqualTo(123_456_789L);
        assertThat(back.isOf(300, created)).isTrue();
        assertThat(back.isOf(300 + 256, created)).isTrue(); // the tag is 8 bits; the creation second tells them apart
        assertThat(back.isOf(301, created)).isFalse();
        assertThat(back.isOf(300, created + 1000)).isFalse();
        // kinesalite's reading of the hex digits gives the same shard (its last 8 before the version digit)
        String hex = new BigInteger(text).toString(16);
        assertThat(hex).hasSize(47).startsWith("2").endsWith("2");
        assertThat(Long.parseLong(hex.substring(38, 46), 16)).isEqualTo(5);
        assertThat(Long.parseLong(hex.substring(1, 10), 16)).isEqualTo(created / 1000);
        assertThat(Long.parseLong(hex.substring(29, 38), 16)).isEqualTo(arrival / 1000);
        assertThat(hex.charAt(11)).isLessThanOrEqualTo('7'); // the record field's top bit is 0, as in Kinesis
    }

    @Test
    void formatIsTheDecimalOfTheLayoutAtEveryFieldsLimits() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        List<KinesisSequenceNumber> numbers = new ArrayList<>(List.of(
                new KinesisSequenceNumber(0, 0, 0, 0, 0),
                new KinesisSequenceNumber(KinesisSequenceNumber.SECONDS_MASK, 0xFFFF_FFFFL, -1L, 255,
                        KinesisSequenceNumber.SECONDS_MASK)));
        for (int i = 0; i < 10_000; i++) {
            numbers.add(new KinesisSequenceNumber(random.nextLong(1L << 36), random.nextLong(1L << 32),
                    random.nextLong(), random.nextInt(256), random.nextLong(1L << 36)));
        }
        for (KinesisSequenceNumber n : numbers) {
            BigInteger expected = BigInteger.TWO.shiftLeft(184)
                    .or(BigInteger.valueOf(n.shardCreatedSeconds()).shiftLeft(148))
                    .or(BigInteger.valueOf(n.shardIndex() & 0xF).shiftLeft(144))
                    .or(new BigInteger(Long.toUnsignedString(n.recordField())).shiftLeft(80))
                    .or(BigInteger.valueOf(n.incarnationTag()).shiftLeft(72))
                    .or(BigInteger.valueOf(n.arrivalSeconds()).shiftLeft(36))
                    .or(BigInteger.valueOf(n.shardIndex()).shiftLeft(4))
                    .or(BigInteger.TWO);
            assertThat(n.format()).as("seed %d: %s", seed, n).isEqualTo(expected.toString()).hasSize(56);
            assertThat(KinesisSequenceNumber.parse(n.format())).as("seed %d", seed).isEqualTo(n);
        }
    }

    @Test
    void numericAndStringOrderAreRecordOrderWithinAShard() {
        long created = 1_790_000_000_000L;
        List<KinesisSequenceNumber> inRecordOrder = new ArrayList<>();
        inRecordOrder.add(KinesisSequenceNumber.boundary(9, created, 3, 0, created)); // the StartingSequenceNumber
        long arrival = created;
        for (int epoch = 1; epoch <= 3; epoch++) {
            // each epoch after a crash rewrites from a lower position: those records still come later
            for (long position = 100L * (3 - epoch); position < 100L * (3 - epoch) + 50; position++) {
                arrival += 7;
                inRecordOrder.add(KinesisSequenceNumber.ofRecord(9, created, 3, epoch, position, arrival));
            }
        }
        inRecordOrder.add(KinesisSequenceNumber.shardEnd(9, created, 3, arrival + 1000));
        for (int i = 1; i < inRecordOrder.size(); i++) {
            KinesisSequenceNumber a = inRecordOrder.get(i - 1);
            KinesisSequenceNumber b = inRecordOrder.get(i);
            assertThat(a.toBigInteger()).isLessThan(b.toBigInteger());
            assertThat(a.format()).isLessThan(b.format());
        }
        // every 56-digit number is above every 39-digit one: a checkpoint from before the upgrade is below
        assertThat(inRecordOrder.get(0).toBigInteger())
                .isGreaterThan(new SequenceNumber((1L << 32) - 1, (1 << 24) - 1, (1 << 24) - 1, (1L << 46) - 1)
                        .toBigInteger());
    }

    @Test
    void refusesWhatDoesNotFitAndWhatIsNotOfTheLayout() {
        assertThatThrownBy(() -> KinesisSequenceNumber.ofRecord(1, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writer epoch 0");
        assertThatThrownBy(() -> KinesisSequenceNumber.ofRecord(1, 0, 0, 1 << 19, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KinesisSequenceNumber.ofRecord(1, 0, 0, 1, 1L << 44, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position");
        assertThat(KinesisSequenceNumber.parse(null)).isNull();
        assertThat(KinesisSequenceNumber.parse("abc")).isNull();
        assertThat(KinesisSequenceNumber.parse("0".repeat(56))).isNull();
        assertThat(KinesisSequenceNumber.parse(new SequenceNumber(1, 0, 1, 5).format())).isNull(); // 39 digits
        // 56 digits but not of the layout: lead digit or version digit wrong
        assertThat(KinesisSequenceNumber.parse("1".repeat(56))).isNull();
        assertThat(KinesisSequenceNumber.parse("49546986683135544286507457936321625675700192471156785155")).isNull();
    }
}
