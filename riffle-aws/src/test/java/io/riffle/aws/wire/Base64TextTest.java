package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast canonical base64 decoder agrees with the JDK on canonical text and refuses everything else. */
class Base64TextTest {

    @Test
    void canonicalTextDecodesAsTheJdkDecodesIt() {
        long seed = 11;
        Random random = new Random(seed);
        for (int length = 0; length < 300; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            char[] text = Base64.getEncoder().encodeToString(bytes).toCharArray();
            assertThat(WireCodec.Base64Text.decodeCanonical(text, 0, text.length)).as("seed %d length %d", seed, length)
                    .isEqualTo(bytes);
        }
    }

    @Test
    void anythingElseIsLeftToTheSlowPath() {
        for (String text : new String[] {"abc", "ab*=", "YR==", "YWJ=", "=AAA", "A=AA", "AA=A", "AAA\u00e9", "AA==AAAA",
                "A==="}) {
            char[] chars = ("xx" + text + "yy").toCharArray();
            assertThat(WireCodec.Base64Text.decodeCanonical(chars, 2, text.length())).as(text).isNull();
        }
    }
}
