package io.riffle.iam;

import io.riffle.aws.wire.AwsServiceException;

/** IAM's errors as its model names them (code, status) with the texts IAM answers. */
final class IamError {

    private IamError() {
    }

    static AwsServiceException noSuchEntity(String message) {
        return new AwsServiceException("NoSuchEntity", 404, message);
    }

    static AwsServiceException noSuch(String kind, String name) {
        return noSuchEntity("The " + kind + " with name " + name + " cannot be found.");
    }

    static AwsServiceException alreadyExists(String message) {
        return new AwsServiceException("EntityAlreadyExists", 409, message);
    }

    static AwsServiceException deleteConflict(String message) {
        return new AwsServiceException("DeleteConflict", 409, message);
    }

    static AwsServiceException limitExceeded(String message) {
        return new AwsServiceException("LimitExceeded", 409, message);
    }

    static AwsServiceException malformedPolicy(String message) {
        return new AwsServiceException("MalformedPolicyDocument", 400, message);
    }

    static AwsServiceException invalidInput(String message) {
        return new AwsServiceException("InvalidInput", 400, message);
    }

    /** A required parameter left out, in the query protocol's validation words. */
    static AwsServiceException missing(String member) {
        return new AwsServiceException("ValidationError", 400, "1 validation error detected: Value null at '"
                + member + "' failed to satisfy constraint: Member must not be null");
    }

    static AwsServiceException accessDenied(String message) {
        return new AwsServiceException("AccessDenied", 403, message);
    }
}
