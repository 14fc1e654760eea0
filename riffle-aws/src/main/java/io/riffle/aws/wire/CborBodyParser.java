package io.riffle.aws.wire;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

/**
 * A CBOR parser over a body held in one array, which can hand out a byte string as a view of that array instead
 * of a copy ({@link #byteStringView()}), so a blob decoded from a CBOR request is the request's own bytes.
 *
 * <p>A definite-length byte string (RFC 8949 major type 2) is laid out as:
 * <pre>
 *   +----------------+------------------------+-----------------+
 *   | initial byte   | length argument        | the bytes       |
 *   | 010 + info(5b) | 0, 1, 2, 4 or 8 bytes  | length of them  |
 *   +----------------+------------------------+-----------------+
 *   info 0..23: the length itself; 24/25/26/27: a 1/2/4/8-byte big-endian length follows; 31: indefinite
 *   (chunks follow, ended by 0xff)
 * </pre>
 * The parser reports where the token starts (its byte offset in the array); this class reads the header there itself. Anything
 * else (an indefinite-length string, a tag before the string, an offset that does not point at a byte string
 * header) is answered null and the caller copies. The view stays valid as long as the body array is not changed:
 * the HTTP layer hands over a heap array it never reuses.
 */
final class CborBodyParser extends JsonParserDelegate {
    private static final int MAJOR_BYTE_STRING = 2;
    private static final int INFO_ONE_BYTE = 24;
    private static final int INFO_TWO_BYTES = 25;
    private static final int INFO_FOUR_BYTES = 26;
    private static final int INFO_EIGHT_BYTES = 27;

    private final byte[] body;
    private final int start;
    private final int end;

    /** @param parser a CBOR parser created over {@code body[start, start + length)} */
    CborBodyParser(JsonParser parser, byte[] body, int start, int length) {
        super(parser);
        this.body = body;
        this.start = start;
        this.end = start + length;
    }

    /** The current token, a byte string, as a view of the body; null when it cannot be one (then copy). */
    Blob byteStringView() {
        JsonLocation location = delegate.currentTokenLocation();
        // Jackson's byte offset is the index in the array the parser was created over (the body's start included);
        // CborBlobViewTest pins that, at offset 0 and inside a larger array
        long offset = location.getByteOffset();
        if (offset < start || offset >= end) {
            return null;
        }
        int at = (int) offset;
        int initial = body[at] & 0xff;
        if (initial >>> 5 != MAJOR_BYTE_STRING) {
            return null;
        }
        int info = initial & 0x1f;
        int headerBytes;
        long length;
        if (info < INFO_ONE_BYTE) {
            headerBytes = 0;
            length = info;
        } else if (info <= INFO_EIGHT_BYTES) {
            headerBytes = 1 << (info - INFO_ONE_BYTE);
            if (at + 1 + headerBytes > end) {
                return null;
            }
            length = 0;
            for (int i = 0; i < headerBytes; i++) {
                length = length << 8 | (body[at + 1 + i] & 0xff);
            }
        } else {
            return null; // indefinite length (chunks) or reserved
        }
        int dataStart = at + 1 + headerBytes;
        if (length < 0 || length > end - dataStart) {
            return null;
        }
        return Blob.wrap(body, dataStart, (int) length);
    }
}
