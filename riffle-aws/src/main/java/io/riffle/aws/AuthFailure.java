package io.riffle.aws;

import java.util.Objects;

/**
 * Why a request was refused before it reached its service, as AWS names it: the error code
 * (the JSON protocols' {@code __type}, the query protocol's {@code Code}), the HTTP status and the
 * message. The front door renders it in the request's own wire format.
 */
public record AuthFailure(String code, int status, String message) {

    public AuthFailure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** The answer to {@code request}: an XML {@code ErrorResponse} for the query protocol, else {@code __type} JSON or CBOR. */
    public AwsAnswer answer(AwsRequest request, String requestId) {
        boolean isQuery = request.isForm() || "GET".equals(request.method()) && request.queryParameter("Action") != null;
        return new RoutingFailure(code, status, message, isQuery ? RoutingFailure.Family.QUERY : RoutingFailure.Family.JSON)
                .answer(request, requestId);
    }

    /** No Authorization header and no presigned query: AWS's wording. */
    public static AuthFailure missingAuthenticationToken() {
        return new AuthFailure("MissingAuthenticationTokenException", 400, "Missing Authentication Token");
    }

    /** The access key id is not one the server knows. */
    public static AuthFailure unrecognizedClient() {
        return new AuthFailure("UnrecognizedClientException", 400, "The security token included in the request is invalid.");
    }

    /** The signature does not match the request. */
    public static AuthFailure invalidSignature(String message) {
        return new AuthFailure("InvalidSignatureException", 400, message);
    }

    /** The caller may not perform the action on the resource. */
    public static AuthFailure accessDenied(String callerArn, String action, String resource) {
        return new AuthFailure("AccessDeniedException", 400, "User: " + callerArn + " is not authorized to perform: "
                + action + " on resource: " + resource);
    }
}
