package io.riffle.kinesis.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64SlicesTest {
    private final Random random = new Random(17);

    @Test
    void everyLengthUpToSeveralLargestBlocksEncodesAsTheJdkDoes() {
        for (boolean isDirect : new boolean[] {false, true}) {
            Base64Slices base64 = new Base64Slices();
            for (int length = 0; length <= 3 * 3072 + 2; length++) {
                assertEncodes(base64, length, isDirect);
            }
        }
    }

    @Test
    void runsOfOneLengthAndChangingLengthsEncodeAsTheJdkDoes() {
        Base64Slices base64 = new Base64Slices();
        int[] lengths = {1024, 1024, 1024, 99, 99, 1024, 100, 101, 101, 0, 0, 3072, 3072, 3073, 3075, 3075, 5000, 5000};
        for (int length : lengths) {
            assertEncodes(base64, length, false);
        }
        for (int i = 0; i < 500; i++) {
            assertEncodes(base64, random.nextInt(4) == 0 ? 1000 : random.nextInt(2000), random.nextBoolean());
        }
    }

    private void assertEncodes(Base64Slices base64, int length, boolean isDirect) {
        int offset = random.nextInt(16);
        byte[] bytes = new byte[offset + length + random.nextInt(16)];
        random.nextBytes(bytes);
        ByteBuffer data = isDirect ? ByteBuffer.allocateDirect(bytes.length).put(bytes).flip() : ByteBuffer.wrap(bytes);
        ByteBuffer answer = ByteBuffer.allocate(Base64Slices.encodedLength(length) + 8);
        answer.put((byte) '"');
        StagedOutput out = new StagedOutput(answer, 64);
        base64.write(out, data, offset, length);
        out.flush();
        answer.put((byte) '"');

        byte[] slice = new byte[length];
        System.arraycopy(bytes, offset, slice, 0, length);
        String written = new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
        assertThat(written).as("%d bytes from %d, direct %s", length, offset, isDirect)
                .isEqualTo('"' + Base64.getEncoder().encodeToString(slice) + '"');
        assertThat(data.position()).isZero();
    }
}
