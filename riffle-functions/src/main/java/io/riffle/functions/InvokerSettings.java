package io.riffle.functions;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How functions are reached.
 *
 * @param functionUrls {@code function.<name>.url}: the invoke URL of one function, by its name (a mapping that
 *     names the function by ARN finds it by the ARN's name); POSTed to as it is
 * @param lambdaEndpoint {@code lambda-endpoint}: the Lambda API endpoint for every other function (its invoke URL
 *     is {@code <endpoint>/2015-03-31/functions/<name or ARN>/invocations}), or null for none
 * @param credentials what requests to {@link #lambdaEndpoint} are signed with (SigV4, service {@code lambda}), or
 *     null to send them unsigned (a local emulator); {@link #functionUrls} are never signed
 * @param region the SigV4 region
 * @param connectTimeout how long a connection may take to open
 * @param invokeTimeout how long an invocation may take, from sending the request to the whole answer (Lambda's
 *     longest function timeout is 15 minutes)
 * @param maxConcurrencyPerFunction how many invocations of one function run at once; more wait their turn
 * @param maxPayloadBytes the largest request and response payload (Lambda's synchronous limit, 6 MB)
 */
public record InvokerSettings(Map<String, URI> functionUrls, URI lambdaEndpoint, Credentials credentials, String region,
                              Duration connectTimeout, Duration invokeTimeout, int maxConcurrencyPerFunction,
                              int maxPayloadBytes) {

    /** Lambda's synchronous invocation payload limit, request and response: 6 MB (6,291,456 bytes). */
    public static final int LAMBDA_MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_INVOKE_TIMEOUT = Duration.ofMinutes(15).plusSeconds(30);
    public static final int DEFAULT_MAX_CONCURRENCY_PER_FUNCTION = 100;

    /** AWS credentials; the session token is null for long-term keys. */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        public Credentials {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + ", secret hidden]";
        }
    }

    public InvokerSettings {
        functionUrls = Map.copyOf(functionUrls);
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(invokeTimeout, "invokeTimeout");
        if (maxConcurrencyPerFunction < 1) {
            throw new IllegalArgumentException("maxConcurrencyPerFunction must be at least 1: " + maxConcurrencyPerFunction);
        }
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("maxPayloadBytes must be at least 1: " + maxPayloadBytes);
        }
        functionUrls.forEach((name, url) -> requireHttp(url, "function." + name + ".url"));
        if (lambdaEndpoint != null) {
            requireHttp(lambdaEndpoint, "lambda-endpoint");
        }
    }

    /** Only per-function URLs and a Lambda endpoint; the other settings at their defaults. */
    public static InvokerSettings of(Map<String, URI> functionUrls, URI lambdaEndpoint) {
        return new InvokerSettings(functionUrls, lambdaEndpoint, null, "us-east-1", DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_INVOKE_TIMEOUT, DEFAULT_MAX_CONCURRENCY_PER_FUNCTION, LAMBDA_MAX_PAYLOAD_BYTES);
    }

    public InvokerSettings withCredentials(Credentials signingCredentials, String signingRegion) {
        return new InvokerSettings(functionUrls, lambdaEndpoint, signingCredentials, signingRegion, connectTimeout,
                invokeTimeout, maxConcurrencyPerFunction, maxPayloadBytes);
    }

    public InvokerSettings withInvokeTimeout(Duration timeout) {
        return new InvokerSettings(functionUrls, lambdaEndpoint, credentials, region, connectTimeout, timeout,
                maxConcurrencyPerFunction, maxPayloadBytes);
    }

    public InvokerSettings withMaxConcurrencyPerFunction(int limit) {
        return new InvokerSettings(functionUrls, lambdaEndpoint, credentials, region, connectTimeout, invokeTimeout,
                limit, maxPayloadBytes);
    }

    public InvokerSettings withMaxPayloadBytes(int limit) {
        return new InvokerSettings(functionUrls, lambdaEndpoint, credentials, region, connectTimeout, invokeTimeout,
                maxConcurrencyPerFunction, limit);
    }

    private static void requireHttp(URI url, String setting) {
        Objects.requireNonNull(url, setting);
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException(setting + " must be an http:// or https:// URL with a host: " + url);
        }
    }
}
