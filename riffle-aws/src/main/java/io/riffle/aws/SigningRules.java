package io.riffle.aws;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How one service takes SigV4: the words its authentication errors use ({@link Dialect}), how far a request's
 * time may be from the server's, and which region a signature's scope must name. AWS differs per service:
 * Kinesis, Firehose, KMS and Lambda allow 5 minutes, STS, IAM and DynamoDB 15; Kinesis and Firehose answer
 * awsJson errors ({@code InvalidSignatureException}, 400), DynamoDB the same with Coral's {@code __type}
 * namespace, Lambda's REST API 403 with {@code {"message"}}, STS and IAM query-protocol XML
 * ({@code SignatureDoesNotMatch}, 403).
 *
 * @param globalRegions regions a scope may name besides the server's own: a global service's (IAM is signed for
 *                      {@code us-east-1} wherever it runs)
 */
public record SigningRules(Dialect dialect, Duration clockSkew, Set<String> globalRegions) {

    /** The error codes, statuses and envelopes of a family of services. */
    public enum Dialect {
        /**
         * awsJson/CBOR services (Kinesis, Firehose, KMS): {@code MissingAuthenticationTokenException},
         * {@code IncompleteSignatureException}, {@code UnrecognizedClientException},
         * {@code InvalidSignatureException}, {@code ExpiredTokenException}, all 400, {@code __type} in the request's
         * own format and {@code x-amzn-ErrorType}.
         */
        JSON,
        /**
         * DynamoDB (awsJson 1.0): the same errors, 400, with Coral's namespace in {@code __type}
         * ({@code com.amazon.coral.service#UnrecognizedClientException}).
         */
        DYNAMODB,
        /**
         * REST-JSON services (Lambda): the same error codes in {@code x-amzn-ErrorType}, status 403, the body
         * {@code {"message":...}}.
         */
        REST_JSON,
        /**
         * query-protocol services (STS, IAM): {@code MissingAuthenticationToken},
         * {@code InvalidClientTokenId}, {@code SignatureDoesNotMatch}, {@code ExpiredToken} (403) and
         * {@code IncompleteSignature} (400).
         */
        QUERY
    }

    /** Kinesis' rules (and Firehose's, KMS'): JSON errors, 5 minutes. */
    public static final SigningRules JSON_5_MINUTES = new SigningRules(Dialect.JSON, Duration.ofMinutes(5));
    /** STS' and IAM's rules: query errors, 15 minutes. */
    public static final SigningRules QUERY_15_MINUTES = new SigningRules(Dialect.QUERY, Duration.ofMinutes(15));
    /** DynamoDB's rules: Coral-namespaced JSON errors, 15 minutes. */
    public static final SigningRules DYNAMODB_15_MINUTES = new SigningRules(Dialect.DYNAMODB, Duration.ofMinutes(15));
    /** Lambda's rules: REST-JSON errors (403), 5 minutes. */
    public static final SigningRules REST_JSON_5_MINUTES = new SigningRules(Dialect.REST_JSON, Duration.ofMinutes(5));

    public SigningRules {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(clockSkew, "clockSkew");
        globalRegions = Set.copyOf(globalRegions);
    }

    /** Rules whose scopes name the server's region. */
    public SigningRules(Dialect dialect, Duration clockSkew) {
        this(dialect, clockSkew, Set.of());
    }

    /** These rules for a global service, whose scopes may also name {@code regions} wherever the server runs. */
    public SigningRules alsoAccepting(String... regions) {
        return new SigningRules(dialect, clockSkew, Set.of(regions));
    }
}
