package io.riffle.kinesis.protocol;

import java.util.List;

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

    private AuthorizationHeader() {
    }

    /**
     * The IncompleteSignatureException message for this header, or null when it is well formed. Every request
     * passes here, so it scans the header in place: split by a regular expression into a map of words, it cost
     * C2 0.4 s of CPU to compile, inside a measured read back (docs/benchmarks.md).
     */
    static String incompleteSignatureMessage(String authorization, boolean hasDateHeader) {
        // per required parameter: whether its last word had a value (a later word of the same key wins)
        boolean[] hasValue = new boolean[REQUIRED_PARAMETERS.size()];
        int end = authorization.length();
        int at = nextSeparator(authorization, 0); // past the first word, the algorithm
        while (at < end) {
            int wordStart = at + 1;
            at = nextSeparator(authorization, wordStart);
            int wordEnd = at;
            while (wordStart < wordEnd && authorization.charAt(wordStart) <= ' ') { // String.trim's rule
                wordStart++;
            }
            while (wordEnd > wordStart && authorization.charAt(wordEnd - 1) <= ' ') {
                wordEnd--;
            }
            int equals = indexOf(authorization, '=', wordStart, wordEnd);
            // the value: up to the next '=' (the parts of key=value=more are key, value and more)
            int valueEnd = equals == wordEnd ? wordEnd : indexOf(authorization, '=', equals + 1, wordEnd);
            for (int p = 0; p < hasValue.length; p++) {
                String name = REQUIRED_PARAMETERS.get(p);
                if (equals - wordStart == name.length() && authorization.startsWith(name, wordStart)) {
                    hasValue[p] = valueEnd > equals + 1;
                }
            }
        }
        StringBuilder message = null;
        for (int p = 0; p < hasValue.length; p++) {
            if (!hasValue[p]) {
                message = message == null ? new StringBuilder() : message;
                message.append("Authorization header requires '").append(REQUIRED_PARAMETERS.get(p))
                        .append("' parameter. ");
            }
        }
        if (!hasDateHeader) {
            message = message == null ? new StringBuilder() : message;
            message.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        return message == null ? null : message.append("Authorization=").append(authorization).toString();
    }

    /** The first comma or blank at or after {@code from}; the end when there is none. */
    private static int nextSeparator(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == ' ') {
                return i;
            }
        }
        return s.length();
    }

    /** The first {@code c} in {@code s} from {@code from} to before {@code to}; {@code to} when there is none. */
    private static int indexOf(String s, char c, int from, int to) {
        int i = s.indexOf(c, from);
        return i < 0 || i >= to ? to : i;
    }
}
