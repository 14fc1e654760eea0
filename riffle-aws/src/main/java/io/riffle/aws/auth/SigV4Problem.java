package io.riffle.aws.auth;

import io.riffle.aws.AuthFailure;
import io.riffle.aws.SigningRules;

/**
 * What is wrong with a request's signature, before it is put in a service's words
 * ({@link #failure}): the same problem is {@code InvalidSignatureException} (400) to Kinesis and
 * {@code SignatureDoesNotMatch} (403) to STS.
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

    /** The error {@code dialect}'s services answer for this problem; {@code message} for the problems whose text varies. */
    public AuthFailure failure(SigningRules.Dialect dialect, String message) {
        boolean isJson = dialect == SigningRules.Dialect.JSON;
        return switch (this) {
            case MISSING_TOKEN -> isJson
                    ? new AuthFailure("MissingAuthenticationTokenException", 400, "Missing Authentication Token")
                    : new AuthFailure("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
            case INCOMPLETE_SIGNATURE -> new AuthFailure(isJson ? "IncompleteSignatureException" : "IncompleteSignature",
                    400, message);
            case UNRECOGNIZED_CLIENT -> isJson
                    ? new AuthFailure("UnrecognizedClientException", 400, INVALID_TOKEN_MESSAGE)
                    : new AuthFailure("InvalidClientTokenId", 403, INVALID_TOKEN_MESSAGE);
            case INVALID_SIGNATURE -> isJson
                    ? new AuthFailure("InvalidSignatureException", 400, message)
                    : new AuthFailure("SignatureDoesNotMatch", 403, message);
            case EXPIRED_TOKEN -> isJson
                    ? new AuthFailure("ExpiredTokenException", 400, EXPIRED_TOKEN_MESSAGE)
                    : new AuthFailure("ExpiredToken", 403, EXPIRED_TOKEN_MESSAGE);
        };
    }
}
