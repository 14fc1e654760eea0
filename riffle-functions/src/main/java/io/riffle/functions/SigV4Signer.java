package io.riffle.functions;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a request with AWS Signature Version 4 (header form), as the AWS SDKs sign Lambda's Invoke: a canonical
 * request over the method, the path (each segment URI-encoded again, as every service but S3 expects), the sorted
 * query, the signed headers ({@code host}, {@code x-amz-date}, the session token and the caller's headers, names in
 * lower case, sorted) and the payload's SHA-256; the string to sign over it with the credential scope
 * {@code <date>/<region>/<service>/aws4_request}; the key derived by HMAC-SHA256 from {@code "AWS4" + secret}.
 * Pure; the SDK's own signer is the oracle in the tests.
 *
 * <p>The server side is riffle-aws's {@code auth/SigV4Verifier}, written apart: the two share no code yet (a later
 * step may move the key derivation and canonical forms into one place); {@code SigV4SignerTest} checks that the
 * verifier accepts what this signs.
 */
final class SigV4Signer {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private SigV4Signer() {
    }

    /**
     * The headers to add to the request so that it is signed: {@code X-Amz-Date}, {@code X-Amz-Content-Sha256},
     * {@code X-Amz-Security-Token}
     * (with a session token) and {@code Authorization}.
     *
     * @param headers the request's other headers that are sent and signed (not {@code Host}: it is taken from
     *     {@code uri})
     */
    static Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body, Instant now,
                                    String region, String service, InvokerSettings.Credentials credentials) {
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        Map<String, String> added = new LinkedHashMap<>();
        String payloadHash = HEX.formatHex(sha256(body));
        added.put("X-Amz-Date", amzDate);
        added.put("X-Amz-Content-Sha256", payloadHash); // as the SDKs send it
        if (credentials.sessionToken() != null) {
            added.put("X-Amz-Security-Token", credentials.sessionToken());
        }
        TreeMap<String, String> signed = new TreeMap<>();
        signed.put("host", hostHeader(uri));
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), trimmed(value)));
        added.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), trimmed(value)));
        StringBuilder canonicalHeaders = new StringBuilder();
        signed.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value).append('\n'));
        String signedHeaders = String.join(";", signed.keySet());
        String canonicalRequest = method + "\n" + canonicalPath(uri.getRawPath()) + "\n" + canonicalQuery(uri.getRawQuery())
                + "\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + payloadHash;
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String signature = HEX.formatHex(hmac(key, stringToSign));
        added.put("Authorization", ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        return added;
    }

    /** The Host header's value: the host, and the port unless it is the scheme's default. */
    static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean isDefault = port == -1 || "https".equalsIgnoreCase(uri.getScheme()) && port == 443
                || "http".equalsIgnoreCase(uri.getScheme()) && port == 80;
        return isDefault ? uri.getHost() : uri.getHost() + ":" + port;
    }

    /** Each segment of the (already encoded) path encoded once more; an empty path is "/". */
    static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder(rawPath.length() + 16);
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '/') {
                out.append('/');
            } else {
                encode(String.valueOf(c), out);
            }
        }
        return out.toString();
    }

    /** The query's parameters decoded, encoded canonically and sorted by name, then value. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = decode(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : decode(part.substring(eq + 1));
            StringBuilder n = new StringBuilder();
            StringBuilder v = new StringBuilder();
            encode(name, n);
            encode(value, v);
            pairs.add(new String[] {n.toString(), v.toString()});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder out = new StringBuilder();
        for (String[] pair : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    /** RFC 3986 encoding: unreserved characters as they are, every other UTF-8 byte as %XX (upper case). */
    private static void encode(String text, StringBuilder out) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String trimmed(String value) {
        return value.strip().replaceAll("\\s+", " ");
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
        }
    }
}
