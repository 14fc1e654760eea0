package io.riffle.kinesis.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShardIteratorsTest {
    private final byte[] key = new byte[32];

    @Test
    void roundTripsAndStaysShort() {
        Arrays.fill(key, (byte) 7);
        ShardIterators iterators = new ShardIterators(key);
        ShardIterators.Position p = new ShardIterators.Position(12, 3, 99_999, 1_700_000_000_000L);
        String text = iterators.encode(p);
        assertThat(text.length()).isLessThanOrEqualTo(512);
        assertThat(iterators.decode(text)).isEqualTo(p);
        assertThat(new ShardIterators(key.clone()).decode(text)).as("same key after a restart").isEqualTo(p);
    }

    @Test
    void forgedOrAlteredIteratorsAreRefused() {
        ShardIterators iterators = new ShardIterators(key);
        String text = iterators.encode(new ShardIterators.Position(1, 0, 5, 10));
        char[] chars = text.toCharArray();
        chars[5] = chars[5] == 'A' ? 'B' : 'A';
        assertThat(iterators.decode(new String(chars))).isNull();
        byte[] otherKey = key.clone();
        otherKey[0] = 1;
        assertThat(new ShardIterators(otherKey).decode(text)).isNull();
        assertThat(iterators.decode("not an iterator")).isNull();
        assertThat(iterators.decode("")).isNull();
    }
}
