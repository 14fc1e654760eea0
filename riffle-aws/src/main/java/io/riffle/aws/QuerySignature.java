package io.riffle.aws;

import java.util.List;
import java.util.Map;

/**
 * The shape of a request's query-string (presigned) SigV4 signature, read as Kinesis reads it before it
 * verifies anything (verification is {@link io.riffle.aws.auth.SigV4Verifier}'s):
 * <ul>
 *   <li>a request signs with the query string when it has an {@code X-Amz-Algorithm} parameter (even
 *       empty);</li>
 *   <li>one that also has an {@code Authorization} header is refused: InvalidSignatureException
 *       {@value #BOTH_FORMS};</li>
 *   <li>one missing any of {@link #REQUIRED} (or with it empty) is refused: IncompleteSignatureException,
 *       one sentence per missing parameter, then "Re-examine the query-string parameters."</li>
 * </ul>
 * The texts are kinesalite's record of Kinesis' answers. Pure: no I/O, any thread.
 */
public final class QuerySignature {
    public static final String ALGORITHM = "X-Amz-Algorithm";
    public static final List<String> REQUIRED = List.of(ALGORITHM, "X-Amz-Credential", "X-Amz-Signature",
            "X-Amz-SignedHeaders", "X-Amz-Date");
    public static final String BOTH_FORMS = "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' "
            + "as HTTP header.";

    /** What a request's signature looks like before verification. */
    public enum Form {
        /** Neither an Authorization header nor a query signature. */
        NONE,
        /** An Authorization header only. */
        HEADER,
        /** A complete query signature only. */
        QUERY,
        /** Both forms: refused. */
        BOTH,
        /** A query signature that lacks a parameter: refused. */
        INCOMPLETE_QUERY
    }

    private QuerySignature() {
    }

    public static boolean isPresent(Map<String, List<String>> query) {
        return query.containsKey(ALGORITHM);
    }

    public static Form formOf(Map<String, List<String>> query, String authorization) {
        boolean isQuery = isPresent(query);
        if (authorization != null) {
            return isQuery ? Form.BOTH : Form.HEADER;
        }
        if (!isQuery) {
            return Form.NONE;
        }
        return incompleteMessage(query) == null ? Form.QUERY : Form.INCOMPLETE_QUERY;
    }

    public static Form formOf(AwsRequest request) {
        return formOf(request.query(), request.header("Authorization"));
    }

    /** IncompleteSignatureException's message for this query, or null when every required parameter has a value. */
    public static String incompleteMessage(Map<String, List<String>> query) {
        StringBuilder message = new StringBuilder();
        for (String parameter : REQUIRED) {
            List<String> values = query.get(parameter);
            if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
                message.append("AWS query-string parameters must include '").append(parameter).append("'. ");
            }
        }
        return message.isEmpty() ? null : message.append("Re-examine the query-string parameters.").toString();
    }

    /**
     * The refusal Kinesis answers for this request's signature form before verification, or null when its
     * form is acceptable (or absent: whether a signature is required is the caller's decision).
     */
    public static AuthFailure refusal(AwsRequest request) {
        return switch (formOf(request)) {
            case BOTH -> AuthFailure.invalidSignature(BOTH_FORMS);
            case INCOMPLETE_QUERY -> new AuthFailure("IncompleteSignatureException", 400,
                    incompleteMessage(request.query()));
            case NONE, HEADER, QUERY -> null;
        };
    }
}
