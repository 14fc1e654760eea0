package io.riffle.kinesis.protocol;

import java.util.Locale;
import java.util.Optional;

/**
 * The two encodings of the Kinesis API, told apart by the request's Content-Type. Kinesis answers
 * in the format of the request.
 *
 * <p>Only these two content types reach the operations. {@code application/x-amz-json-1.0}, a
 * missing Content-Type and anything else are not a wire format: Kinesis answers them with XML or
 * legacy errors before looking at the operation (see {@link KinesisApi}).
 */
public enum WireFormat {
    /** AWS JSON 1.1: blobs as base64 strings, timestamps as epoch seconds with a fraction. */
    JSON("application/x-amz-json-1.1"),
    /** AWS CBOR 1.1: blobs as byte strings, timestamps as tag 1 + epoch milliseconds (not seconds). */
    CBOR("application/x-amz-cbor-1.1");

    /** The legacy content type Kinesis still parses but answers with a Coral "Output/Version" wrapper. */
    public static final String LEGACY_JSON = "application/json";

    private final String contentType;

    WireFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The front door's wire format of the same name, which the generated codec reads and writes. */
    public io.riffle.aws.wire.WireFormat wire() {
        return this == JSON ? io.riffle.aws.wire.WireFormat.JSON : io.riffle.aws.wire.WireFormat.CBOR;
    }

    /** The media type, as sent in the response's Content-Type. */
    public String contentType() {
        return contentType;
    }

    /**
     * The wire format named by a Content-Type header: parameters after {@code ;} and surrounding
     * blanks are ignored, case is not significant. Empty for a missing header, JSON 1.0, legacy
     * {@code application/json} and anything else.
     */
    public static Optional<WireFormat> fromContentType(String header) {
        String mediaType = mediaType(header);
        for (WireFormat format : values()) {
            if (format.contentType.equals(mediaType)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The bare media type of a Content-Type header, lower case; "" when the header is missing. */
    public static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        String type = semicolon < 0 ? header : header.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }
}
