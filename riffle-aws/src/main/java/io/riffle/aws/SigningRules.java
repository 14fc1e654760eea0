package io.riffle.aws;

import java.time.Duration;
import java.util.Objects;

/**
 * How one service takes SigV4: the words its authentication errors use ({@link Dialect}) and how far
 * a request's time may be from the server's. AWS differs per service: Kinesis, KMS and Lambda allow
 * 5 minutes and answer JSON errors ({@code InvalidSignatureException}, 400); STS, IAM and DynamoDB
 * allow 15 minutes, and STS and IAM answer query-protocol XML ({@code SignatureDoesNotMatch}, 403).
 */
public record SigningRules(Dialect dialect, Duration clockSkew) {

    /** The error codes and statuses of a family of services. */
    public enum Dialect {
        /**
         * awsJson/CBOR services (Kinesis, DynamoDB, KMS): {@code MissingAuthenticationTokenException},
         * {@code IncompleteSignatureException}, {@code UnrecognizedClientException},
         * {@code InvalidSignatureException}, {@code ExpiredTokenException}, all 400.
         */
        JSON,
        /**
         * query-protocol services (STS, IAM): {@code MissingAuthenticationToken},
         * {@code InvalidClientTokenId}, {@code SignatureDoesNotMatch}, {@code ExpiredToken} (403) and
         * {@code IncompleteSignature} (400).
         */
        QUERY
    }

    /** Kinesis' rules (and KMS' and Lambda's): JSON errors, 5 minutes. */
    public static final SigningRules JSON_5_MINUTES = new SigningRules(Dialect.JSON, Duration.ofMinutes(5));
    /** STS' and IAM's rules: query errors, 15 minutes. */
    public static final SigningRules QUERY_15_MINUTES = new SigningRules(Dialect.QUERY, Duration.ofMinutes(15));

    public SigningRules {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(clockSkew, "clockSkew");
    }
}
