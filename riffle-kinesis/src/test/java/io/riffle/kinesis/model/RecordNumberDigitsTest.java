package io.riffle.kinesis.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecordNumberDigitsTest {
    private static final long SHARD_CREATED_MS = 1_764_800_000_123L;

    @Test
    void twoToThe80IsTheStepBetweenConsecutivePositions() {
        BigInteger a = new BigInteger(KinesisSequenceNumber.ofRecord(7, SHARD_CREATED_MS, 3, 1, 41, SHARD_CREATED_MS)
                .format());
        BigInteger b = new BigInteger(KinesisSequenceNumber.ofRecord(7, SHARD_CREATED_MS, 3, 1, 42, SHARD_CREATED_MS)
                .format());
        assertThat(b.subtract(a)).isEqualTo(BigInteger.ONE.shiftLeft(80));
    }

    @Test
    void everyRecordsDigitsAreItsSequenceNumberWhateverTheRunOfPositionsEpochsAndSeconds() {
        SplittableRandom random = new SplittableRandom(17);
        for (int shard = 0; shard < 20; shard++) {
            int shardIndex = random.nextInt(0, 5000);
            long incarnation = random.nextLong(0, 1000);
            RecordNumberDigits digits = new RecordNumberDigits(incarnation, SHARD_CREATED_MS, shardIndex);
            int epoch = 1 + random.nextInt(3);
            long position = random.nextLong(0, 1L << 40);
            long arrivalMs = SHARD_CREATED_MS + random.nextLong(0, 100_000_000L);
            for (int i = 0; i < 5_000; i++) {
                switch (random.nextInt(20)) {
                    case 0 -> position += 2 + random.nextInt(1000); // a gap: records not returned
                    case 1 -> arrivalMs += 1000; // the next second
                    case 2 -> arrivalMs += random.nextInt(999); // maybe the same second
                    case 3 -> epoch++; // a restart
                    case 4 -> position = random.nextLong(0, 1L << 44); // anywhere, carries through many digits
                    default -> position++;
                }
                position = Math.min(position, KinesisSequenceNumber.POSITION_MASK);
                digits.write(epoch, position, arrivalMs);
                String written = new String(digits.array(), digits.offset(), KinesisSequenceNumber.DIGITS,
                        StandardCharsets.US_ASCII);
                assertThat(digits.text()).isEqualTo(written);
                assertThat(written).as("epoch %d position %d arrival %d", epoch, position, arrivalMs).isEqualTo(
                        KinesisSequenceNumber.ofRecord(incarnation, SHARD_CREATED_MS, shardIndex, epoch, position,
                                arrivalMs).format());
            }
        }
    }

    @Test
    void aCarryRunsThroughEveryNineToTheTopDigits() {
        // positions whose numbers end in long runs of nines are rare at random: walk many consecutive ones
        RecordNumberDigits digits = new RecordNumberDigits(1, SHARD_CREATED_MS, 0);
        for (long position = 0; position < 200_000; position++) {
            digits.write(1, position, SHARD_CREATED_MS);
        }
        assertThat(new String(digits.array(), digits.offset(), KinesisSequenceNumber.DIGITS, StandardCharsets.US_ASCII))
                .isEqualTo(KinesisSequenceNumber.ofRecord(1, SHARD_CREATED_MS, 0, 1, 199_999, SHARD_CREATED_MS)
                        .format());
    }
}
