package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A CBOR byte string decoded by {@link WireCodec#decode} is a view of the body, not a copy, at every header size. */
class CborBlobViewTest {
    private static final int[] LENGTHS = {0, 1, 23, 24, 255, 256, 65_535, 65_536, 1_000_000};
    private final WireCodec codec = WireCodec.standard();

    /** {"k0": bytes, "k1": bytes, ...} with the given lengths, as a generator writes it; seeded content. */
    private static byte[] body(int[] lengths, List<byte[]> contents) throws IOException {
        Random random = new Random(7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartObject();
            for (int i = 0; i < lengths.length; i++) {
                byte[] data = new byte[lengths[i]];
                random.nextBytes(data);
                contents.add(data);
                g.writeFieldName("k" + i);
                g.writeBinary(data);
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static List<Blob> readAll(com.fasterxml.jackson.core.JsonParser p, WireFormat format) throws IOException {
        List<Blob> blobs = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            p.nextToken();
            blobs.add(WireCodec.readBlob(p));
        }
        return blobs;
    }

    @Test
    void everyByteStringIsAViewOfTheBody() throws IOException {
        List<byte[]> contents = new ArrayList<>();
        byte[] body = body(LENGTHS, contents);
        List<Blob> blobs = codec.decode(body, WireFormat.CBOR, CborBlobViewTest::readAll);
        assertThat(blobs).hasSize(LENGTHS.length);
        for (int i = 0; i < LENGTHS.length; i++) {
            assertThat(blobs.get(i).toByteArray()).as("blob %d", i).isEqualTo(contents.get(i));
            if (LENGTHS[i] > 0) {
                assertThat(blobs.get(i).array()).as("blob %d is the body's bytes", i).isSameAs(body);
            }
        }
    }

    @Test
    void aBodyInsideALargerArrayIsViewedAtItsOffset() throws IOException {
        List<byte[]> contents = new ArrayList<>();
        byte[] body = body(new int[] {3, 300}, contents);
        byte[] larger = new byte[body.length + 20];
        Arrays.fill(larger, (byte) 0x5f); // what a confused reader would take for an indefinite byte string
        System.arraycopy(body, 0, larger, 7, body.length);
        List<Blob> blobs = codec.decode(larger, 7, body.length, WireFormat.CBOR, CborBlobViewTest::readAll);
        assertThat(blobs.get(0).toByteArray()).isEqualTo(contents.get(0));
        assertThat(blobs.get(1).toByteArray()).isEqualTo(contents.get(1));
        assertThat(blobs.get(1).array()).isSameAs(larger);
    }

    @Test
    void anIndefiniteLengthByteStringIsCopiedWhole() {
        // {"k": (_ h'6162', h'63')}: chunks "ab" and "c"
        byte[] body = {(byte) 0xa1, 0x61, 'k', 0x5f, 0x42, 'a', 'b', 0x41, 'c', (byte) 0xff};
        List<Blob> blobs = codec.decode(body, WireFormat.CBOR, CborBlobViewTest::readAll);
        assertThat(blobs.get(0).toByteArray()).isEqualTo(new byte[] {'a', 'b', 'c'});
        assertThat(blobs.get(0).array()).isNotSameAs(body);
    }

    @Test
    void whatFollowsAViewIsReadAsUsual() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("a");
            g.writeBinary(new byte[] {1, 2, 3});
            g.writeStringField("s", "after");
            g.writeEndObject();
        }
        String after = codec.decode(out.toByteArray(), WireFormat.CBOR, (p, f) -> {
            p.nextToken();
            p.nextToken();
            assertThat(WireCodec.readBlob(p).toByteArray()).containsExactly(1, 2, 3);
            p.nextToken();
            p.nextToken();
            String s = p.getText();
            p.nextToken();
            return s;
        });
        assertThat(after).isEqualTo("after");
    }
}
