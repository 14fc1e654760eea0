package io.riffle.iam;

import java.security.SecureRandom;

/** IAM's ARNs and generated ids (AKIA access keys, AIDA users, AGPA groups, AROA roles, ANPA policies). */
final class IamNames {

    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom RANDOM = new SecureRandom();

    private IamNames() {
    }

    static String arn(String accountId, String kind, String path, String name) {
        return "arn:aws:iam::" + accountId + ":" + kind + (path == null || path.isEmpty() ? "/" : path) + name;
    }

    static String id(String prefix) {
        return prefix + random(ID_ALPHABET, 17);
    }

    static String accessKeyId() {
        return "AKIA" + random(ID_ALPHABET, 16);
    }

    static String secretAccessKey() {
        return random(SECRET_ALPHABET, 40);
    }

    private static String random(String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
