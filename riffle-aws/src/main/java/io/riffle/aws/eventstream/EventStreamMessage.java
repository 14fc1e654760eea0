package io.riffle.aws.eventstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * One AWS event-stream message ({@code application/vnd.amazon.eventstream}), as used by
 * SubscribeToShard. Owns the on-wire layout; all integers are big-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     Total length (int32)                      |  TOTAL_LENGTH_OFFSET   = 0
 *  +---------------------------------------------------------------+
 *  |                    Headers length (int32)                     |  HEADERS_LENGTH_OFFSET = 4
 *  +---------------------------------------------------------------+
 *  |              Prelude CRC32 (over bytes 0..7)                  |  PRELUDE_CRC_OFFSET    = 8
 *  +---------------------------------------------------------------+
 *  |                  Headers (headers length bytes)             ...  HEADERS_OFFSET        = 12
 *  +---------------------------------------------------------------+
 *  |                  Payload                                    ...  total - headers - 16 bytes
 *  +---------------------------------------------------------------+
 *  |      Message CRC32 (over bytes 0..total-5)                    |  total - MESSAGE_CRC_LENGTH
 *  +---------------------------------------------------------------+
 *
 *  Each header:
 *  +-----------+----------------+-----------+--------------------------------+
 *  | name len  | name (UTF-8)   | type byte | value                          |
 *  | (uint8)   | name len bytes |           | type 7: uint16 length + UTF-8  |
 *  +-----------+----------------+-----------+--------------------------------+
 * </pre>
 *
 * Only string headers (type 7) are written or read: they are all Kinesis uses. Any other
 * header type is rejected by the decoder as unsupported. Immutable; safe on any thread.
 */
public final class EventStreamMessage {
    public static final int TOTAL_LENGTH_OFFSET = 0;
    public static final int HEADERS_LENGTH_OFFSET = 4;
    public static final int PRELUDE_CRC_OFFSET = 8;
    public static final int HEADERS_OFFSET = 12;
    public static final int PRELUDE_LENGTH = HEADERS_OFFSET;
    public static final int MESSAGE_CRC_LENGTH = 4;
    /** Prelude plus trailing message CRC: the smallest possible message. */
    public static final int FRAMING_LENGTH = PRELUDE_LENGTH + MESSAGE_CRC_LENGTH;

    /** Header value type byte for a string: uint16 length then UTF-8 bytes. */
    public static final byte HEADER_TYPE_STRING = 7;
    public static final int MAX_HEADER_NAME_LENGTH = 255;
    public static final int MAX_HEADER_STRING_LENGTH = 0xFFFF;
    /** AWS limits: 128 KiB of headers, 16 MiB per message. */
    public static final int MAX_HEADERS_LENGTH = 128 * 1024;
    public static final int MAX_MESSAGE_LENGTH = 16 * 1024 * 1024;

    public static final String MESSAGE_TYPE = ":message-type";
    public static final String EVENT_TYPE = ":event-type";
    public static final String EXCEPTION_TYPE = ":exception-type";
    public static final String CONTENT_TYPE = ":content-type";
    public static final String JSON = "application/x-amz-json-1.1";
    public static final String CBOR = "application/x-amz-cbor-1.1";
    public static final String INITIAL_RESPONSE = "initial-response";

    private final Map<String, String> headers;
    private final byte[] payload;

    public EventStreamMessage(Map<String, String> headers, byte[] payload) {
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.payload = payload.clone();
    }

    /** {@code :message-type=event}, {@code :event-type=eventType}, {@code :content-type}. */
    public static EventStreamMessage event(String eventType, String contentType, byte[] payload) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(MESSAGE_TYPE, "event");
        h.put(EVENT_TYPE, eventType);
        h.put(CONTENT_TYPE, contentType);
        return new EventStreamMessage(h, payload);
    }

    /** The first event of a SubscribeToShard response: an empty object in the asked content type. */
    public static EventStreamMessage initialResponse(String contentType, byte[] payload) {
        return event(INITIAL_RESPONSE, contentType, payload);
    }

    /** {@code :message-type=exception}, {@code :exception-type=exceptionType}, {@code :content-type}. */
    public static EventStreamMessage exception(String exceptionType, String contentType, byte[] payload) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(MESSAGE_TYPE, "exception");
        h.put(EXCEPTION_TYPE, exceptionType);
        h.put(CONTENT_TYPE, contentType);
        return new EventStreamMessage(h, payload);
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] payload() {
        return payload.clone();
    }

    public int headersLength() {
        int n = 0;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            n += 1 + utf8(e.getKey()).length + 1 + 2 + utf8(e.getValue()).length;
        }
        return n;
    }

    public int encodedLength() {
        return FRAMING_LENGTH + headersLength() + payload.length;
    }

    public byte[] encode() {
        int headersLength = headersLength();
        int total = FRAMING_LENGTH + headersLength + payload.length;
        if (headersLength > MAX_HEADERS_LENGTH || total > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("event-stream message too large: " + total + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate(total);
        buf.putInt(TOTAL_LENGTH_OFFSET, total);
        buf.putInt(HEADERS_LENGTH_OFFSET, headersLength);
        buf.putInt(PRELUDE_CRC_OFFSET, crc(buf.array(), 0, PRELUDE_CRC_OFFSET));
        buf.position(HEADERS_OFFSET);
        for (Map.Entry<String, String> e : headers.entrySet()) {
            byte[] name = utf8(e.getKey());
            byte[] value = utf8(e.getValue());
            if (name.length == 0 || name.length > MAX_HEADER_NAME_LENGTH) {
                throw new IllegalArgumentException("header name length " + name.length + ": " + e.getKey());
            }
            if (value.length > MAX_HEADER_STRING_LENGTH) {
                throw new IllegalArgumentException("header value too long for " + e.getKey());
            }
            buf.put((byte) name.length).put(name).put(HEADER_TYPE_STRING).putShort((short) value.length).put(value);
        }
        buf.put(payload);
        buf.putInt(crc(buf.array(), 0, total - MESSAGE_CRC_LENGTH));
        return buf.array();
    }

    /**
     * The headers section of a message with {@code headers}: what {@link #frame} puts before each payload of a
     * stream whose messages all carry the same headers.
     */
    public static byte[] headersSection(Map<String, String> headers) {
        byte[] whole = new EventStreamMessage(headers, new byte[0]).encode();
        return java.util.Arrays.copyOfRange(whole, HEADERS_OFFSET, whole.length - MESSAGE_CRC_LENGTH);
    }

    /**
     * One message written straight into a buffer of {@code allocator}: prelude, {@code headersSection}, then the
     * payload of at most {@code maxPayloadLength} bytes that {@code payload} writes at the buffer's writer index,
     * then the CRC: the payload is written once, into the message, instead of into an array the message copies.
     * The prelude, which holds the total length, is filled in once the payload is written.
     */
    public static ByteBuf frame(ByteBufAllocator allocator, byte[] headersSection, int maxPayloadLength,
                                Consumer<ByteBuf> payload) {
        int maxTotal = FRAMING_LENGTH + headersSection.length + maxPayloadLength;
        if (headersSection.length > MAX_HEADERS_LENGTH) {
            throw new IllegalArgumentException("event-stream headers too large: " + headersSection.length + " bytes");
        }
        ByteBuf buf = allocator.buffer(maxTotal, maxTotal);
        try {
            int start = buf.writerIndex();
            buf.writerIndex(start + PRELUDE_LENGTH).writeBytes(headersSection);
            payload.accept(buf);
            int total = buf.writerIndex() - start + MESSAGE_CRC_LENGTH;
            if (total > MAX_MESSAGE_LENGTH) {
                throw new IllegalArgumentException("event-stream message too large: " + total + " bytes");
            }
            buf.setInt(start + TOTAL_LENGTH_OFFSET, total).setInt(start + HEADERS_LENGTH_OFFSET, headersSection.length);
            buf.setInt(start + PRELUDE_CRC_OFFSET, crc(buf, start, PRELUDE_CRC_OFFSET));
            buf.writeInt(crc(buf, start, total - MESSAGE_CRC_LENGTH));
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    private static int crc(ByteBuf buf, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(buf.nioBuffer(offset, length));
        return (int) crc.getValue();
    }

    /** Decodes exactly one whole message; throws {@link EventStreamFormatException} on any damage. */
    public static EventStreamMessage decode(byte[] bytes) {
        if (bytes.length < FRAMING_LENGTH) {
            throw new EventStreamFormatException("message shorter than " + FRAMING_LENGTH + " bytes: " + bytes.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int total = buf.getInt(TOTAL_LENGTH_OFFSET);
        int headersLength = buf.getInt(HEADERS_LENGTH_OFFSET);
        int preludeCrc = buf.getInt(PRELUDE_CRC_OFFSET);
        if (preludeCrc != crc(bytes, 0, PRELUDE_CRC_OFFSET)) {
            throw new EventStreamFormatException("prelude CRC mismatch");
        }
        if (total != bytes.length) {
            throw new EventStreamFormatException("total length " + total + " but " + bytes.length + " bytes given");
        }
        if (total > MAX_MESSAGE_LENGTH || headersLength < 0 || headersLength > MAX_HEADERS_LENGTH
                || headersLength > total - FRAMING_LENGTH) {
            throw new EventStreamFormatException("bad lengths: total " + total + ", headers " + headersLength);
        }
        if (buf.getInt(total - MESSAGE_CRC_LENGTH) != crc(bytes, 0, total - MESSAGE_CRC_LENGTH)) {
            throw new EventStreamFormatException("message CRC mismatch");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int end = HEADERS_OFFSET + headersLength;
        buf.position(HEADERS_OFFSET);
        try {
            while (buf.position() < end) {
                int nameLength = buf.get() & 0xFF;
                String name = new String(bytes, buf.position(), nameLength, StandardCharsets.UTF_8);
                buf.position(buf.position() + nameLength);
                byte type = buf.get();
                if (type != HEADER_TYPE_STRING) {
                    throw new EventStreamFormatException("unsupported header type " + type + " for " + name);
                }
                int valueLength = buf.getShort() & 0xFFFF;
                if (buf.position() + valueLength > end) {
                    throw new EventStreamFormatException("header " + name + " overruns headers section");
                }
                headers.put(name, new String(bytes, buf.position(), valueLength, StandardCharsets.UTF_8));
                buf.position(buf.position() + valueLength);
            }
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            throw new EventStreamFormatException("headers section truncated");
        }
        if (buf.position() != end) {
            throw new EventStreamFormatException("header overruns headers section");
        }
        byte[] payload = new byte[total - FRAMING_LENGTH - headersLength];
        System.arraycopy(bytes, end, payload, 0, payload.length);
        return new EventStreamMessage(headers, payload);
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
