package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte-level check and decoder agree with the strict decoder ({@link Base64Text#decode(String)}, which words
 * Kinesis' refusals): text is canonical exactly when that decoder takes it, and then decodes to the same bytes.
 */
class Base64TextTest {
    private static final String NOISE = "AZaz09+/=*-_ \u00e9";

    @Test
    void canonicalTextDecodesAsTheJdkDecodesItIntoHeapAndDirectBuffers() {
        long seed = 11;
        Random random = new Random(seed);
        for (int length = 0; length < 300; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            byte[] text = ("xx" + Base64.getEncoder().encodeToString(bytes) + "yy").getBytes(StandardCharsets.US_ASCII);
            int chars = text.length - 4;
            assertThat(Base64Text.isCanonical(text, 2, chars)).as("seed %d length %d", seed, length).isTrue();
            assertThat(Base64Text.decodedLength(text, 2, chars)).isEqualTo(length);
            for (ByteBuffer target : new ByteBuffer[] {ByteBuffer.allocate(length + 3), ByteBuffer.allocateDirect(length + 3)}) {
                target.position(3);
                Base64Text.decodeInto(text, 2, chars, target);
                assertThat(target.position()).isEqualTo(length + 3);
                byte[] decoded = new byte[length];
                target.get(3, decoded);
                assertThat(decoded).as("seed %d length %d", seed, length).isEqualTo(bytes);
            }
        }
    }

    @Test
    void textIsCanonicalExactlyWhenTheStrictDecoderTakesIt() {
        long seed = 12;
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            String text = mutated(random);
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            byte[] strict = strictOrNull(text);
            assertThat(Base64Text.isCanonical(utf8, 0, utf8.length)).as("seed %d text '%s'", seed, text)
                    .isEqualTo(strict != null);
        }
        for (String text : new String[] {"abc", "ab*=", "YR==", "YWJ=", "=AAA", "A=AA", "AA=A", "AAA\u00e9", "AA==AAAA",
                "A===", "===="}) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            assertThat(Base64Text.isCanonical(utf8, 0, utf8.length)).as(text).isFalse();
            assertThat(strictOrNull(text)).as(text).isNull();
        }
    }

    /** Base64 of random bytes with a few characters replaced, inserted or removed (or none). */
    static String mutated(Random random) {
        byte[] bytes = new byte[random.nextInt(12)];
        random.nextBytes(bytes);
        StringBuilder text = new StringBuilder(Base64.getEncoder().encodeToString(bytes));
        int edits = random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = text.isEmpty() ? 0 : random.nextInt(text.length());
            char c = NOISE.charAt(random.nextInt(NOISE.length()));
            switch (random.nextInt(3)) {
                case 0 -> text.insert(at, c);
                case 1 -> {
                    if (!text.isEmpty()) {
                        text.setCharAt(at, c);
                    }
                }
                default -> {
                    if (!text.isEmpty()) {
                        text.deleteCharAt(at);
                    }
                }
            }
        }
        return text.toString();
    }

    private static byte[] strictOrNull(String text) {
        try {
            return Base64Text.decode(text);
        } catch (AwsServiceException e) {
            return null;
        }
    }
}
