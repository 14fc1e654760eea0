package io.riffle.iam;

import io.riffle.storage.io.OwnerOnly;
import io.riffle.storage.io.SecretKeyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals users' secret access keys for the {@code _iam} log (AES-256-GCM; SigV4 needs the plaintext
 * back to verify, so a hash will not do), with a key kept in the data directory (mode 600), so the
 * log alone does not give the secrets away. Sealed form: base64 of a 12-byte nonce then the
 * ciphertext and its 16-byte tag. Thread-safe.
 */
public final class SecretSealer {

    public static final String KEY_FILE = "iam-secrets-key";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    SecretSealer(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The data directory's key, created (mode 600) at the first start. */
    public static SecretSealer loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(KEY_FILE);
        if (Files.exists(file) && !OwnerOnly.groupOrOthers(file).isEmpty()) {
            throw new IOException(file + " (the key that seals IAM secrets) must be readable by its owner only: chmod 600 "
                    + file);
        }
        return new SecretSealer(SecretKeyFile.loadOrCreate(file, KEY_BYTES, "IAM users' secret access keys"));
    }

    public String seal(String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    public String open(String sealed) {
        byte[] bytes = Base64.getDecoder().decode(sealed);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed secret does not open with " + KEY_FILE + " (another data directory's key?)", e);
        }
    }
}
