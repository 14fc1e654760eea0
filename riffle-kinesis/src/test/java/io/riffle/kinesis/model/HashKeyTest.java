package io.riffle.kinesis.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HashKeyTest {
    private static final BigInteger TWO_TO_THE_64 = BigInteger.ONE.shiftLeft(64);

    /** The keys where a signed comparison or a half's carry would go wrong, and seeded random ones. */
    private static List<BigInteger> keys() {
        List<BigInteger> keys = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE,
                BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(63),
                TWO_TO_THE_64.subtract(BigInteger.ONE), TWO_TO_THE_64, TWO_TO_THE_64.add(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(127),
                HashKeys.MAX.subtract(BigInteger.ONE), HashKeys.MAX));
        SplittableRandom random = new SplittableRandom(128);
        for (int i = 0; i < 300; i++) {
            keys.add(new BigInteger(1 + random.nextInt(128), new java.util.Random(random.nextLong())));
        }
        return keys;
    }

    @Test
    void aKeyIsTheNumberItWasMadeOf() {
        for (BigInteger key : keys()) {
            assertThat(HashKey.of(key).toBigInteger()).isEqualTo(key);
            assertThat(HashKey.of(key).toString()).isEqualTo(key.toString());
        }
        assertThatThrownBy(() -> HashKey.of(HashKeys.MAX.add(BigInteger.ONE))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HashKey.of(BigInteger.ONE.negate())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysCompareAsTheUnsignedNumbersTheyAre() {
        List<BigInteger> keys = keys();
        for (BigInteger a : keys) {
            for (BigInteger b : keys) {
                assertThat(Integer.signum(HashKey.of(a).compareTo(HashKey.of(b)))).as("%s vs %s", a, b)
                        .isEqualTo(a.compareTo(b));
            }
        }
        HashKey middle = HashKey.of(BigInteger.ONE.shiftLeft(64));
        assertThat(middle.isWithin(HashKey.of(TWO_TO_THE_64), HashKey.of(HashKeys.MAX))).isTrue();
        assertThat(middle.isWithin(HashKey.of(BigInteger.ZERO), HashKey.of(TWO_TO_THE_64.subtract(BigInteger.ONE))))
                .isFalse();
    }

    @Test
    void thePartitionKeysKeyIsItsMd5() {
        for (String partitionKey : List.of("a", "é", "truck-17", "")) {
            byte[] utf8 = partitionKey.getBytes(StandardCharsets.UTF_8);
            // twice: the thread's digest and its output array are reused
            assertThat(HashKeys.keyOfPartitionKey(utf8).toBigInteger()).isEqualTo(HashKeys.ofPartitionKey(partitionKey));
            assertThat(HashKeys.keyOfPartitionKey(utf8)).isEqualTo(HashKey.of(HashKeys.ofPartitionKey(partitionKey)));
        }
        assertThat(HashKeys.keyOfPartitionKey("a".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(HashKey.of(new BigInteger("0cc175b9c0f1b6a831c399e269772661", 16)));
    }
}
