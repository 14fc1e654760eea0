package io.riffle.firehose.s3;

import io.riffle.firehose.model.BufferingHints;
import io.riffle.firehose.model.ExtendedS3DestinationConfiguration;
import java.time.ZoneId;

/**
 * What delivery needs of an ExtendedS3 destination, with Firehose's defaults filled in (5 MiB, 300 s,
 * UNCOMPRESSED, no prefix), checked once at CreateDeliveryStream and UpdateDestination: an
 * {@link IllegalArgumentException} here is the InvalidArgumentException's message.
 */
public record S3Destination(String bucket, String prefix, String errorOutputPrefix, long sizeBytes, long intervalMs,
                            Compression compression, String extension, ZoneId zone, Processing processing,
                            boolean isDynamicPartitioning, int retryDurationSeconds) {
    public static final int DEFAULT_SIZE_MIB = 5;
    /** DynamicPartitioningConfiguration.RetryOptions.DurationInSeconds when absent. */
    public static final int DEFAULT_RETRY_SECONDS = 300;
    public static final int DEFAULT_INTERVAL_SECONDS = 300;

    public static S3Destination of(ExtendedS3DestinationConfiguration c) {
        String bucketArn = c.bucketARN();
        String bucket = bucketArn.substring(bucketArn.indexOf(":::") + 3);
        BufferingHints hints = c.bufferingHints();
        int sizeMiB = hints == null || hints.sizeInMBs() == null ? DEFAULT_SIZE_MIB : hints.sizeInMBs();
        int intervalSeconds = hints == null || hints.intervalInSeconds() == null ? DEFAULT_INTERVAL_SECONDS
                : hints.intervalInSeconds();
        Compression compression = Compression.fromWire(c.compressionFormatAsString()).orElseThrow(() ->
                new IllegalArgumentException("CompressionFormat " + c.compressionFormatAsString()
                        + " is not supported."));
        Processing processing = Processing.of(c.processingConfiguration());
        boolean isDynamicPartitioning = c.dynamicPartitioningConfiguration() != null
                && Boolean.TRUE.equals(c.dynamicPartitioningConfiguration().enabled());
        int retrySeconds = c.dynamicPartitioningConfiguration() == null
                || c.dynamicPartitioningConfiguration().retryOptions() == null
                || c.dynamicPartitioningConfiguration().retryOptions().durationInSeconds() == null
                ? DEFAULT_RETRY_SECONDS : c.dynamicPartitioningConfiguration().retryOptions().durationInSeconds();
        if (c.dataFormatConversionConfiguration() != null
                && !Boolean.FALSE.equals(c.dataFormatConversionConfiguration().enabled())) {
            throw new IllegalArgumentException("Record format conversion (DataFormatConversionConfiguration) is not"
                    + " supported by this version of Riffle yet.");
        }
        S3Backup.of(c); // checked here; delivery reads it again
        String prefix = c.prefix() == null ? "" : c.prefix();
        String errorPrefix = c.errorOutputPrefix() == null ? "" : c.errorOutputPrefix();
        ObjectKeys.parse(prefix, "Prefix", false);
        ObjectKeys.parse(errorPrefix, "ErrorOutputPrefix", true);
        if (ObjectKeys.hasExpressions(prefix) && errorPrefix.isEmpty()) {
            throw new IllegalArgumentException("ErrorOutputPrefix cannot be null or empty when Prefix contains"
                    + " expressions.");
        }
        DynamicPartitioning.check(isDynamicPartitioning, prefix, errorPrefix, processing);
        ZoneId zone = ObjectKeys.zone(c.customTimeZone());
        return new S3Destination(bucket, prefix, errorPrefix, sizeMiB * 1024L * 1024L, intervalSeconds * 1000L,
                compression, ObjectKeys.extension(c.fileExtension(), compression), zone, processing,
                isDynamicPartitioning, retrySeconds);
    }
}
