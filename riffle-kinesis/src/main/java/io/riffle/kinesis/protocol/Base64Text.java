package io.riffle.kinesis.protocol;

import java.util.Base64;

/**
 * Strict base64 for blob members sent as text, with Kinesis' three refusals, checked in this order
 * (texts as kinesalite recorded them from Kinesis, typo included):
 * <ol>
 *   <li>a length that is not a multiple of 4: "Base64 encoded length is expected a multiple of 4 bytes but found: N"</li>
 *   <li>a character outside {@code A-Za-z0-9+/=}, or a {@code =} followed by anything but {@code =}:
 *       "Invalid Base64 character: 'c'"</li>
 *   <li>text that does not re-encode to itself (non-zero bits after the last character, stray padding):
 *       "Invalid last non-pad Base64 character dectected"</li>
 * </ol>
 * each prefixed by {@code 'TEXT' can not be converted to a Blob: }.
 */
final class Base64Text {
    private Base64Text() {
    }

    /** The bytes of a base64 text; throws a SerializationException with Kinesis' message when it is not canonical. */
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
        if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
            throw refused(text, "Invalid last non-pad Base64 character dectected");
        }
        return bytes;
    }

    private static KinesisException refused(String text, String reason) {
        return ApiCodec.serialization("'" + text + "' can not be converted to a Blob: " + reason);
    }
}
