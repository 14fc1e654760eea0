package io.riffle.aws.auth;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * New access key ids and secrets in AWS's shapes: a 4-letter prefix that says what the key is
 * ({@value #LONG_TERM_PREFIX} long-term, {@value #TEMPORARY_PREFIX} temporary) and 16 base32 letters; a
 * 40-character base64-alphabet secret. Thread-safe.
 */
public final class AccessKeyGenerator {
    public static final String LONG_TERM_PREFIX = "AKIA";
    public static final String TEMPORARY_PREFIX = "ASIA";
    /** Base32 letters, as AWS's key ids use. */
    private static final String KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final int KEY_ID_RANDOM_LETTERS = 16;
    private static final int SECRET_LETTERS = 40;

    private final SecureRandom random;

    public AccessKeyGenerator(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public String keyId(String prefix) {
        return prefix + randomText(KEY_ID_ALPHABET, KEY_ID_RANDOM_LETTERS);
    }

    public String secret() {
        return randomText(SECRET_ALPHABET, SECRET_LETTERS);
    }

    private String randomText(String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
