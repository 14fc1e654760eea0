package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A JSON blob read by {@link WireCodec#decode} is its base64 text in the body, decoded only when copied, and the
 * outcome equals the strict decoder's on the text the parser unescapes (the path every blob took before): the
 * same bytes, or the same SerializationException and message, on seeded random input with every refusal, escapes
 * and non-ASCII characters, at offset 0 and inside a larger array.
 */
class JsonBase64ViewTest {
    private static final JsonFactory JSON = new JsonFactory();
    private final WireCodec codec = WireCodec.standard();

    private static List<Blob> readAll(JsonParser p, WireFormat format) throws IOException {
        List<Blob> blobs = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            p.nextToken();
            blobs.add(WireCodec.readBlob(p));
        }
        return blobs;
    }

    /** The text as a JSON string literal, sometimes with '/' written as "\/" and a letter as a unicode escape. */
    private static String literal(String text, Random random) {
        String quoted = "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
        return switch (random.nextInt(6)) {
            case 0 -> quoted.replace("/", "\\/");
            case 1 -> quoted.replaceFirst("A", "\\\\u0041");
            default -> quoted;
        };
    }

    /** What the body's one blob was before the views: the parser's unescaped text through the strict decoder. */
    private static Object expected(byte[] body, int offset, int length) throws IOException {
        try (JsonParser p = JSON.createParser(body, offset, length)) {
            p.nextToken();
            p.nextToken();
            p.nextToken();
            return Base64Text.decode(p.getText());
        } catch (AwsServiceException e) {
            return e.getMessage();
        }
    }

    private Object actual(byte[] body, int offset, int length) {
        try {
            Blob blob = codec.decode(body, offset, length, WireFormat.JSON, JsonBase64ViewTest::readAll).get(0);
            ByteBuffer target = ByteBuffer.allocate(blob.length() + 5).position(5);
            blob.copyTo(target);
            assertThat(target.position()).isEqualTo(blob.length() + 5);
            byte[] copied = Arrays.copyOfRange(target.array(), 5, target.position());
            assertThat(copied).isEqualTo(blob.toByteArray());
            assertThat(blob).isEqualTo(Blob.wrap(copied)).hasSameHashCodeAs(Blob.wrap(copied));
            return copied;
        } catch (AwsServiceException e) {
            assertThat(e.type()).isEqualTo("SerializationException");
            return e.getMessage();
        }
    }

    @Test
    void everyTextDecodesOrIsRefusedAsTheStrictDecoderDoesIt() throws IOException {
        long seed = 21;
        Random random = new Random(seed);
        int views = 0;
        for (int i = 0; i < 20_000; i++) {
            String text = Base64TextTest.mutated(random);
            String json = "{\"Data\":" + literal(text, random) + "}";
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            int offset = random.nextInt(3);
            byte[] framed = new byte[offset + body.length + random.nextInt(3)];
            Arrays.fill(framed, (byte) '"');
            System.arraycopy(body, 0, framed, offset, body.length);
            Object expected = expected(framed, offset, body.length);
            Object actual = actual(framed, offset, body.length);
            assertThat(actual).as("seed %d body %s", seed, json).isEqualTo(expected);
            Blob blob = expected instanceof byte[] && !json.contains("\\")
                    ? codec.decode(framed, offset, body.length, WireFormat.JSON, JsonBase64ViewTest::readAll).get(0) : null;
            if (blob != null && blob.length() > 0) {
                assertThat(blob.isBytes()).as("canonical text in the body is a view: %s", json).isFalse();
                assertThat(blob.array()).isSameAs(framed);
                views++;
            }
        }
        assertThat(views).isGreaterThan(1000);
    }
}
