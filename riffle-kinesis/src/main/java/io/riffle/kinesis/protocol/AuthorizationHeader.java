package io.riffle.kinesis.protocol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shape check Kinesis makes on an {@code Authorization} header before it verifies anything:
 * after the first word (the algorithm), the comma- or blank-separated {@code key=value} pairs must
 * name a non-empty Credential, Signature and SignedHeaders, and the request must carry an
 * {@code X-Amz-Date} or {@code Date} header. Riffle accepts any well-formed header without
 * verifying the signature (verification belongs to the auth package).
 *
 * <p>Message, as kinesalite recorded it from Kinesis, one sentence per missing part, then the header:
 * <pre>
 * Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter.
 * Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either
 * a 'X-Amz-Date' or a 'Date' header. Authorization=X
 * </pre>
 */
final class AuthorizationHeader {
    private static final List<String> REQUIRED_PARAMETERS = List.of("Credential", "Signature", "SignedHeaders");
    /** Compiled once: String.split compiles a character class like this one on every call, for every request. */
    private static final Pattern WORD_SEPARATORS = Pattern.compile("[, ]");

    private AuthorizationHeader() {
    }

    /** The IncompleteSignatureException message for this header, or null when it is well formed. */
    static String incompleteSignatureMessage(String authorization, boolean hasDateHeader) {
        Map<String, String> parameters = new HashMap<>();
        String[] words = WORD_SEPARATORS.split(authorization, -1);
        for (int i = 1; i < words.length; i++) {
            if (words[i].isEmpty()) {
                continue;
            }
            String[] keyValue = words[i].trim().split("=", -1);
            parameters.put(keyValue[0], keyValue.length > 1 ? keyValue[1] : "");
        }
        StringBuilder message = new StringBuilder();
        for (String parameter : REQUIRED_PARAMETERS) {
            if (parameters.getOrDefault(parameter, "").isEmpty()) {
                message.append("Authorization header requires '").append(parameter).append("' parameter. ");
            }
        }
        if (!hasDateHeader) {
            message.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        return message.isEmpty() ? null : message.append("Authorization=").append(authorization).toString();
    }
}
