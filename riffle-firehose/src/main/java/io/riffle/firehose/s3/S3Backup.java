package io.riffle.firehose.s3;

import io.riffle.firehose.model.BufferingHints;
import io.riffle.firehose.model.CloudWatchLoggingOptions;
import io.riffle.firehose.model.EncryptionConfiguration;
import io.riffle.firehose.model.ExtendedS3DestinationConfiguration;
import io.riffle.firehose.model.S3DestinationConfiguration;
import io.riffle.firehose.model.S3DestinationDescription;
import io.riffle.firehose.model.S3DestinationUpdate;
import java.time.Instant;
import java.time.ZoneId;

/**
 * An ExtendedS3 destination's source record backup (S3BackupMode Enabled): every record as it arrived,
 * before any processor ran, written to the S3BackupConfiguration's bucket under its Prefix (with the
 * default {@code yyyy/MM/dd/HH/} when it has no timestamp expression) in its CompressionFormat.
 *
 * <p>Riffle backs up exactly the records of each destination object, under the same file name (same
 * stream, version, time and uuid, the backup's extension), so a retried delivery rewrites the same
 * backup key with the same bytes. Firehose buffers the backup by the backup's own BufferingHints;
 * Riffle checks them but follows the destination's buffer (documented in docs/architecture.md).
 */
public record S3Backup(String bucket, String prefix, Compression compression, String extension, ZoneId zone) {
    public static final String ENABLED = "Enabled";
    private static final String FIELD = "S3BackupConfiguration.Prefix";

    public static boolean isEnabled(ExtendedS3DestinationConfiguration c) {
        return ENABLED.equals(c.s3BackupModeAsString());
    }

    /**
     * The destination's backup, or null when S3BackupMode is Disabled or absent; a configuration that cannot
     * be served is an {@link IllegalArgumentException} whose message is the InvalidArgumentException's.
     */
    public static S3Backup of(ExtendedS3DestinationConfiguration c) {
        if (!isEnabled(c)) {
            return null;
        }
        S3DestinationConfiguration b = c.s3BackupConfiguration();
        if (b == null) {
            throw new IllegalArgumentException("S3BackupConfiguration is required when S3BackupMode is Enabled.");
        }
        if (b.bucketARN() == null || !b.bucketARN().startsWith("arn:") || !b.bucketARN().contains(":::")) {
            throw new IllegalArgumentException("S3BackupConfiguration.BucketARN must be an S3 bucket ARN"
                    + " (arn:aws:s3:::bucket).");
        }
        Compression compression = Compression.fromWire(b.compressionFormatAsString()).orElseThrow(() ->
                new IllegalArgumentException("CompressionFormat " + b.compressionFormatAsString() + " of"
                        + " S3BackupConfiguration is not supported."));
        String prefix = b.prefix() == null ? "" : b.prefix();
        ObjectKeys.parse(prefix, FIELD, false);
        ObjectKeys.parse(b.errorOutputPrefix(), "S3BackupConfiguration.ErrorOutputPrefix", true);
        String bucket = b.bucketARN().substring(b.bucketARN().indexOf(":::") + 3);
        return new S3Backup(bucket, prefix, compression, compression.extension(), ObjectKeys.zone(c.customTimeZone()));
    }

    /**
     * The backup's key for the destination object whose file name, without its extension, is {@code baseName}.
     *
     * @param seed where the prefix's random strings come from (the object's plan)
     */
    public String key(String baseName, Instant oldestArrival, long seed) {
        return keyPrefix(oldestArrival, seed) + baseName + extension;
    }

    /** The backup's evaluated Prefix (with Firehose's time folders when it has no timestamp of its own). */
    public String keyPrefix(Instant oldestArrival, long seed) {
        return ObjectKeys.prefix(prefix, FIELD, false, oldestArrival, zone, null, seed);
    }

    /** UpdateDestination's S3BackupUpdate applied member by member to the stored backup (null: none yet). */
    public static S3DestinationConfiguration merge(S3DestinationConfiguration c, S3DestinationUpdate u) {
        if (u == null) {
            return c;
        }
        if (c == null) {
            return new S3DestinationConfiguration(u.roleARN(), u.bucketARN(), u.prefix(), u.errorOutputPrefix(),
                    u.bufferingHints(), u.compressionFormatAsString(), u.encryptionConfiguration(),
                    u.cloudWatchLoggingOptions());
        }
        BufferingHints hints = u.bufferingHints() == null ? c.bufferingHints() : c.bufferingHints() == null
                ? u.bufferingHints() : new BufferingHints(or(u.bufferingHints().sizeInMBs(), c.bufferingHints()
                .sizeInMBs()), or(u.bufferingHints().intervalInSeconds(), c.bufferingHints().intervalInSeconds()));
        return new S3DestinationConfiguration(or(u.roleARN(), c.roleARN()), or(u.bucketARN(), c.bucketARN()),
                or(u.prefix(), c.prefix()), or(u.errorOutputPrefix(), c.errorOutputPrefix()), hints,
                or(u.compressionFormatAsString(), c.compressionFormatAsString()),
                or(u.encryptionConfiguration(), c.encryptionConfiguration()),
                or(u.cloudWatchLoggingOptions(), c.cloudWatchLoggingOptions()));
    }

    /** S3BackupDescription as DescribeDeliveryStream shows it, Firehose's defaults filled in; null for none. */
    public static S3DestinationDescription describe(S3DestinationConfiguration b) {
        if (b == null) {
            return null;
        }
        BufferingHints hints = b.bufferingHints();
        BufferingHints shown = new BufferingHints(
                hints == null || hints.sizeInMBs() == null ? S3Destination.DEFAULT_SIZE_MIB : hints.sizeInMBs(),
                hints == null || hints.intervalInSeconds() == null ? S3Destination.DEFAULT_INTERVAL_SECONDS
                        : hints.intervalInSeconds());
        return new S3DestinationDescription(b.roleARN(), b.bucketARN(), b.prefix() == null ? "" : b.prefix(),
                b.errorOutputPrefix(), shown,
                b.compressionFormatAsString() == null ? "UNCOMPRESSED" : b.compressionFormatAsString(),
                b.encryptionConfiguration() != null ? b.encryptionConfiguration()
                        : new EncryptionConfiguration("NoEncryption", null),
                b.cloudWatchLoggingOptions() != null ? b.cloudWatchLoggingOptions()
                        : new CloudWatchLoggingOptions(false, null, null));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
