package io.riffle.firehose.http;

import io.riffle.firehose.model.HttpEndpointBufferingHints;
import io.riffle.firehose.model.HttpEndpointCommonAttribute;
import io.riffle.firehose.model.HttpEndpointDestinationConfiguration;
import io.riffle.firehose.model.S3DestinationConfiguration;
import io.riffle.firehose.s3.Compression;
import io.riffle.firehose.s3.ObjectKeys;
import io.riffle.firehose.s3.Processing;
import java.net.URI;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What delivery needs of an HttpEndpoint destination, Firehose's defaults filled in (5 MiB, 300 s, RetryOptions
 * 300 s, S3BackupMode FailedDataOnly), checked once at CreateDeliveryStream: an {@link IllegalArgumentException} is
 * the InvalidArgumentException's message. The S3Configuration is the backup: records that could not be delivered
 * go there under {@code http-endpoint-failed/}, and with AllData every source record under its Prefix too.
 *
 * <p>SecretsManagerConfiguration is stored and described; with it enabled the access key is in that secret
 * ({@code accessKeySecretArn}), which Riffle cannot read (it has no Secrets Manager), so each attempt fails with
 * SecretsManager.ResourceNotFound rather than posting without the key; the records take the failure path (retried,
 * then backed up under {@code http-endpoint-failed/}).
 */
public record HttpDestination(URI url, String accessKey, Map<String, String> commonAttributes, boolean isGzip,
                              long sizeBytes, long intervalMs, long retryMs, boolean isBackingUpAll,
                              String backupBucket, String backupPrefix, Compression backupCompression, ZoneId zone,
                              Processing processing, String accessKeySecretArn) {
    public static final int DEFAULT_SIZE_MIB = 5;
    public static final int DEFAULT_INTERVAL_SECONDS = 300;
    public static final int DEFAULT_RETRY_SECONDS = 300;
    /** Firehose's error output folder (and !{firehose:error-output-type}) for records the endpoint did not take. */
    public static final String FAILED_FOLDER = "http-endpoint-failed";

    public static HttpDestination of(HttpEndpointDestinationConfiguration c, boolean isPlainHttpAllowed) {
        if (c.endpointConfiguration() == null || c.endpointConfiguration().url() == null) {
            throw new IllegalArgumentException("EndpointConfiguration.Url is required.");
        }
        URI url = HttpEndpointSender.checkUrl(c.endpointConfiguration().url(), isPlainHttpAllowed);
        S3DestinationConfiguration s3 = c.s3Configuration();
        if (s3 == null || s3.bucketARN() == null || !s3.bucketARN().contains(":::")) {
            throw new IllegalArgumentException("S3Configuration with an S3 bucket ARN is required: failed records"
                    + " are backed up there.");
        }
        Compression backupCompression = Compression.fromWire(s3.compressionFormatAsString()).orElseThrow(() ->
                new IllegalArgumentException("CompressionFormat " + s3.compressionFormatAsString() + " is not"
                        + " supported."));
        String backupPrefix = s3.prefix() == null ? "" : s3.prefix();
        ObjectKeys.parse(backupPrefix, "S3Configuration.Prefix", false);
        String secretArn = null;
        if (c.secretsManagerConfiguration() != null && Boolean.TRUE.equals(c.secretsManagerConfiguration().enabled())) {
            secretArn = c.secretsManagerConfiguration().secretARN();
            if (secretArn == null) {
                throw new IllegalArgumentException("SecretsManagerConfiguration.SecretARN is required when it is"
                        + " enabled.");
            }
        }
        HttpEndpointBufferingHints hints = c.bufferingHints();
        int sizeMiB = hints == null || hints.sizeInMBs() == null ? DEFAULT_SIZE_MIB : hints.sizeInMBs();
        int intervalSeconds = hints == null || hints.intervalInSeconds() == null ? DEFAULT_INTERVAL_SECONDS
                : hints.intervalInSeconds();
        int retrySeconds = c.retryOptions() == null || c.retryOptions().durationInSeconds() == null
                ? DEFAULT_RETRY_SECONDS : c.retryOptions().durationInSeconds();
        Map<String, String> attributes = new LinkedHashMap<>();
        boolean isGzip = false;
        if (c.requestConfiguration() != null) {
            isGzip = "GZIP".equals(c.requestConfiguration().contentEncodingAsString());
            if (c.requestConfiguration().commonAttributes() != null) {
                for (HttpEndpointCommonAttribute a : c.requestConfiguration().commonAttributes()) {
                    attributes.put(a.attributeName(), a.attributeValue());
                }
            }
        }
        String bucket = s3.bucketARN().substring(s3.bucketARN().indexOf(":::") + 3);
        return new HttpDestination(url, c.endpointConfiguration().accessKey(), java.util.Collections.unmodifiableMap(attributes), isGzip,
                sizeMiB * 1024L * 1024L, intervalSeconds * 1000L, retrySeconds * 1000L,
                "AllData".equals(c.s3BackupModeAsString()), bucket, backupPrefix, backupCompression, ZoneId.of("UTC"),
                Processing.of(c.processingConfiguration()), secretArn);
    }
}
