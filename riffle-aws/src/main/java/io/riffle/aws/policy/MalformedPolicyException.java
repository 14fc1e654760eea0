package io.riffle.aws.policy;

/** A policy document IAM would refuse ({@code MalformedPolicyDocument}), with IAM's message. */
public final class MalformedPolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedPolicyException(String message) {
        super(message);
    }
}
