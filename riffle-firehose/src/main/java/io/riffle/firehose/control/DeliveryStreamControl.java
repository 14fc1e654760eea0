package io.riffle.firehose.control;

import io.riffle.firehose.control.DeliveryStream.Encryption;
import io.riffle.firehose.control.DeliveryStream.Status;
import io.riffle.firehose.control.DeliveryStream.TagEntry;
import io.riffle.firehose.control.DeliveryStreamEvent.Created;
import io.riffle.firehose.control.DeliveryStreamEvent.Deleting;
import io.riffle.firehose.control.DeliveryStreamEvent.DestinationUpdated;
import io.riffle.firehose.control.DeliveryStreamEvent.EncryptionSet;
import io.riffle.firehose.control.DeliveryStreamEvent.TagsSet;
import io.riffle.firehose.http.HttpDestination;
import io.riffle.firehose.s3.S3Backup;
import io.riffle.firehose.s3.S3Destination;
import io.riffle.firehose.model.CreateDeliveryStreamInput;
import io.riffle.firehose.model.CreateDeliveryStreamOutput;
import io.riffle.firehose.model.DeleteDeliveryStreamInput;
import io.riffle.firehose.model.DeleteDeliveryStreamOutput;
import io.riffle.firehose.model.DeliveryStreamDescription;
import io.riffle.firehose.model.DeliveryStreamEncryptionConfiguration;
import io.riffle.firehose.model.DeliveryStreamEncryptionConfigurationInput;
import io.riffle.firehose.model.DescribeDeliveryStreamInput;
import io.riffle.firehose.model.DescribeDeliveryStreamOutput;
import io.riffle.firehose.model.DestinationDescription;
import io.riffle.firehose.model.DirectPutSourceDescription;
import io.riffle.firehose.model.ExtendedS3DestinationConfiguration;
import io.riffle.firehose.model.ExtendedS3DestinationDescription;
import io.riffle.firehose.model.HttpEndpointDestinationConfiguration;
import io.riffle.firehose.model.ListDeliveryStreamsInput;
import io.riffle.firehose.model.ListDeliveryStreamsOutput;
import io.riffle.firehose.model.ListTagsForDeliveryStreamInput;
import io.riffle.firehose.model.ListTagsForDeliveryStreamOutput;
import io.riffle.firehose.model.SourceDescription;
import io.riffle.firehose.model.StartDeliveryStreamEncryptionInput;
import io.riffle.firehose.model.StartDeliveryStreamEncryptionOutput;
import io.riffle.firehose.model.StopDeliveryStreamEncryptionInput;
import io.riffle.firehose.model.StopDeliveryStreamEncryptionOutput;
import io.riffle.firehose.model.Tag;
import io.riffle.firehose.model.TagDeliveryStreamInput;
import io.riffle.firehose.model.TagDeliveryStreamOutput;
import io.riffle.firehose.model.UntagDeliveryStreamInput;
import io.riffle.firehose.model.UntagDeliveryStreamOutput;
import io.riffle.firehose.model.UpdateDestinationInput;
import io.riffle.firehose.model.UpdateDestinationOutput;
import io.riffle.metadata.EventLog;
import io.riffle.storage.AppendResult;
import io.riffle.storage.LogStore;
import io.riffle.storage.ShardLog;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The control operations (CreateDeliveryStream, DeleteDeliveryStream, DescribeDeliveryStream,
 * ListDeliveryStreams, UpdateDestination, the tags and the encryption calls). A change is decided on the
 * metadata kit's thread against the current state and answered once its event is durable and applied;
 * queries read the registry from the caller's thread.
 */
public final class DeliveryStreamControl {
    public static final String DESTINATION_ID = "destinationId-000000000001";
    public static final String DIRECT_PUT = "DirectPut";
    public static final String KINESIS_SOURCE = "KinesisStreamAsSource";
    private static final int MAX_TAGS = 50;

    private final EventLog<DeliveryStreamRegistry.Snapshot, DeliveryStreamEvent> events;
    private final DeliveryStreamRegistry registry;
    private final LogStore store;
    private final FirehoseSettings settings;
    private final InstantSource clock;
    private final Predicate<String> isStream;

    /** @param isStream whether a Kinesis stream ARN names a stream that serves reads (KinesisStreamAsSource) */
    public DeliveryStreamControl(EventLog<DeliveryStreamRegistry.Snapshot, DeliveryStreamEvent> events,
                                 DeliveryStreamRegistry registry, LogStore store, FirehoseSettings settings,
                                 InstantSource clock, Predicate<String> isStream) {
        this.events = events;
        this.registry = registry;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.isStream = isStream;
    }

    /** The storage log of a stream's buffered records. */
    public static String recordLogId(DeliveryStream s) {
        return "fh-" + s.incarnation();
    }

    public DeliveryStream require(String name) {
        return registry.get(name).orElseThrow(() -> FirehoseErrors.notFound(name, settings.accountId()));
    }

    // ------------------------------------------------------------------ create, delete

    public CompletableFuture<CreateDeliveryStreamOutput> create(CreateDeliveryStreamInput in) {
        String name = in.deliveryStreamName();
        String type = in.deliveryStreamTypeAsString() == null ? DIRECT_PUT : in.deliveryStreamTypeAsString();
        if (!type.equals(DIRECT_PUT) && !type.equals(KINESIS_SOURCE)) {
            throw FirehoseErrors.invalidArgument("DeliveryStreamType " + type + " is not supported by this version"
                    + " of Riffle yet: use DirectPut or KinesisStreamAsSource.");
        }
        if (in.mskSourceConfiguration() != null || in.databaseSourceConfiguration() != null
                || (type.equals(DIRECT_PUT) && in.kinesisStreamSourceConfiguration() != null)) {
            throw FirehoseErrors.invalidArgument("A source configuration is only allowed with its own"
                    + " DeliveryStreamType; a DirectPut delivery stream takes none.");
        }
        String source = null;
        if (type.equals(KINESIS_SOURCE)) {
            if (in.kinesisStreamSourceConfiguration() == null) {
                throw FirehoseErrors.invalidArgument("KinesisStreamSourceConfiguration is required for the"
                        + " KinesisStreamAsSource delivery stream type.");
            }
            String streamArn = in.kinesisStreamSourceConfiguration().kinesisStreamARN();
            if (!isStream.test(streamArn)) {
                throw FirehoseErrors.invalidArgument("The Kinesis stream " + streamArn + " does not exist or is"
                        + " not ACTIVE.");
            }
            source = KinesisSources.toJson(in.kinesisStreamSourceConfiguration());
        }
        String sourceJson = source;
        ExtendedS3DestinationConfiguration destination = destinationOf(in);
        String destinationJson;
        if (destination == null) { // HttpEndpoint
            try {
                HttpDestination.of(in.httpEndpointDestinationConfiguration(), settings.isPlainHttpAllowed());
            } catch (IllegalArgumentException e) {
                throw FirehoseErrors.invalidArgument(e.getMessage());
            }
            destinationJson = Destinations.toJson(in.httpEndpointDestinationConfiguration());
        } else {
            checkDestination(destination);
            destinationJson = Destinations.toJson(destination);
        }
        Encryption encryption = encryptionOf(in.deliveryStreamEncryptionConfigurationInput());
        List<TagEntry> tags = tagsOf(in.tags());
        return change(() -> {
            if (registry.get(name).isPresent()) {
                throw FirehoseErrors.alreadyExists(name, settings.accountId());
            }
            if (registry.all().size() >= settings.maxDeliveryStreams()) {
                throw FirehoseErrors.limitExceeded("You have already consumed your firehose quota of "
                        + settings.maxDeliveryStreams() + " hoses. Firehose names: " + registry.all().stream()
                        .map(DeliveryStream::name).limit(10).toList());
            }
            long now = clock.millis();
            DeliveryStream stream = new DeliveryStream(name, settings.arn(name), type, Status.CREATING,
                    registry.nextIncarnation(), now, now, 1, destinationJson, sourceJson, tags,
                    encryption, 0, null, 0, Map.of());
            prepareLog(stream);
            return List.of(new Created(stream));
        }).thenApply(r -> new CreateDeliveryStreamOutput(settings.arn(name)));
    }

    /** The S3 destination of a create, or null for an HttpEndpoint one. */
    private static ExtendedS3DestinationConfiguration destinationOf(CreateDeliveryStreamInput in) {
        List<String> others = new ArrayList<>();
        addIf(others, in.redshiftDestinationConfiguration(), "Redshift");
        addIf(others, in.elasticsearchDestinationConfiguration(), "Elasticsearch");
        addIf(others, in.amazonopensearchserviceDestinationConfiguration(), "AmazonOpenSearchService");
        addIf(others, in.amazonOpenSearchServerlessDestinationConfiguration(), "AmazonOpenSearchServerless");
        addIf(others, in.splunkDestinationConfiguration(), "Splunk");
        addIf(others, in.snowflakeDestinationConfiguration(), "Snowflake");
        addIf(others, in.icebergDestinationConfiguration(), "Iceberg");
        int count = others.size() + (in.s3DestinationConfiguration() != null ? 1 : 0)
                + (in.extendedS3DestinationConfiguration() != null ? 1 : 0)
                + (in.httpEndpointDestinationConfiguration() != null ? 1 : 0);
        if (count > 1) {
            throw FirehoseErrors.invalidArgument("Only one destination configuration is allowed.");
        }
        if (!others.isEmpty()) {
            throw FirehoseErrors.invalidArgument("The " + others.get(0) + " destination is not supported by this"
                    + " version of Riffle yet: use ExtendedS3DestinationConfiguration (or S3DestinationConfiguration) or"
                    + " HttpEndpointDestinationConfiguration.");
        }
        if (in.httpEndpointDestinationConfiguration() != null) {
            return null; // checked by the caller
        }
        if (in.extendedS3DestinationConfiguration() != null) {
            return in.extendedS3DestinationConfiguration();
        }
        if (in.s3DestinationConfiguration() != null) {
            return Destinations.extended(in.s3DestinationConfiguration());
        }
        throw FirehoseErrors.invalidArgument("A destination configuration is required: Riffle supports"
                + " ExtendedS3DestinationConfiguration and S3DestinationConfiguration.");
    }

    private static boolean isPartitioned(ExtendedS3DestinationConfiguration c) {
        return c.dynamicPartitioningConfiguration() != null
                && Boolean.TRUE.equals(c.dynamicPartitioningConfiguration().enabled());
    }

    private static void addIf(List<String> names, Object configuration, String name) {
        if (configuration != null) {
            names.add(name);
        }
    }

    private static void checkDestination(ExtendedS3DestinationConfiguration destination) {
        try {
            S3Destination.of(destination);
        } catch (IllegalArgumentException e) {
            throw FirehoseErrors.invalidArgument(e.getMessage());
        }
    }

    /** Creates the stream's record log before its event (a log left by a failed event is swept at start). */
    private void prepareLog(DeliveryStream stream) {
        try {
            String id = recordLogId(stream);
            ShardLog log = store.get(id).isPresent() ? store.get(id).get() : store.create(id);
            log.setRetentionMs(settings.recordRetentionMs());
        } catch (IOException e) {
            throw FirehoseErrors.serviceUnavailable("The delivery stream could not be created: its storage failed ("
                    + e.getMessage() + ").");
        }
    }

    public CompletableFuture<DeleteDeliveryStreamOutput> delete(DeleteDeliveryStreamInput in) {
        String name = in.deliveryStreamName();
        return change(() -> {
            DeliveryStream s = require(name);
            if (s.status() == Status.DELETING) {
                return List.of();
            }
            return List.of(new Deleting(name, s.incarnation(), clock.millis()));
        }).thenApply(r -> new DeleteDeliveryStreamOutput());
    }

    // ------------------------------------------------------------------ describe, list

    public CompletableFuture<DescribeDeliveryStreamOutput> describe(DescribeDeliveryStreamInput in) {
        DeliveryStream s = require(in.deliveryStreamName());
        boolean isAfterOurs = in.exclusiveStartDestinationId() != null
                && in.exclusiveStartDestinationId().compareTo(DESTINATION_ID) >= 0;
        List<DestinationDescription> destinations = new ArrayList<>();
        if (!isAfterOurs) {
            if (Destinations.isHttpEndpoint(s.destination())) {
                destinations.add(DestinationDescription.builder().destinationId(DESTINATION_ID)
                        .httpEndpointDestinationDescription(Destinations.describe(
                                Destinations.httpFromJson(s.destination()))).build());
            } else {
                ExtendedS3DestinationDescription extended = Destinations.describe(
                        Destinations.fromJson(s.destination()));
                destinations.add(DestinationDescription.builder().destinationId(DESTINATION_ID)
                        .s3DestinationDescription(Destinations.describeLegacy(extended))
                        .extendedS3DestinationDescription(extended).build());
            }
        }
        Encryption e = s.encryption();
        DeliveryStreamEncryptionConfiguration encryption = new DeliveryStreamEncryptionConfiguration(e.keyArn(),
                e.keyType(), e.status(), null);
        SourceDescription source = s.type().equals(DIRECT_PUT)
                ? SourceDescription.builder().directPutSourceDescription(new DirectPutSourceDescription(null)).build()
                : SourceDescription.builder().kinesisStreamSourceDescription(KinesisSources.describe(s)).build();
        DeliveryStreamDescription description = new DeliveryStreamDescription(s.name(), s.arn(), s.status().name(),
                null, encryption, s.type(), Long.toString(s.versionId()), Instant.ofEpochMilli(s.createdMs()),
                s.lastUpdateMs() == s.createdMs() ? null : Instant.ofEpochMilli(s.lastUpdateMs()), source,
                destinations, false);
        return CompletableFuture.completedFuture(new DescribeDeliveryStreamOutput(description));
    }

    public CompletableFuture<ListDeliveryStreamsOutput> list(ListDeliveryStreamsInput in) {
        int limit = in.limit() == null ? 10 : in.limit();
        String type = in.deliveryStreamTypeAsString();
        String after = in.exclusiveStartDeliveryStreamName();
        List<String> names = registry.all().stream()
                .filter(s -> type == null || s.type().equals(type))
                .map(DeliveryStream::name)
                .filter(n -> after == null || n.compareTo(after) > 0)
                .sorted().toList();
        List<String> page = names.subList(0, Math.min(limit, names.size()));
        return CompletableFuture.completedFuture(new ListDeliveryStreamsOutput(page, names.size() > page.size()));
    }

    // ------------------------------------------------------------------ update

    public CompletableFuture<UpdateDestinationOutput> updateDestination(UpdateDestinationInput in) {
        String name = in.deliveryStreamName();
        if (Stream.of(in.redshiftDestinationUpdate(), in.elasticsearchDestinationUpdate(),
                in.amazonopensearchserviceDestinationUpdate(), in.amazonOpenSearchServerlessDestinationUpdate(),
                in.splunkDestinationUpdate(), in.snowflakeDestinationUpdate(),
                in.icebergDestinationUpdate()).anyMatch(Objects::nonNull)) {
            throw FirehoseErrors.invalidArgument("Only ExtendedS3 (or S3) and HttpEndpoint destinations are supported"
                    + " by this version of Riffle: changing to another destination type is not possible yet.");
        }
        return change(() -> {
            DeliveryStream s = require(name);
            if (!in.destinationId().equals(DESTINATION_ID)) {
                throw FirehoseErrors.invalidArgument("Destination " + in.destinationId() + " not found in Firehose "
                        + name + ".");
            }
            if (!in.currentDeliveryStreamVersionId().equals(Long.toString(s.versionId()))) {
                throw FirehoseErrors.concurrentModification("Firehose " + name + " under account "
                        + settings.accountId() + " has version id " + s.versionId() + ", not "
                        + in.currentDeliveryStreamVersionId() + ": describe it again and retry.");
            }
            if (s.status() != Status.ACTIVE) {
                throw FirehoseErrors.notActive(name, settings.accountId(), s.status().name());
            }
            boolean isHttp = Destinations.isHttpEndpoint(s.destination());
            boolean isHttpUpdate = in.httpEndpointDestinationUpdate() != null;
            boolean isS3Update = in.extendedS3DestinationUpdate() != null || in.s3DestinationUpdate() != null;
            if (isHttpUpdate == isS3Update) {
                throw FirehoseErrors.invalidArgument("UpdateDestination takes exactly one destination update:"
                        + " ExtendedS3DestinationUpdate (or S3DestinationUpdate) or HttpEndpointDestinationUpdate.");
            }
            // As Firehose: the same type merges member by member; another type replaces the destination, and
            // nothing is merged then (every required member must be given).
            boolean isReplacing = isHttp != isHttpUpdate;
            if (isReplacing && !isHttp && isPartitioned(Destinations.fromJson(s.destination()))) {
                throw FirehoseErrors.invalidArgument("Dynamic partitioning cannot be enabled or disabled on an existing"
                        + " Firehose stream: create a new one.");
            }
            if (isHttpUpdate) {
                HttpEndpointDestinationConfiguration merged = Destinations.merge(isReplacing
                        ? HttpEndpointDestinationConfiguration.builder().build()
                        : Destinations.httpFromJson(s.destination()), in.httpEndpointDestinationUpdate());
                try {
                    HttpDestination.of(merged, settings.isPlainHttpAllowed());
                } catch (IllegalArgumentException e) {
                    throw FirehoseErrors.invalidArgument(e.getMessage());
                }
                return List.of(new DestinationUpdated(name, s.incarnation(), s.versionId() + 1,
                        Destinations.toJson(merged), clock.millis()));
            }
            ExtendedS3DestinationConfiguration current = isReplacing
                    ? ExtendedS3DestinationConfiguration.builder().build() : Destinations.fromJson(s.destination());
            ExtendedS3DestinationConfiguration updated = current;
            if (in.extendedS3DestinationUpdate() != null) {
                updated = Destinations.merge(updated, in.extendedS3DestinationUpdate());
            }
            if (in.s3DestinationUpdate() != null) {
                updated = Destinations.merge(updated, in.s3DestinationUpdate());
            }
            if (isPartitioned(current) != isPartitioned(updated)) {
                // as Firehose: partitioned and unpartitioned objects would mix under one stream's plan
                throw FirehoseErrors.invalidArgument("Dynamic partitioning cannot be enabled or disabled on an existing"
                        + " Firehose stream: create a new one.");
            }
            if (isReplacing && (updated.roleARN() == null || updated.bucketARN() == null)) {
                throw FirehoseErrors.invalidArgument("RoleARN and BucketARN are required when UpdateDestination"
                        + " replaces the destination with another type: nothing of the old one is kept.");
            }
            checkDestination(updated);
            if (S3Backup.isEnabled(current) && !S3Backup.isEnabled(updated)) {
                throw FirehoseErrors.invalidArgument("Source record backup cannot be disabled once it is enabled:"
                        + " S3BackupMode stays Enabled.");
            }
            return List.of(new DestinationUpdated(name, s.incarnation(), s.versionId() + 1,
                    Destinations.toJson(updated), clock.millis()));
        }).thenApply(r -> new UpdateDestinationOutput());
    }

    // ------------------------------------------------------------------ tags

    public CompletableFuture<TagDeliveryStreamOutput> tag(TagDeliveryStreamInput in) {
        String name = in.deliveryStreamName();
        List<TagEntry> added = tagsOf(in.tags());
        return change(() -> {
            DeliveryStream s = require(name);
            Map<String, String> tags = asMap(s.tags());
            added.forEach(t -> tags.put(t.key(), t.value()));
            if (tags.size() > MAX_TAGS) {
                throw FirehoseErrors.limitExceeded("A Firehose stream can have at most " + MAX_TAGS + " tags: "
                        + name + " would have " + tags.size() + ".");
            }
            return List.of(new TagsSet(name, s.incarnation(), asList(tags)));
        }).thenApply(r -> new TagDeliveryStreamOutput());
    }

    public CompletableFuture<UntagDeliveryStreamOutput> untag(UntagDeliveryStreamInput in) {
        String name = in.deliveryStreamName();
        return change(() -> {
            DeliveryStream s = require(name);
            Map<String, String> tags = asMap(s.tags());
            in.tagKeys().forEach(tags::remove);
            return List.of(new TagsSet(name, s.incarnation(), asList(tags)));
        }).thenApply(r -> new UntagDeliveryStreamOutput());
    }

    public CompletableFuture<ListTagsForDeliveryStreamOutput> listTags(ListTagsForDeliveryStreamInput in) {
        DeliveryStream s = require(in.deliveryStreamName());
        int limit = in.limit() == null ? MAX_TAGS : in.limit();
        String after = in.exclusiveStartTagKey();
        List<Tag> tags = s.tags().stream().filter(t -> after == null || t.key().compareTo(after) > 0)
                .sorted((a, b) -> a.key().compareTo(b.key()))
                .map(t -> new Tag(t.key(), t.value())).toList();
        List<Tag> page = tags.subList(0, Math.min(limit, tags.size()));
        return CompletableFuture.completedFuture(new ListTagsForDeliveryStreamOutput(page, tags.size() > page.size()));
    }

    private static List<TagEntry> tagsOf(List<Tag> tags) {
        if (tags == null) {
            return List.of();
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        tags.forEach(t -> byKey.put(t.key(), t.value() == null ? "" : t.value()));
        return asList(byKey);
    }

    private static Map<String, String> asMap(List<TagEntry> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    private static List<TagEntry> asList(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> new TagEntry(e.getKey(), e.getValue())).toList();
    }

    // ------------------------------------------------------------------ encryption

    /** The stored setting; no key service yet, so the data is not encrypted (the docs say so). */
    private static Encryption encryptionOf(DeliveryStreamEncryptionConfigurationInput in) {
        if (in == null) {
            return Encryption.DISABLED;
        }
        String keyType = in.keyTypeAsString();
        if ("CUSTOMER_MANAGED_CMK".equals(keyType) && in.keyARN() == null) {
            throw FirehoseErrors.invalidArgument("KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.");
        }
        if (!"CUSTOMER_MANAGED_CMK".equals(keyType) && in.keyARN() != null) {
            throw FirehoseErrors.invalidArgument("KeyARN is only allowed when KeyType is CUSTOMER_MANAGED_CMK.");
        }
        return new Encryption("ENABLED", keyType == null ? "AWS_OWNED_CMK" : keyType, in.keyARN());
    }

    public CompletableFuture<StartDeliveryStreamEncryptionOutput> startEncryption(StartDeliveryStreamEncryptionInput in) {
        String name = in.deliveryStreamName();
        Encryption wanted = encryptionOf(in.deliveryStreamEncryptionConfigurationInput() != null
                ? in.deliveryStreamEncryptionConfigurationInput()
                : new DeliveryStreamEncryptionConfigurationInput(null, "AWS_OWNED_CMK"));
        return change(() -> {
            DeliveryStream s = require(name);
            if (s.status() != Status.ACTIVE) {
                throw FirehoseErrors.notActive(name, settings.accountId(), s.status().name());
            }
            return List.of(new EncryptionSet(name, s.incarnation(),
                    new Encryption("ENABLING", wanted.keyType(), wanted.keyArn()), clock.millis()));
        }).thenApply(r -> new StartDeliveryStreamEncryptionOutput());
    }

    public CompletableFuture<StopDeliveryStreamEncryptionOutput> stopEncryption(StopDeliveryStreamEncryptionInput in) {
        String name = in.deliveryStreamName();
        return change(() -> {
            DeliveryStream s = require(name);
            if (s.status() != Status.ACTIVE) {
                throw FirehoseErrors.notActive(name, settings.accountId(), s.status().name());
            }
            if (s.encryption().status().equals("DISABLED")) {
                return List.of();
            }
            return List.of(new EncryptionSet(name, s.incarnation(),
                    new Encryption("DISABLING", s.encryption().keyType(), s.encryption().keyArn()), clock.millis()));
        }).thenApply(r -> new StopDeliveryStreamEncryptionOutput());
    }

    // ------------------------------------------------------------------ the kit

    /** Decides on the kit's thread; a refused write is a 503 (nothing changed). */
    private CompletableFuture<AppendResult> change(Supplier<List<DeliveryStreamEvent>> decide) {
        return events.submit(decide).thenApply(r -> {
            if (!r.isOk()) {
                throw FirehoseErrors.serviceUnavailable("The change was not made: storage refused it (" + r.status()
                        + "). Retry later.");
            }
            return r;
        });
    }
}
