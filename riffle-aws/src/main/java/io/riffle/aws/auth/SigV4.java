package io.riffle.aws.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pure parts of AWS Signature Version 4, as AWS's general reference defines them: the
 * canonical request, the string to sign, the signing key and the encodings they use. No I/O, no
 * clock; {@link SigV4Verifier} applies them to a request.
 *
 * <pre>
 * CanonicalRequest = Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n \n SignedHeaders \n PayloadHash
 * StringToSign     = AWS4-HMAC-SHA256 \n AmzDate \n yyyyMMdd/region/service/aws4_request \n hex(SHA256(CanonicalRequest))
 * SigningKey       = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, yyyyMMdd), region), service), "aws4_request")
 * Signature        = hex(HMAC(SigningKey, StringToSign))
 * </pre>
 *
 * <p>Thread-safe: the digests and MACs are per thread.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    /** {@code yyyyMMdd'T'HHmmss'Z'}, the form of {@code X-Amz-Date} and of the times in AWS's messages. */
    public static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    });
    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    });

    private SigV4() {
    }

    /** Lower-case hex of SHA-256 over {@code bytes}' remaining bytes (its position is left alone). */
    public static String sha256Hex(ByteBuffer bytes) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        digest.update(bytes.duplicate());
        return hex(digest.digest());
    }

    /** The hash of {@code parts} one after another: a body's buffers as they arrived, never copied into one. */
    public static String sha256Hex(ByteBuffer[] parts) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        for (ByteBuffer part : parts) {
            digest.update(part.duplicate());
        }
        return hex(digest.digest());
    }

    public static String sha256Hex(String text) {
        return sha256Hex(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] hmac(byte[] key, String data) {
        Mac mac = HMAC_SHA256.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 refused a key", e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** The key that signs requests of one day, region and service with {@code secretAccessKey}. */
    public static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        byte[] dateKey = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        return hmac(hmac(hmac(dateKey, region), service), "aws4_request");
    }

    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest);
    }

    public static String signature(byte[] signingKey, String stringToSign) {
        return hex(hmac(signingKey, stringToSign));
    }

    /**
     * The canonical URI of a path as the client sent it on the wire (percent-encoded): dot segments
     * removed and empty segments dropped (AWS normalizes every service's paths but S3's), then
     * URI-encoded again, as the SDKs do for every service but S3 ("double encoding").
     */
    public static String canonicalUri(String rawPath) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
                continue;
            }
            segments.add(uriEncode(segment, false));
        }
        boolean isDirectory = rawPath.endsWith("/") || rawPath.endsWith("/.") || rawPath.endsWith("/..");
        StringBuilder uri = new StringBuilder("/").append(String.join("/", segments));
        if (isDirectory && !segments.isEmpty()) {
            uri.append('/');
        }
        return uri.toString();
    }

    /**
     * The canonical query of a raw query string: each name and value percent-decoded, then
     * URI-encoded (RFC 3986 unreserved characters kept, everything else {@code %XX}), the pairs sorted
     * by name and then value; {@code excluded} (a presigned URL's {@code X-Amz-Signature}) left out.
     */
    public static String canonicalQuery(String rawQuery, String excluded) {
        if (rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = percentDecode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : percentDecode(pair.substring(equals + 1));
            if (name.equals(excluded)) {
                continue;
            }
            pairs.add(new String[] {uriEncode(name, true), uriEncode(value, true)});
        }
        pairs.sort((a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        StringBuilder query = new StringBuilder();
        for (String[] pair : pairs) {
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(pair[0]).append('=').append(pair[1]);
        }
        return query.toString();
    }

    /**
     * A header's canonical value: its values (repeats in arrival order) trimmed, runs of blanks
     * inside each collapsed to one space, joined with commas; an obsolete line folding counts as blanks.
     */
    public static String canonicalHeaderValue(List<String> values) {
        StringBuilder value = new StringBuilder();
        for (int v = 0; v < values.size(); v++) {
            if (v > 0) {
                value.append(',');
            }
            String one = values.get(v).strip();
            boolean wasBlank = false;
            for (int i = 0; i < one.length(); i++) {
                char c = one.charAt(i);
                boolean isBlank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
                if (isBlank) {
                    if (!wasBlank) {
                        value.append(' ');
                    }
                } else {
                    value.append(c);
                }
                wasBlank = isBlank;
            }
        }
        return value.toString();
    }

    /** RFC 3986 encoding of UTF-8 bytes: {@code A-Z a-z 0-9 - _ . ~} kept, {@code /} kept unless {@code encodeSlash}. */
    public static String uriEncode(String text, boolean encodeSlash) {
        StringBuilder encoded = null;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean isKept = b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9'
                    || b == '-' || b == '_' || b == '.' || b == '~' || b == '/' && !encodeSlash;
            if (isKept && encoded == null) {
                continue;
            }
            if (encoded == null) {
                encoded = new StringBuilder(bytes.length * 2);
                encoded.append(new String(bytes, 0, i, StandardCharsets.UTF_8));
            }
            if (isKept) {
                encoded.append((char) b);
            } else {
                encoded.append('%').append(Character.toUpperCase(HEX[b >> 4])).append(Character.toUpperCase(HEX[b & 0xf]));
            }
        }
        return encoded == null ? text : encoded.toString();
    }

    /** {@code %XX} sequences decoded as UTF-8; anything else (a {@code +} too) kept as it is. */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()
                    && Character.digit(text.charAt(i + 1), 16) >= 0 && Character.digit(text.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    utf8 = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public static String hex(byte[] bytes) {
        char[] hex = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            hex[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(hex);
    }

    /** Whether two signatures are equal, in time that depends on their length only. */
    public static boolean isSameSignature(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }
}
