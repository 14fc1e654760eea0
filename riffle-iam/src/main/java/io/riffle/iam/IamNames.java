package io.riffle.iam;

import io.riffle.aws.auth.AccessKeyGenerator;
import java.security.SecureRandom;

/** IAM's ARNs and generated ids (AKIA access keys, AIDA users, AGPA groups, AROA roles, ANPA policies). */
final class IamNames {

    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AccessKeyGenerator KEYS = new AccessKeyGenerator(RANDOM);

    private IamNames() {
    }

    static String arn(String accountId, String kind, String path, String name) {
        return "arn:aws:iam::" + accountId + ":" + kind + (path == null || path.isEmpty() ? "/" : path) + name;
    }

    static String id(String prefix) {
        return prefix + random(ID_ALPHABET, 17);
    }

    static String accessKeyId() {
        return KEYS.keyId(AccessKeyGenerator.LONG_TERM_PREFIX);
    }

    static String secretAccessKey() {
        return KEYS.secret();
    }

    private static String random(String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
