package io.riffle.aws;

import java.util.Objects;

/**
 * Why a request was refused before it reached its service, as AWS names it: the error code
 * (the JSON protocols' {@code __type}, the query protocol's {@code Code}), the HTTP status, the
 * message and the error shape of the service's protocol. The front door renders it.
 *
 * @param family the shape, or null for the request's own: query XML for a query-protocol request, else
 *               {@code __type} in JSON or CBOR
 */
public record AuthFailure(String code, int status, String message, RoutingFailure.Family family) {

    public AuthFailure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** A failure in the shape of the request's own protocol. */
    public AuthFailure(String code, int status, String message) {
        this(code, status, message, null);
    }

    /** The answer to {@code request}: in the failure's family, else an XML {@code ErrorResponse} for the query protocol, else {@code __type} JSON or CBOR. */
    public AwsAnswer answer(AwsRequest request, String requestId) {
        boolean isQuery = request.isForm() || "GET".equals(request.method()) && request.queryParameter("Action") != null;
        RoutingFailure.Family shape = family != null ? family
                : isQuery ? RoutingFailure.Family.QUERY : RoutingFailure.Family.JSON;
        return new RoutingFailure(code, status, message, shape).answer(request, requestId);
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
