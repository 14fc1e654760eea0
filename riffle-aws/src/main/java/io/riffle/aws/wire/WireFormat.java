package io.riffle.aws.wire;

/**
 * The two body formats of the AWS JSON protocols: JSON ({@code application/x-amz-json-1.0/1.1}, what boto3,
 * the CLI and JavaScript send) and CBOR ({@code application/x-amz-cbor-1.1}, the Java SDK's default).
 * An answer goes out in its request's format.
 */
public enum WireFormat {
    JSON,
    CBOR
}
