package io.riffle.kinesis.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashKeysTest {
    @Test
    void md5OfThePartitionKeyAsAnUnsignedInteger() {
        // md5("a") = 0cc175b9c0f1b6a831c399e269772661
        assertThat(HashKeys.ofPartitionKey("a")).isEqualTo(new BigInteger("0cc175b9c0f1b6a831c399e269772661", 16));
        assertThat(HashKeys.ofPartitionKey("truck-17").signum()).isPositive();
        // the thread's digest resets after each key: the same answer twice, and from the key's UTF-8 bytes
        assertThat(HashKeys.ofPartitionKey("a")).isEqualTo(HashKeys.ofPartitionKey("a".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new BigInteger("0cc175b9c0f1b6a831c399e269772661", 16));
        // md5("é") over its two UTF-8 bytes c3 a9
        assertThat(HashKeys.ofPartitionKey("é")).isEqualTo(new BigInteger("66ddcd97cfdeabb2f6fb8a999b4bc76f", 16));
    }

    @Test
    void splitsTheSpaceEvenlyWithoutGapsOrOverlaps() {
        for (int n : new int[] {1, 2, 3, 7, 500}) {
            List<HashKeys.Range> ranges = HashKeys.split(n);
            assertThat(ranges.get(0).start()).isZero();
            assertThat(ranges.get(n - 1).end()).isEqualTo(HashKeys.MAX);
            for (int i = 1; i < n; i++) {
                assertThat(ranges.get(i).start()).isEqualTo(ranges.get(i - 1).end().add(BigInteger.ONE));
            }
        }
        assertThat(HashKeys.split(2).get(0).end()).isEqualTo(new BigInteger("170141183460469231731687303715884105727"));
    }

    @Test
    void explicitHashKeysMustBeDecimalsInRange() {
        assertThat(HashKeys.parse("0")).isZero();
        assertThat(HashKeys.parse(HashKeys.MAX.toString())).isEqualTo(HashKeys.MAX);
        assertThat(HashKeys.parse(HashKeys.MAX.add(BigInteger.ONE).toString())).isNull();
        assertThat(HashKeys.parse("-1")).isNull();
        assertThat(HashKeys.parse("12a")).isNull();
    }
}
