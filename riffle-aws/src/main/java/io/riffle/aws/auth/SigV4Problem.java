package io.riffle.aws.auth;

import io.riffle.aws.AuthFailure;
import io.riffle.aws.RoutingFailure;
import io.riffle.aws.SigningRules;

/**
 * What is wrong with a request's signature, before it is put in a service's words
 * ({@link #failure}): the same problem is {@code InvalidSignatureException} (400) to Kinesis,
 * {@code com.amazon.coral.service#InvalidSignatureException} (400) to DynamoDB, {@code InvalidSignatureException}
 * (403, {@code {"message"}}) to Lambda and {@code SignatureDoesNotMatch} (403) to STS.
 */
public enum SigV4Problem {
    /** Neither an Authorization header nor a presigned query. */
    MISSING_TOKEN,
    /** A malformed Authorization header or presigned query (a part missing, a bad date or credential). */
    INCOMPLETE_SIGNATURE,
    /** An access key id (or session token) the server does not know. */
    UNRECOGNIZED_CLIENT,
    /** The signature, scope or time does not match. */
    INVALID_SIGNATURE,
    /** Temporary credentials past their expiry. */
    EXPIRED_TOKEN;

    static final String INVALID_TOKEN_MESSAGE = "The security token included in the request is invalid.";
    static final String SIGNATURE_MISMATCH_MESSAGE = "The request signature we calculated does not match the signature"
            + " you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation"
            + " for details.";
    static final String EXPIRED_TOKEN_MESSAGE = "The security token included in the request is expired";

    /** DynamoDB's text for an unknown key: without the period the others end it with. */
    static final String DYNAMODB_INVALID_TOKEN_MESSAGE = "The security token included in the request is invalid";
    static final String CORAL_NAMESPACE = "com.amazon.coral.service#";

    /** The error {@code dialect}'s services answer for this problem; {@code message} for the problems whose text varies. */
    public AuthFailure failure(SigningRules.Dialect dialect, String message) {
        return switch (dialect) {
            case QUERY -> query(message);
            case JSON -> json(message, 400, null, INVALID_TOKEN_MESSAGE);
            case REST_JSON -> json(message, 403, RoutingFailure.Family.REST_JSON, INVALID_TOKEN_MESSAGE);
            case DYNAMODB -> {
                AuthFailure plain = json(message, 400, RoutingFailure.Family.JSON, DYNAMODB_INVALID_TOKEN_MESSAGE);
                yield new AuthFailure(CORAL_NAMESPACE + plain.code(), plain.status(),
                        this == MISSING_TOKEN ? "Request is missing Authentication Token" : plain.message(),
                        plain.family());
            }
        };
    }

    private AuthFailure json(String message, int status, RoutingFailure.Family family, String invalidToken) {
        return switch (this) {
            case MISSING_TOKEN -> new AuthFailure("MissingAuthenticationTokenException", status,
                    "Missing Authentication Token", family);
            case INCOMPLETE_SIGNATURE -> new AuthFailure("IncompleteSignatureException", status, message, family);
            case UNRECOGNIZED_CLIENT -> new AuthFailure("UnrecognizedClientException", status, invalidToken, family);
            case INVALID_SIGNATURE -> new AuthFailure("InvalidSignatureException", status, message, family);
            case EXPIRED_TOKEN -> new AuthFailure("ExpiredTokenException", status, EXPIRED_TOKEN_MESSAGE, family);
        };
    }

    private AuthFailure query(String message) {
        return switch (this) {
            case MISSING_TOKEN -> new AuthFailure("MissingAuthenticationToken", 403,
                    "Request is missing Authentication Token");
            case INCOMPLETE_SIGNATURE -> new AuthFailure("IncompleteSignature", 400, message);
            case UNRECOGNIZED_CLIENT -> new AuthFailure("InvalidClientTokenId", 403, INVALID_TOKEN_MESSAGE);
            case INVALID_SIGNATURE -> new AuthFailure("SignatureDoesNotMatch", 403, message);
            case EXPIRED_TOKEN -> new AuthFailure("ExpiredToken", 403, EXPIRED_TOKEN_MESSAGE);
        };
    }
}
