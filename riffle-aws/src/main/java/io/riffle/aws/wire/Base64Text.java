package io.riffle.aws.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * The base64 text of a blob sent as a JSON string, held to Kinesis' strictness. A JSON request's blob is checked
 * here once, as the body's own bytes, and decoded later, straight into wherever its bytes go (a storage batch):
 * {@link #isCanonical} and {@link #decodedLength} read the text without decoding it, {@link #decodeInto} writes
 * the bytes. Text that is not canonical goes to {@link #decode(String)}, which words the refusal as Kinesis does.
 * <pre>
 *   canonical: length a multiple of 4; every character in A-Z a-z 0-9 + /; '=' only as the last one or two;
 *              no bits set past the last byte (so the bytes encode back to the same text)
 * </pre>
 */
final class Base64Text {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    /** Each byte's 6-bit value, -1 outside the alphabet (padding included). */
    private static final byte[] VALUES = new byte[256];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            VALUES[ALPHABET.charAt(i)] = (byte) i;
        }
    }

    private Base64Text() {
    }

    /** Whether {@code text[offset, offset + length)} is canonical base64 (see the class comment). */
    static boolean isCanonical(byte[] text, int offset, int length) {
        if (length % 4 != 0) {
            return false;
        }
        if (length == 0) {
            return true;
        }
        int end = offset + length;
        int padding = padding(text, end);
        int dataEnd = end - padding;
        int invalid = 0;
        for (int i = offset; i < dataEnd; i++) {
            invalid |= VALUES[text[i] & 0xff];
        }
        if (invalid < 0) {
            return false;
        }
        // the last data character carries bits past the last byte when padded: 4 with "==", 2 with "="
        int last = VALUES[text[dataEnd - 1] & 0xff];
        return padding == 0 || (last & (padding == 2 ? 0x0f : 0x03)) == 0;
    }

    /** The number of bytes canonical text decodes to. */
    static int decodedLength(byte[] text, int offset, int length) {
        return length == 0 ? 0 : length / 4 * 3 - padding(text, offset + length);
    }

    /** Decodes canonical text into {@code target} at its position, advancing it by {@link #decodedLength}. */
    static void decodeInto(byte[] text, int offset, int length, ByteBuffer target) {
        if (length == 0) {
            return;
        }
        int end = offset + length;
        int padding = padding(text, end);
        int fullEnd = padding == 0 ? end : end - 4;
        if (target.hasArray()) {
            byte[] out = target.array();
            int o = target.arrayOffset() + target.position();
            for (int i = offset; i < fullEnd; i += 4) {
                int bits = quantum(text, i);
                out[o++] = (byte) (bits >> 16);
                out[o++] = (byte) (bits >> 8);
                out[o++] = (byte) bits;
            }
            target.position(o - target.arrayOffset());
        } else {
            for (int i = offset; i < fullEnd; i += 4) {
                int bits = quantum(text, i);
                target.put((byte) (bits >> 16)).put((byte) (bits >> 8)).put((byte) bits);
            }
        }
        if (padding > 0) {
            int i = end - 4;
            int c = padding == 2 ? 0 : VALUES[text[i + 2] & 0xff];
            int bits = VALUES[text[i] & 0xff] << 18 | VALUES[text[i + 1] & 0xff] << 12 | c << 6;
            target.put((byte) (bits >> 16));
            if (padding == 1) {
                target.put((byte) (bits >> 8));
            }
        }
    }

    private static int quantum(byte[] text, int i) {
        return VALUES[text[i] & 0xff] << 18 | VALUES[text[i + 1] & 0xff] << 12 | VALUES[text[i + 2] & 0xff] << 6
                | VALUES[text[i + 3] & 0xff];
    }

    private static int padding(byte[] text, int end) {
        return text[end - 1] == '=' ? (text[end - 2] == '=' ? 2 : 1) : 0;
    }

    /**
     * Kinesis' three refusals, in this order (texts as kinesalite recorded them, typo included): a length
     * that is not a multiple of 4, a character outside the alphabet or stray padding, text that does not
     * re-encode to itself. The path for text the body's bytes do not hold as canonical base64 (escaped
     * characters, or a refusal to word).
     */
    static byte[] decode(String text) {
        if (text.length() % 4 != 0) {
            throw refused(text, "Base64 encoded length is expected a multiple of 4 bytes but found: " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean isAlphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            boolean isPadding = c == '=' && (i + 1 == text.length() || text.charAt(i + 1) == '=');
            if (!isAlphabet && !isPadding) {
                throw refused(text, "Invalid Base64 character: '" + c + "'");
            }
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw refused(text, "Invalid last non-pad Base64 character dectected");
        }
        if (!isCanonical(text, bytes)) {
            throw refused(text, "Invalid last non-pad Base64 character dectected");
        }
        return bytes;
    }

    /** Whether the bytes encode back to the text; only the last quantum can differ after a clean decode. */
    private static boolean isCanonical(String text, byte[] bytes) {
        int tail = bytes.length % 3 == 0 ? 3 : bytes.length % 3;
        int from = bytes.length - tail;
        if (from < 0) {
            return text.isEmpty();
        }
        String last = Base64.getEncoder().encodeToString(Arrays.copyOfRange(bytes, from, bytes.length));
        return text.regionMatches(text.length() - last.length(), last, 0, last.length())
                && text.length() == (bytes.length + 2) / 3 * 4;
    }

    private static AwsServiceException refused(String text, String reason) {
        return WireCodec.serialization("'" + text + "' can not be converted to a Blob: " + reason);
    }
}
