package io.riffle.kinesis.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ShardIteratorsTest {
    private final byte[] key = new byte[32];

    @Test
    void roundTripsAcrossARestart() {
        Arrays.fill(key, (byte) 7);
        ShardIterators iterators = new ShardIterators(key);
        ShardIterators.Position p = new ShardIterators.Position(12, 3, 99_999, 1_700_000_000_000L, "orders");
        String text = iterators.encode(p);
        assertThat(iterators.decode(text)).isEqualTo(p);
        assertThat(new ShardIterators(key.clone()).decode(text)).as("same key after a restart").isEqualTo(p);
        ShardIterators.Position unnamed = new ShardIterators.Position(12, 3, 0, 5);
        assertThat(iterators.decode(iterators.encode(unnamed))).isEqualTo(unnamed);
    }

    /** Kinesis' iterators: standard base64 of an 8-byte header and 16-byte blocks, 152 bytes or more. */
    @Test
    void hasKinesisShapeForEveryStreamNameLength() {
        ShardIterators iterators = new ShardIterators(key);
        for (int length = 0; length <= 128; length++) {
            String name = length == 0 ? null : "s".repeat(length);
            String text = iterators.encode(new ShardIterators.Position(1L << 40, 1 << 20, 1L << 43, 1_800_000_000_000L, name));
            assertThat(text).matches("[A-Za-z0-9+/]+={0,2}").hasSizeLessThanOrEqualTo(512);
            byte[] bytes = Base64.getDecoder().decode(text);
            assertThat(bytes.length).as("name length %d", length).isGreaterThanOrEqualTo(152);
            assertThat((bytes.length - 8) % 16).isZero();
            assertThat(iterators.decode(text).streamName()).isEqualTo(name);
        }
        assertThat(Base64.getDecoder().decode(iterators.encode(new ShardIterators.Position(1, 0, 0, 0, "a"))))
                .hasSize(152);
    }

    @Test
    void contentIsOpaque() {
        ShardIterators iterators = new ShardIterators(key);
        String name = "a-very-recognisable-stream-name";
        byte[] bytes = Base64.getDecoder().decode(iterators.encode(new ShardIterators.Position(7, 3, 42, 1_000, name)));
        String latin = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(latin).doesNotContain(name).doesNotContain("recognisable");
        // two iterators differing only in position differ beyond the header everywhere, not in one field
        byte[] other = Base64.getDecoder().decode(iterators.encode(new ShardIterators.Position(7, 3, 43, 1_000, name)));
        int same = 0;
        for (int i = 8; i < bytes.length; i++) {
            same += bytes[i] == other[i] ? 1 : 0;
        }
        assertThat(same).isLessThan(bytes.length / 8);
    }

    @Test
    void forgedOrAlteredIteratorsAreRefused() {
        ShardIterators iterators = new ShardIterators(key);
        String text = iterators.encode(new ShardIterators.Position(1, 0, 5, 10, "s"));
        // every character, each replaced by every other base64 character (the last one before the padding
        // carries bits the JDK's decoder ignores: changing only those must be refused too)
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
        for (int i = 0; i < text.length(); i++) {
            for (char replacement : alphabet.toCharArray()) {
                if (replacement == text.charAt(i)) {
                    continue;
                }
                char[] chars = text.toCharArray();
                chars[i] = replacement;
                assertThat(iterators.decode(new String(chars))).as("%s at %d", replacement, i).isNull();
            }
        }
        byte[] otherKey = key.clone();
        otherKey[0] = 1;
        assertThat(new ShardIterators(otherKey).decode(text)).isNull();
        assertThat(iterators.decode("not an iterator")).isNull();
        assertThat(iterators.decode("")).isNull();
        assertThat(iterators.decode(null)).isNull();
        assertThat(iterators.decode(text.substring(0, text.length() - 24))).isNull();
    }

    /** An iterator handed out before the upgrade (format 1, base64url) keeps working until it expires. */
    @Test
    void readsIteratorsOfTheFormerFormat() throws Exception {
        Arrays.fill(key, (byte) 3);
        ByteBuffer b = ByteBuffer.allocate(45);
        b.put((byte) 1).putLong(12).putInt(3).putLong(99_999).putLong(1_700_000_000_000L);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update(b.array(), 0, 29);
        b.put(mac.doFinal(), 0, 16);
        String legacy = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
        assertThat(legacy).hasSize(60);

        ShardIterators iterators = new ShardIterators(key);
        assertThat(iterators.decode(legacy)).isEqualTo(new ShardIterators.Position(12, 3, 99_999, 1_700_000_000_000L));
        byte[] forged = b.array().clone();
        forged[20] ^= 1;
        assertThat(iterators.decode(Base64.getUrlEncoder().withoutPadding().encodeToString(forged))).isNull();
    }
}
