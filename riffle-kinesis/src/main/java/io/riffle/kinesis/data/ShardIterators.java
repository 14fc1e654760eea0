package io.riffle.kinesis.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shard iterators: opaque to clients (encrypted), signed so they cannot be forged or altered, and valid
 * across restarts (the key is kept in the data directory, {@link IteratorKeyFile}). In Kinesis' shape:
 * standard base64 with padding, of an 8-byte header and a body of 16-byte blocks, at least 152 bytes
 * (Kinesis' are 8 bytes {@code 00 00 00 00 00 00 00 01} and 144 bytes or more of 16-byte blocks).
 *
 * <pre>
 * iterator bytes (then standard base64):
 *   0  8 bytes  header: 0x0000000000000002 (format 2)
 *   8 16 bytes  tag: HMAC-SHA256(mac key, header + plain text), first 16 bytes
 *  24  N bytes  plain text, AES-128-CTR (encryption key, counter block = the tag); N is a multiple of 16, >= 128
 * plain text:
 *   0 long  stream incarnation
 *   8 int   shard index
 *  12 long  position of the next record to read
 *  20 long  issue time (epoch ms)
 *  28 byte  stream name length L (0 when not known)
 *  29 L bytes the stream name (ASCII), then zeros up to N
 * </pre>
 * The tag doubles as the counter block (a synthetic IV): equal iterators encrypt equally, different ones
 * never share a key stream's start. Both keys derive from the data directory's secret with HMAC, so an
 * upgrade keeps them. 152 bytes (204 characters) for a short stream name, 184 at most (248 characters),
 * within the model's 512.
 *
 * <p>Format 1 (before this one: 45 bytes in base64url, signed with the secret itself, not encrypted) is
 * still read, so iterators handed out before an upgrade work until they expire (5 minutes after issue).
 */
public final class ShardIterators {
    static final int HEADER_BYTES = 8;
    static final long FORMAT = 2;
    static final int TAG_BYTES = 16;
    static final int BLOCK = 16;
    static final int MIN_PLAIN = 128;
    static final int FIELDS = 29;
    static final int MAX_NAME = 128;
    // format 1
    static final byte LEGACY_VERSION = 1;
    static final int LEGACY_BODY = 29;
    static final int LEGACY_BYTES = LEGACY_BODY + 16;

    /** What an iterator points at; {@code streamName} is null when the iterator does not carry it (format 1). */
    public record Position(long incarnation, int shardIndex, long position, long issuedAtMs, String streamName) {
        public Position(long incarnation, int shardIndex, long position, long issuedAtMs) {
            this(incarnation, shardIndex, position, issuedAtMs, null);
        }
    }

    private final SecretKeySpec legacyKey;
    private final SecretKeySpec macKey;
    private final SecretKeySpec encryptionKey;

    public ShardIterators(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the iterator key needs at least 32 bytes");
        }
        this.legacyKey = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.macKey = new SecretKeySpec(derive(legacyKey, "riffle shard iterator mac"), "HmacSHA256");
        this.encryptionKey = new SecretKeySpec(Arrays.copyOf(derive(legacyKey, "riffle shard iterator encryption"), 16),
                "AES");
        SecretKeySpec mac = macKey;
        SecretKeySpec legacy = legacyKey;
        this.macs = ThreadLocal.withInitial(() -> newMac(mac));
        this.legacyMacs = ThreadLocal.withInitial(() -> newMac(legacy));
    }

    private static byte[] derive(SecretKeySpec secret, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac.doFinal(purpose.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public String encode(Position p) {
        byte[] name = p.streamName() == null ? new byte[0] : p.streamName().getBytes(StandardCharsets.US_ASCII);
        if (name.length > MAX_NAME) {
            throw new IllegalArgumentException("stream name longer than " + MAX_NAME);
        }
        int plainBytes = Math.max(MIN_PLAIN, (FIELDS + name.length + BLOCK - 1) / BLOCK * BLOCK);
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + TAG_BYTES + plainBytes);
        b.putLong(FORMAT).position(HEADER_BYTES + TAG_BYTES);
        b.putLong(p.incarnation()).putInt(p.shardIndex()).putLong(p.position()).putLong(p.issuedAtMs())
                .put((byte) name.length).put(name);
        byte[] bytes = b.array();
        byte[] tag = tag(bytes);
        System.arraycopy(tag, 0, bytes, HEADER_BYTES, TAG_BYTES);
        crypt(bytes, tag);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The iterator's content, or null when it is malformed, forged or altered. */
    public Position decode(String iterator) {
        if (iterator == null) {
            return null;
        }
        if (iterator.length() == (LEGACY_BYTES * 4 + 2) / 3) {
            return decodeLegacy(iterator);
        }
        if (!hasZeroPadBits(iterator)) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(iterator);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int plainBytes = bytes.length - HEADER_BYTES - TAG_BYTES;
        if (plainBytes < MIN_PLAIN || plainBytes % BLOCK != 0 || ByteBuffer.wrap(bytes).getLong() != FORMAT) {
            return null;
        }
        byte[] tag = Arrays.copyOfRange(bytes, HEADER_BYTES, HEADER_BYTES + TAG_BYTES);
        crypt(bytes, tag);
        if (!MessageDigest.isEqual(tag, tag(bytes))) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, HEADER_BYTES + TAG_BYTES, plainBytes);
        long incarnation = b.getLong();
        int shard = b.getInt();
        long position = b.getLong();
        long issuedAt = b.getLong();
        int nameLength = b.get() & 0xFF;
        if (nameLength > plainBytes - FIELDS) {
            return null;
        }
        String name = nameLength == 0 ? null
                : new String(bytes, HEADER_BYTES + TAG_BYTES + FIELDS, nameLength, StandardCharsets.US_ASCII);
        return new Position(incarnation, shard, position, issuedAt, name);
    }

    /**
     * Whether the bits the last character carries beyond the data are zero, as the encoder writes them.
     * The JDK's decoder ignores them, so without this check four spellings of one iterator decode alike
     * and an altered last character would pass as the original.
     */
    static boolean hasZeroPadBits(String text) {
        int padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
        if (padding == 0 || text.length() <= padding) {
            return true;
        }
        char last = text.charAt(text.length() - padding - 1);
        int value = last >= 'A' && last <= 'Z' ? last - 'A'
                : last >= 'a' && last <= 'z' ? last - 'a' + 26
                : last >= '0' && last <= '9' ? last - '0' + 52
                : last == '+' ? 62 : last == '/' ? 63 : -1;
        int unusedBits = padding == 1 ? 0b11 : 0b1111;
        return value >= 0 && (value & unusedBits) == 0;
    }

    private Position decodeLegacy(String iterator) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(iterator);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (bytes.length != LEGACY_BYTES || bytes[0] != LEGACY_VERSION) {
            return null;
        }
        Mac mac = legacyMacs.get();
        mac.update(bytes, 0, LEGACY_BODY);
        byte[] expected = Arrays.copyOf(mac.doFinal(), 16);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, LEGACY_BODY, LEGACY_BYTES))) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, LEGACY_BODY - 1);
        return new Position(b.getLong(), b.getInt(), b.getLong(), b.getLong());
    }

    /** A Mac and a Cipher per thread: creating them per call costs more than the work. */
    private final ThreadLocal<Mac> macs;
    private final ThreadLocal<Mac> legacyMacs;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR unavailable", e);
        }
    });

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The tag over the header and the plain text (the tag's own bytes left out). */
    private byte[] tag(byte[] bytes) {
        Mac mac = macs.get();
        mac.update(bytes, 0, HEADER_BYTES);
        mac.update(bytes, HEADER_BYTES + TAG_BYTES, bytes.length - HEADER_BYTES - TAG_BYTES);
        return Arrays.copyOf(mac.doFinal(), TAG_BYTES);
    }

    /** Encrypts or decrypts the plain text in place (CTR is its own inverse). */
    private void crypt(byte[] bytes, byte[] tag) {
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new IvParameterSpec(tag));
            int offset = HEADER_BYTES + TAG_BYTES;
            cipher.doFinal(bytes, offset, bytes.length - offset, bytes, offset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR failed", e);
        }
    }
}
