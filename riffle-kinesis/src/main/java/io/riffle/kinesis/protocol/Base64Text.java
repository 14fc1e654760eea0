package io.riffle.kinesis.protocol;

import io.riffle.aws.wire.AwsServiceException;
import io.riffle.aws.wire.WireCodec;

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

    /**
     * The bytes of a base64 text; throws a SerializationException with Kinesis' message when it is
     * not canonical. The rules live once, in the wire runtime the generated codecs use.
     */
    static byte[] decode(String text) {
        try {
            return WireCodec.decodeBase64(text);
        } catch (AwsServiceException refused) {
            throw ApiCodec.serialization(refused.getMessage());
        }
    }
}
