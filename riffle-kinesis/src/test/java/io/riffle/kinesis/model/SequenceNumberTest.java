package io.riffle.kinesis.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequenceNumberTest {
    @Test
    void roundTripsEveryFieldAtItsLimits() {
        SequenceNumber max = new SequenceNumber((1L << 32) - 1, (1 << 24) - 1, (1 << 24) - 1, (1L << 46) - 1);
        SequenceNumber min = new SequenceNumber(0, 0, 0, 0);
        for (SequenceNumber sn : List.of(max, min, new SequenceNumber(7, 3, 2, 123456789))) {
            String text = sn.format();
            assertThat(text).hasSize(39).doesNotStartWith("0").matches("0|([1-9]\\d{0,128})");
            assertThat(SequenceNumber.parse(text)).isEqualTo(sn);
        }
    }

    @Test
    void stringOrderIsNumericOrderAndGrowsWithEpochThenPosition() {
        Random random = new Random(42);
        List<SequenceNumber> sorted = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sorted.add(new SequenceNumber(random.nextInt(100), random.nextInt(50), random.nextInt(10),
                    random.nextLong(1L << 46)));
        }
        sorted.sort((a, b) -> a.toBigInteger().compareTo(b.toBigInteger()));
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i - 1).format().compareTo(sorted.get(i).format())).isLessThanOrEqualTo(0);
        }
        // a record rewritten at a lower position after a crash, in a later epoch, still sorts later
        assertThat(new SequenceNumber(1, 0, 3, 90).format()).isGreaterThan(new SequenceNumber(1, 0, 2, 100).format());
    }

    @Test
    void formatIsTheDecimalOfTheNumber() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            SequenceNumber n = new SequenceNumber(random.nextLong(1L << SequenceNumber.INCARNATION_BITS),
                    random.nextInt(1 << SequenceNumber.SHARD_BITS), random.nextInt(1 << SequenceNumber.EPOCH_BITS),
                    random.nextLong(1L << SequenceNumber.POSITION_BITS));
            assertThat(n.format()).as("seed %d: %s", seed, n).isEqualTo(n.toBigInteger().toString());
        }
    }

    @Test
    void rejectsWhatRiffleDidNotIssue() {
        assertThat(SequenceNumber.parse("49590338271490256608559692538361571095921575989136588898")).isNull();
        assertThat(SequenceNumber.parse("abc")).isNull();
        assertThat(SequenceNumber.parse(null)).isNull();
        assertThat(SequenceNumber.parse("100000000000000000000000000000000000000")).isNull();
        assertThatThrownBy(() -> new SequenceNumber(0, 0, 0, 1L << 46)).isInstanceOf(IllegalArgumentException.class);
    }
}
