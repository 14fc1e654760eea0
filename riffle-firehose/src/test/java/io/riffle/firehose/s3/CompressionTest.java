package io.riffle.firehose.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedInputStream;

class CompressionTest {
    /** Records of text and random bytes, 300 KiB in all: several Snappy chunks and Hadoop blocks. */
    private static List<byte[]> records() {
        Random random = new Random(42);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] r = i % 2 == 0 ? ("reading-" + i + " ").repeat(60).getBytes(StandardCharsets.UTF_8) : new byte[1024];
            if (i % 2 == 1) {
                random.nextBytes(r);
            }
            records.add(r);
        }
        return records;
    }

    private static byte[] concatenated(List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach(out::writeBytes);
        return out.toByteArray();
    }

    @Test
    void snappyIsTheFramingFormatWithItsStreamIdentifier() throws IOException {
        List<byte[]> records = records();
        byte[] encoded = Compression.SNAPPY.encode(records, "x");
        // the stream identifier chunk: type 0xff, length 6, "sNaPpY"
        assertThat(new String(encoded, 4, 6, StandardCharsets.US_ASCII)).isEqualTo("sNaPpY");
        assertThat(encoded[0] & 0xff).isEqualTo(0xff);
        try (SnappyFramedInputStream in = new SnappyFramedInputStream(new ByteArrayInputStream(encoded))) {
            assertThat(in.readAllBytes()).isEqualTo(concatenated(records));
        }
        assertThat(Compression.SNAPPY.encode(records, "x")).isEqualTo(encoded); // a retry writes the same bytes
    }

    @Test
    void hadoopSnappyIsBlocksOfUncompressedThenCompressedLengths() throws IOException {
        List<byte[]> records = records();
        byte[] encoded = Compression.HADOOP_SNAPPY.encode(records, "x");
        // read by hand, as Hadoop's BlockDecompressorStream does: [raw length][compressed length][snappy block]...
        ByteBuffer in = ByteBuffer.wrap(encoded);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int blocks = 0;
        while (in.hasRemaining()) {
            int rawLength = in.getInt();
            int read = 0;
            while (read < rawLength) {
                byte[] chunk = new byte[in.getInt()];
                in.get(chunk);
                byte[] raw = Snappy.uncompress(chunk);
                out.writeBytes(raw);
                read += raw.length;
            }
            assertThat(read).isEqualTo(rawLength);
            blocks++;
        }
        assertThat(out.toByteArray()).isEqualTo(concatenated(records));
        assertThat(blocks).isGreaterThan(1);
    }

    @Test
    void extensionsAndWireNamesAreFirehoses() {
        assertThat(Compression.fromWire("Snappy")).contains(Compression.SNAPPY);
        assertThat(Compression.fromWire("HADOOP_SNAPPY")).contains(Compression.HADOOP_SNAPPY);
        assertThat(Compression.SNAPPY.extension()).isEqualTo(".snappy");
        assertThat(Compression.HADOOP_SNAPPY.extension()).isEqualTo(".hsnappy");
        assertThat(Compression.fromWire("LZ4")).isEmpty();
    }
}
