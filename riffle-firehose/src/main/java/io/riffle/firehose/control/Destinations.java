package io.riffle.firehose.control;

import io.riffle.aws.wire.WireCodec;
import io.riffle.aws.wire.WireFormat;
import io.riffle.aws.wire.WireReader;
import io.riffle.aws.wire.WireWriter;
import io.riffle.firehose.model.BufferingHints;
import io.riffle.firehose.model.CloudWatchLoggingOptions;
import io.riffle.firehose.model.EncryptionConfiguration;
import io.riffle.firehose.model.ExtendedS3DestinationConfiguration;
import io.riffle.firehose.model.ExtendedS3DestinationDescription;
import io.riffle.firehose.model.ExtendedS3DestinationUpdate;
import io.riffle.firehose.model.FirehoseCodec;
import io.riffle.firehose.model.HttpEndpointBufferingHints;
import io.riffle.firehose.model.HttpEndpointConfiguration;
import io.riffle.firehose.model.HttpEndpointDestinationUpdate;
import io.riffle.firehose.model.HttpEndpointDescription;
import io.riffle.firehose.model.HttpEndpointDestinationConfiguration;
import io.riffle.firehose.model.HttpEndpointDestinationDescription;
import io.riffle.firehose.model.HttpEndpointRetryOptions;
import io.riffle.firehose.model.S3DestinationConfiguration;
import io.riffle.firehose.model.S3DestinationDescription;
import io.riffle.firehose.model.S3DestinationUpdate;
import io.riffle.firehose.s3.S3Backup;
import java.nio.charset.StandardCharsets;

/**
 * The stored form of a destination (the ExtendedS3DestinationConfiguration as the generated codec writes
 * it in JSON, so it keeps every member a client sent, in AWS's names) and its conversions: from the
 * legacy S3DestinationConfiguration, merged with an update member by member, described with Firehose's
 * defaults filled in.
 */
public final class Destinations {
    private static final WireCodec CODEC = WireCodec.standard();

    private Destinations() {
    }

    /** A shape as the stored JSON (the generated codec's wire JSON, AWS's member names). */
    static <T> String json(T value, WireWriter<T> writer) {
        return new String(CODEC.encode(WireFormat.JSON, value, writer), StandardCharsets.UTF_8);
    }

    /** A shape read back from its stored JSON. */
    static <T> T parse(String json, WireReader<T> reader) {
        return CODEC.decode(json.getBytes(StandardCharsets.UTF_8), WireFormat.JSON, reader);
    }

    public static String toJson(ExtendedS3DestinationConfiguration c) {
        return json(c, FirehoseCodec::writeExtendedS3DestinationConfiguration);
    }

    public static ExtendedS3DestinationConfiguration fromJson(String json) {
        return parse(json, FirehoseCodec::readExtendedS3DestinationConfiguration);
    }

    /**
     * Whether a stored destination is an HttpEndpoint one: the generated writer puts a shape's members in the model's
     * order, and HttpEndpointDestinationConfiguration's first (required) member is EndpointConfiguration, while
     * ExtendedS3DestinationConfiguration's is RoleARN.
     */
    public static boolean isHttpEndpoint(String json) {
        return json.startsWith("{\"EndpointConfiguration\"");
    }

    public static String toJson(HttpEndpointDestinationConfiguration c) {
        return json(c, FirehoseCodec::writeHttpEndpointDestinationConfiguration);
    }

    public static HttpEndpointDestinationConfiguration httpFromJson(String json) {
        return parse(json, FirehoseCodec::readHttpEndpointDestinationConfiguration);
    }

    /** How DescribeDeliveryStream shows an HttpEndpoint destination: no AccessKey, Firehose's defaults filled in. */
    public static HttpEndpointDestinationDescription describe(HttpEndpointDestinationConfiguration c) {
        HttpEndpointBufferingHints hints = c.bufferingHints();
        HttpEndpointBufferingHints shown = new HttpEndpointBufferingHints(
                hints == null || hints.sizeInMBs() == null ? 5 : hints.sizeInMBs(),
                hints == null || hints.intervalInSeconds() == null ? 300 : hints.intervalInSeconds());
        HttpEndpointRetryOptions retry = c.retryOptions() != null && c.retryOptions().durationInSeconds() != null
                ? c.retryOptions() : new HttpEndpointRetryOptions(300);
        return new HttpEndpointDestinationDescription(new HttpEndpointDescription(c.endpointConfiguration().url(),
                c.endpointConfiguration().name()), shown, c.cloudWatchLoggingOptions() != null
                ? c.cloudWatchLoggingOptions() : new CloudWatchLoggingOptions(false, null, null),
                c.requestConfiguration(), c.processingConfiguration(), c.roleARN(), retry,
                c.s3BackupModeAsString() == null ? "FailedDataOnly" : c.s3BackupModeAsString(),
                S3Backup.describe(c.s3Configuration()), c.secretsManagerConfiguration());
    }

    public static ExtendedS3DestinationConfiguration extended(S3DestinationConfiguration s) {
        return ExtendedS3DestinationConfiguration.builder().roleARN(s.roleARN()).bucketARN(s.bucketARN())
                .prefix(s.prefix()).errorOutputPrefix(s.errorOutputPrefix()).bufferingHints(s.bufferingHints())
                .compressionFormatAsString(s.compressionFormatAsString())
                .encryptionConfiguration(s.encryptionConfiguration())
                .cloudWatchLoggingOptions(s.cloudWatchLoggingOptions()).build();
    }

    /** An ExtendedS3DestinationUpdate applied member by member (an absent member keeps its value). */
    public static ExtendedS3DestinationConfiguration merge(ExtendedS3DestinationConfiguration c, ExtendedS3DestinationUpdate u) {
        return new ExtendedS3DestinationConfiguration(
                or(u.roleARN(), c.roleARN()), or(u.bucketARN(), c.bucketARN()), or(u.prefix(), c.prefix()),
                or(u.errorOutputPrefix(), c.errorOutputPrefix()), mergeHints(c.bufferingHints(), u.bufferingHints()),
                or(u.compressionFormatAsString(), c.compressionFormatAsString()),
                or(u.encryptionConfiguration(), c.encryptionConfiguration()),
                or(u.cloudWatchLoggingOptions(), c.cloudWatchLoggingOptions()),
                or(u.processingConfiguration(), c.processingConfiguration()),
                or(u.s3BackupModeAsString(), c.s3BackupModeAsString()),
                S3Backup.merge(c.s3BackupConfiguration(), u.s3BackupUpdate()),
                or(u.dataFormatConversionConfiguration(), c.dataFormatConversionConfiguration()),
                or(u.dynamicPartitioningConfiguration(), c.dynamicPartitioningConfiguration()),
                or(u.fileExtension(), c.fileExtension()), or(u.customTimeZone(), c.customTimeZone()));
    }

    /**
     * An HttpEndpointDestinationUpdate applied member by member (an absent member keeps its value; an
     * EndpointConfiguration without AccessKey keeps the stored key, which Describe never shows).
     */
    public static HttpEndpointDestinationConfiguration merge(HttpEndpointDestinationConfiguration c,
                                                             HttpEndpointDestinationUpdate u) {
        HttpEndpointConfiguration endpoint = u.endpointConfiguration() == null ? c.endpointConfiguration()
                : new HttpEndpointConfiguration(u.endpointConfiguration().url(), u.endpointConfiguration().name(),
                or(u.endpointConfiguration().accessKey(), c.endpointConfiguration() == null ? null
                        : c.endpointConfiguration().accessKey()));
        HttpEndpointBufferingHints hints = u.bufferingHints() == null ? c.bufferingHints() : c.bufferingHints() == null
                ? u.bufferingHints() : new HttpEndpointBufferingHints(or(u.bufferingHints().sizeInMBs(),
                c.bufferingHints().sizeInMBs()), or(u.bufferingHints().intervalInSeconds(),
                c.bufferingHints().intervalInSeconds()));
        return new HttpEndpointDestinationConfiguration(endpoint, hints,
                or(u.cloudWatchLoggingOptions(), c.cloudWatchLoggingOptions()),
                or(u.requestConfiguration(), c.requestConfiguration()),
                or(u.processingConfiguration(), c.processingConfiguration()), or(u.roleARN(), c.roleARN()),
                or(u.retryOptions(), c.retryOptions()), or(u.s3BackupModeAsString(), c.s3BackupModeAsString()),
                S3Backup.merge(c.s3Configuration(), u.s3Update()),
                or(u.secretsManagerConfiguration(), c.secretsManagerConfiguration()));
    }

    /** The legacy S3DestinationUpdate applied to the same stored destination. */
    public static ExtendedS3DestinationConfiguration merge(ExtendedS3DestinationConfiguration c, S3DestinationUpdate u) {
        return merge(c, ExtendedS3DestinationUpdate.builder().roleARN(u.roleARN()).bucketARN(u.bucketARN())
                .prefix(u.prefix()).errorOutputPrefix(u.errorOutputPrefix()).bufferingHints(u.bufferingHints())
                .compressionFormatAsString(u.compressionFormatAsString())
                .encryptionConfiguration(u.encryptionConfiguration())
                .cloudWatchLoggingOptions(u.cloudWatchLoggingOptions()).build());
    }

    private static BufferingHints mergeHints(BufferingHints current, BufferingHints update) {
        if (update == null) {
            return current;
        }
        if (current == null) {
            return update;
        }
        return new BufferingHints(or(update.sizeInMBs(), current.sizeInMBs()),
                or(update.intervalInSeconds(), current.intervalInSeconds()));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** How DescribeDeliveryStream shows it: Firehose's defaults for what the client left out. */
    public static ExtendedS3DestinationDescription describe(ExtendedS3DestinationConfiguration c) {
        BufferingHints hints = c.bufferingHints();
        BufferingHints shown = new BufferingHints(
                hints == null || hints.sizeInMBs() == null ? 5 : hints.sizeInMBs(),
                hints == null || hints.intervalInSeconds() == null ? 300 : hints.intervalInSeconds());
        EncryptionConfiguration encryption = c.encryptionConfiguration() != null ? c.encryptionConfiguration()
                : new EncryptionConfiguration("NoEncryption", null);
        CloudWatchLoggingOptions logging = c.cloudWatchLoggingOptions() != null ? c.cloudWatchLoggingOptions()
                : new CloudWatchLoggingOptions(false, null, null);
        String compression = c.compressionFormatAsString() == null ? "UNCOMPRESSED" : c.compressionFormatAsString();
        return new ExtendedS3DestinationDescription(c.roleARN(), c.bucketARN(), c.prefix() == null ? "" : c.prefix(),
                c.errorOutputPrefix(), shown, compression, encryption, logging, c.processingConfiguration(),
                c.s3BackupModeAsString() == null ? "Disabled" : c.s3BackupModeAsString(),
                S3Backup.describe(c.s3BackupConfiguration()),
                c.dataFormatConversionConfiguration(), c.dynamicPartitioningConfiguration(), c.fileExtension(),
                c.customTimeZone());
    }

    /** The legacy view AWS also answers beside the extended one. */
    public static S3DestinationDescription describeLegacy(ExtendedS3DestinationDescription d) {
        return new S3DestinationDescription(d.roleARN(), d.bucketARN(), d.prefix(), d.errorOutputPrefix(),
                d.bufferingHints(), d.compressionFormatAsString(), d.encryptionConfiguration(),
                d.cloudWatchLoggingOptions());
    }
}
