package io.riffle.kinesis.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Standard base64 with padding (as Jackson writes a binary value) of slices of buffers, by the JDK's encoder, which
 * HotSpot compiles to vector instructions: about 6x faster per KiB than a table loop on this project's machines (see
 * docs/benchmarks.md). That encoder takes whole arrays only, so a slice is copied into a scratch array of exactly its
 * length, when the record before had the same length (the usual case: a stream's records are often of one size), or
 * else into power-of-two blocks of 3-byte groups; the last 1 or 2 bytes and the padding are written here.
 * One thread; the scratch arrays live as long as the object (one answer).
 */
final class Base64Slices {
    private static final Base64.Encoder ENCODER = Base64.getEncoder();
    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
    /** The largest block: 3 x 2^10 bytes. */
    private static final int LARGEST_BLOCK_SHIFT = 10;

    private final byte[][] blocks = new byte[LARGEST_BLOCK_SHIFT + 1][];
    private final byte[][] encodedBlocks = new byte[LARGEST_BLOCK_SHIFT + 1][];
    private byte[] exact = new byte[0];
    private byte[] encodedExact = new byte[0];
    private int lastWholeLength = -1;

    /** The characters {@code length} bytes take. */
    static int encodedLength(int length) {
        return (length + 2) / 3 * 4;
    }

    /** Writes the base64 of {@code length} bytes of {@code data} from {@code offset} (absolute; not moved) to {@code out}. */
    void write(StagedOutput out, ByteBuffer data, int offset, int length) {
        int whole = length - length % 3;
        if (whole == exact.length || whole == lastWholeLength && whole <= 3 << LARGEST_BLOCK_SHIFT) {
            if (whole != exact.length) {
                exact = new byte[whole];
                encodedExact = new byte[encodedLength(whole)];
            }
            encode(out, data, offset, exact, encodedExact);
        } else {
            for (int at = 0; at < whole; ) {
                int groups = (whole - at) / 3;
                int shift = Math.min(LARGEST_BLOCK_SHIFT, 31 - Integer.numberOfLeadingZeros(groups));
                encode(out, data, offset + at, block(shift), encodedBlocks[shift]);
                at += 3 << shift;
            }
        }
        lastWholeLength = whole;
        if (length > whole) {
            writeLast(out, data, offset + whole, length - whole);
        }
    }

    private static void encode(StagedOutput out, ByteBuffer data, int offset, byte[] scratch, byte[] encoded) {
        if (scratch.length == 0) {
            return;
        }
        data.get(offset, scratch, 0, scratch.length);
        ENCODER.encode(scratch, encoded);
        out.copy(encoded, 0, encoded.length);
    }

    private byte[] block(int shift) {
        if (blocks[shift] == null) {
            blocks[shift] = new byte[3 << shift];
            encodedBlocks[shift] = new byte[4 << shift];
        }
        return blocks[shift];
    }

    /** The last 1 or 2 bytes: four characters with padding. */
    private static void writeLast(StagedOutput out, ByteBuffer data, int offset, int count) {
        int bits = (data.get(offset) & 0xFF) << 16 | (count == 2 ? (data.get(offset + 1) & 0xFF) << 8 : 0);
        ByteBuffer s = out.room(4);
        s.put(ALPHABET[bits >>> 18]).put(ALPHABET[(bits >>> 12) & 0x3F])
                .put(count == 2 ? ALPHABET[(bits >>> 6) & 0x3F] : (byte) '=').put((byte) '=');
    }
}
