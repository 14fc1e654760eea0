package io.riffle.aws.eventstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

class EventStreamMessageTest {
    private static final byte[] JSON_PAYLOAD = "{\"Records\":[]}".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTrip() {
        EventStreamMessage m = EventStreamMessage.event("SubscribeToShardEvent", EventStreamMessage.JSON, JSON_PAYLOAD);
        EventStreamMessage back = EventStreamMessage.decode(m.encode());
        assertThat(back.headers()).containsExactly(
                Map.entry(":message-type", "event"),
                Map.entry(":event-type", "SubscribeToShardEvent"),
                Map.entry(":content-type", "application/x-amz-json-1.1"));
        assertThat(back.payload()).isEqualTo(JSON_PAYLOAD);
        assertThat(m.encode()).hasSize(m.encodedLength());
    }

    @Test
    void aFrameWrittenInPlaceIsTheMessagesEncoding() {
        EventStreamMessage m = EventStreamMessage.event("SubscribeToShardEvent", EventStreamMessage.CBOR, JSON_PAYLOAD);
        io.netty.buffer.ByteBuf framed = EventStreamMessage.frame(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT,
                EventStreamMessage.headersSection(m.headers()), JSON_PAYLOAD.length, buf -> buf.writeBytes(JSON_PAYLOAD));
        try {
            assertThat(io.netty.buffer.ByteBufUtil.getBytes(framed)).isEqualTo(m.encode());
        } finally {
            framed.release();
        }
        EventStreamMessage short4 = EventStreamMessage.event("SubscribeToShardEvent", EventStreamMessage.CBOR,
                new byte[] {1, 2, 3, 4});
        io.netty.buffer.ByteBuf bounded = EventStreamMessage.frame(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT,
                EventStreamMessage.headersSection(m.headers()), 5, buf -> buf.writeBytes(new byte[] {1, 2, 3, 4}));
        try {
            assertThat(io.netty.buffer.ByteBufUtil.getBytes(bounded))
                    .as("a payload under its bound: the prelude tells its real length").isEqualTo(short4.encode());
        } finally {
            bounded.release();
        }
        assertThatThrownBy(() -> EventStreamMessage.frame(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT,
                EventStreamMessage.headersSection(m.headers()), 5, buf -> buf.writeBytes(new byte[6])))
                .as("a payload over its bound").isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void exactBytesOfTinyMessage() {
        byte[] bytes = new EventStreamMessage(Map.of("a", "b"), new byte[] {0x2A}).encode();
        // header: 1 (name len) + 1 ("a") + 1 (type) + 2 (value len) + 1 ("b") = 6; payload 1
        int total = 12 + 6 + 1 + 4;
        ByteBuffer expected = ByteBuffer.allocate(total);
        expected.putInt(total).putInt(6);
        CRC32 prelude = new CRC32();
        prelude.update(expected.array(), 0, 8);
        expected.putInt((int) prelude.getValue());
        expected.put((byte) 1).put((byte) 'a').put((byte) 7).putShort((short) 1).put((byte) 'b').put((byte) 0x2A);
        CRC32 message = new CRC32();
        message.update(expected.array(), 0, total - 4);
        expected.putInt((int) message.getValue());
        assertThat(bytes).isEqualTo(expected.array());
        assertThat(ByteBuffer.wrap(bytes).getInt(EventStreamMessage.TOTAL_LENGTH_OFFSET)).isEqualTo(23);
    }

    @Test
    void awsDecoderReadsOurEncoding() {
        EventStreamMessage ours = EventStreamMessage.exception(
                "ResourceInUseException", EventStreamMessage.CBOR, new byte[] {1, 2, 3});
        List<Message> got = new ArrayList<>();
        new MessageDecoder(got::add).feed(ours.encode());
        assertThat(got).hasSize(1);
        Map<String, HeaderValue> h = got.get(0).getHeaders();
        assertThat(h.get(":message-type").getString()).isEqualTo("exception");
        assertThat(h.get(":exception-type").getString()).isEqualTo("ResourceInUseException");
        assertThat(h.get(":content-type").getString()).isEqualTo("application/x-amz-cbor-1.1");
        assertThat(got.get(0).getPayload()).containsExactly(1, 2, 3);
    }

    @Test
    void weDecodeAwsEncoding() {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":message-type", HeaderValue.fromString("event"));
        h.put(":event-type", HeaderValue.fromString("initial-response"));
        h.put(":content-type", HeaderValue.fromString(EventStreamMessage.JSON));
        ByteBuffer encoded = new Message(h, "{}".getBytes(StandardCharsets.UTF_8)).toByteBuffer();
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        EventStreamMessage ours = EventStreamMessage.decode(bytes);
        assertThat(ours.headers()).containsEntry(":event-type", "initial-response")
                .containsEntry(":message-type", "event");
        assertThat(new String(ours.payload(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(bytes).isEqualTo(
                EventStreamMessage.initialResponse(EventStreamMessage.JSON, "{}".getBytes(StandardCharsets.UTF_8)).encode());
    }

    @Test
    void corruptionIsDetected() {
        byte[] good = EventStreamMessage.event("SubscribeToShardEvent", EventStreamMessage.JSON, JSON_PAYLOAD).encode();
        byte[] badPrelude = good.clone();
        badPrelude[2] ^= 1;
        assertThatThrownBy(() -> EventStreamMessage.decode(badPrelude))
                .isInstanceOf(EventStreamFormatException.class).hasMessageContaining("prelude CRC");
        byte[] badPayload = good.clone();
        badPayload[good.length - 6] ^= 1;
        assertThatThrownBy(() -> EventStreamMessage.decode(badPayload))
                .isInstanceOf(EventStreamFormatException.class).hasMessageContaining("message CRC");
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
        assertThatThrownBy(() -> EventStreamMessage.decode(truncated))
                .isInstanceOf(EventStreamFormatException.class).hasMessageContaining("total length");
        assertThatThrownBy(() -> EventStreamMessage.decode(new byte[5]))
                .isInstanceOf(EventStreamFormatException.class);
    }
}
