package io.riffle.triggers;

import io.riffle.functions.FunctionInvoker;
import io.riffle.functions.FunctionName;
import io.riffle.kinesis.source.StreamSource;
import io.riffle.triggers.lambda.CreateEventSourceMappingRequest;
import io.riffle.triggers.lambda.DeleteEventSourceMappingRequest;
import io.riffle.triggers.failure.InvocationRecord;
import io.riffle.triggers.lambda.DestinationConfig;
import io.riffle.triggers.lambda.EventSourceMappingConfiguration;
import io.riffle.triggers.filter.InvalidPatternException;
import io.riffle.triggers.filter.RecordFilter;
import io.riffle.triggers.lambda.Filter;
import io.riffle.triggers.lambda.FilterCriteria;
import io.riffle.triggers.lambda.GetEventSourceMappingRequest;
import io.riffle.triggers.lambda.ListEventSourceMappingsRequest;
import io.riffle.triggers.lambda.ListEventSourceMappingsResponse;
import io.riffle.triggers.lambda.OnFailure;
import io.riffle.triggers.lambda.UpdateEventSourceMappingRequest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The five event-source-mapping operations for Kinesis sources: what each checks (after the model's constraints,
 * which {@link TriggersApi} checks), decides and answers. Changes are decided on the store's thread, so two
 * concurrent creates of the same stream and function cannot both succeed.
 *
 * <p>The source is a stream's ARN or, for enhanced fan-out, a stream consumer's ARN (the consumer must exist and be
 * ACTIVE, as Lambda requires). Options whose processing Riffle does not build yet (SQS and SNS destinations, the
 * other sources' settings) are refused with an InvalidParameterValueException that says so, rather than stored and
 * ignored.
 */
public final class MappingOperations {
    static final int DEFAULT_BATCH_SIZE = 100;
    static final int DEFAULT_MAX_ITEMS = 100;

    private final MappingStore store;
    private final StreamSource streams;
    private final FunctionInvoker functions;
    private final TriggerSettings settings;
    private final InstantSource clock;
    private final Function<String, String> lastProcessingResult;

    public MappingOperations(MappingStore store, StreamSource streams, FunctionInvoker functions,
                             TriggerSettings settings, InstantSource clock, Function<String, String> lastProcessingResult) {
        this.store = store;
        this.streams = streams;
        this.functions = functions;
        this.settings = settings;
        this.clock = clock;
        this.lastProcessingResult = lastProcessingResult;
    }

    // ---------------------------------------------------------------- create

    public CompletableFuture<EventSourceMappingConfiguration> create(CreateEventSourceMappingRequest r) {
        String arn = r.eventSourceArn();
        checkKinesisSource(arn);
        String onFailure = onFailureDestination(r.destinationConfig());
        List<String> filterPatterns = filterPatterns(r.filterCriteria());
        if (r.topics() != null || r.queues() != null || r.sourceAccessConfigurations() != null
                || r.selfManagedEventSource() != null || r.amazonManagedKafkaEventSourceConfig() != null
                || r.selfManagedKafkaEventSourceConfig() != null || r.documentDBEventSourceConfig() != null
                || r.scalingConfig() != null || r.provisionedPollerConfig() != null) {
            throw LambdaErrors.invalidParameter("Unsupported parameter for a Kinesis event source: Topics, Queues, "
                    + "SourceAccessConfigurations, SelfManagedEventSource, the Kafka and DocumentDB configurations, "
                    + "ScalingConfig and ProvisionedPollerConfig apply to other event sources.");
        }
        if (Mapping.isConsumerArn(arn)) {
            checkConsumer(arn);
        }
        String streamArn = Mapping.streamArnOf(arn);
        if (streams.stream(streamArn).isEmpty()) {
            throw LambdaErrors.invalidParameter("Stream not found: " + streamArn);
        }
        checkNotItsOwnSource(onFailure, streamArn);
        String start = r.startingPositionAsString();
        if (start == null) {
            throw LambdaErrors.invalidParameter("StartingPosition is required for a Kinesis event source.");
        }
        Long startMs = null;
        if (start.equals("AT_TIMESTAMP")) {
            if (r.startingPositionTimestamp() == null) {
                throw LambdaErrors.invalidParameter(
                        "StartingPositionTimestamp must be set when StartingPosition is AT_TIMESTAMP.");
            }
            startMs = r.startingPositionTimestamp().toEpochMilli();
            if (startMs > clock.millis()) {
                throw LambdaErrors.invalidParameter("StartingPositionTimestamp cannot be in the future.");
            }
        } else if (r.startingPositionTimestamp() != null) {
            throw LambdaErrors.invalidParameter(
                    "StartingPositionTimestamp can be set only when StartingPosition is AT_TIMESTAMP.");
        }
        int maxAge = orDefault(r.maximumRecordAgeInSeconds(), -1);
        checkMaxRecordAge(maxAge);
        String functionArn = functionArn(r.functionName());
        String functionName = FunctionName.of(r.functionName()).orElseThrow();
        if (!functions.isResolvable(functionArn)) {
            throw LambdaErrors.functionNotFound(functionArn);
        }
        String uuid = UUID.randomUUID().toString();
        boolean isEnabled = r.enabled() == null || r.enabled();
        final Long startingMs = startMs;
        return store.change(registry -> {
            for (Mapping existing : registry.all()) {
                if (existing.eventSourceArn().equals(arn)
                        && FunctionName.of(existing.functionArn()).orElse("").equals(functionName)) {
                    throw LambdaErrors.duplicate(arn, functionName, existing.uuid());
                }
            }
            Mapping m = new Mapping(uuid, arn, functionArn, isEnabled, Mapping.CREATING, "USER_INITIATED",
                    clock.millis(), orDefault(r.batchSize(), DEFAULT_BATCH_SIZE),
                    orDefault(r.maximumBatchingWindowInSeconds(), 0), orDefault(r.parallelizationFactor(), 1), start,
                    startingMs, maxAge,
                    Boolean.TRUE.equals(r.bisectBatchOnFunctionError()), orDefault(r.maximumRetryAttempts(), -1),
                    r.functionResponseTypes(), orDefault(r.tumblingWindowInSeconds(), 0), filterPatterns, onFailure);
            return MappingStore.Decision.of(configuration(m), new MappingEvent.MappingChanged(m));
        });
    }

    private static void checkKinesisSource(String arn) {
        if (arn == null) {
            throw LambdaErrors.invalidParameter("Unrecognized event source, must be kinesis, dynamodb stream or sqs.");
        }
        if (!arn.startsWith("arn:aws:kinesis:")) {
            throw LambdaErrors.invalidParameter("Unrecognized event source, must be kinesis, dynamodb stream or sqs. "
                    + "Riffle serves Kinesis stream sources.");
        }
    }

    /** An enhanced fan-out source: the consumer is registered with the stream as it is now, and ACTIVE. */
    private void checkConsumer(String consumerArn) {
        StreamSource.Consumer consumer = streams.consumer(consumerArn).orElseThrow(
                () -> LambdaErrors.invalidParameter("Stream consumer not found: " + consumerArn));
        if (!consumer.isActive()) {
            throw LambdaErrors.invalidParameter("Stream consumer " + consumerArn + " is not ACTIVE (it is "
                    + consumer.status() + "): wait until DescribeStreamConsumer reports it ACTIVE.");
        }
    }

    /**
     * FilterCriteria's patterns, checked as Lambda checks them: every pattern compiles (else Lambda's
     * {@code Invalid filter pattern definition.}) and there are at most {@link RecordFilter#MAX_FILTERS}. No
     * FilterCriteria, or no Filters in it, is none (on update: clears them).
     */
    private static List<String> filterPatterns(FilterCriteria criteria) {
        if (criteria == null || criteria.filters() == null || criteria.filters().isEmpty()) {
            return List.of();
        }
        if (criteria.filters().size() > RecordFilter.MAX_FILTERS) {
            throw LambdaErrors.invalidParameter("The number of filters in FilterCriteria (" + criteria.filters().size()
                    + ") exceeds the limit of " + RecordFilter.MAX_FILTERS + " filters per event source mapping.");
        }
        List<String> patterns = new ArrayList<>();
        for (Filter filter : criteria.filters()) {
            patterns.add(filter.pattern());
        }
        try {
            RecordFilter.of(patterns);
        } catch (InvalidPatternException e) {
            throw LambdaErrors.invalidParameter("Invalid filter pattern definition.");
        }
        return patterns;
    }

    /**
     * OnFailure's ARN (null: none; an empty one clears it, as Lambda takes it). Kinesis mappings send invocation
     * records to SQS, SNS or S3 (and Kafka); Riffle has no queues or topics yet, so it takes S3 buckets and, as its
     * extension, a stream of this node (which must exist, as Lambda checks it can reach a queue or topic).
     */
    private String onFailureDestination(DestinationConfig destination) {
        if (destination == null) {
            return null;
        }
        if (destination.onSuccess() != null && destination.onSuccess().destination() != null) {
            throw LambdaErrors.invalidParameter("Unsupported DestinationConfig parameter for a Kinesis event source: "
                    + "OnSuccess applies to Kafka event sources.");
        }
        String arn = destination.onFailure() == null ? null : destination.onFailure().destination();
        if (arn == null || arn.isEmpty()) {
            return null;
        }
        if (InvocationRecord.streamOf(arn) != null) {
            if (streams.stream(arn).isEmpty()) {
                throw LambdaErrors.invalidParameter("The OnFailure destination stream " + arn + " does not exist or "
                        + "is not active.");
            }
            return arn;
        }
        if (InvocationRecord.bucketOf(arn) == null) {
            throw LambdaErrors.invalidParameter("Unsupported OnFailure destination " + arn + ": Riffle supports S3 "
                    + "buckets (arn:aws:s3:::BUCKET) and, as its extension, Kinesis streams "
                    + "(arn:aws:kinesis:REGION:ACCOUNT:stream/NAME); SQS queues and SNS topics are not built yet.");
        }
        return arn;
    }

    /** A mapping's failures written into the stream it reads would be read by it again. */
    private static void checkNotItsOwnSource(String onFailure, String sourceStreamArn) {
        if (onFailure != null && onFailure.equals(sourceStreamArn)) {
            throw LambdaErrors.invalidParameter("The OnFailure destination " + onFailure + " is the mapping's own "
                    + "event source: its invocation records would be read by the mapping again.");
        }
    }

    private static void checkMaxRecordAge(int maxAge) {
        if (maxAge != -1 && maxAge < 60) {
            throw LambdaErrors.invalidParameter("MaximumRecordAgeInSeconds must be -1 (no limit) or between 60 and "
                    + "604800.");
        }
    }

    /** The ARN Lambda reports for a function named in any form (name, name:qualifier, partial or full ARN). */
    String functionArn(String function) {
        String name = FunctionName.of(function).orElseThrow(() -> LambdaErrors.invalidParameter(
                "Invalid function name: " + function));
        if (function.startsWith("arn:")) {
            return function;
        }
        String qualifier = FunctionName.qualifier(function);
        int colon = function.indexOf(":function:");
        String prefix = colon > 0
                ? "arn:aws:lambda:" + settings.region() + ":" + function.substring(0, colon) + ":function:"
                : settings.functionArnPrefix();
        return prefix + name + (qualifier == null ? "" : ":" + qualifier);
    }

    // ---------------------------------------------------------------- get, list

    public EventSourceMappingConfiguration get(GetEventSourceMappingRequest r) {
        return configuration(store.registry().byUuid(r.uuid()).orElseThrow(LambdaErrors::mappingNotFound));
    }

    public ListEventSourceMappingsResponse list(ListEventSourceMappingsRequest r) {
        String functionName = r.functionName() == null ? null : FunctionName.of(r.functionName()).orElseThrow(
                () -> LambdaErrors.invalidParameter("Invalid function name: " + r.functionName()));
        List<Mapping> matching = new ArrayList<>();
        for (Mapping m : store.registry().all()) {
            if ((r.eventSourceArn() == null || m.eventSourceArn().equals(r.eventSourceArn()))
                    && (functionName == null || FunctionName.of(m.functionArn()).orElse("").equals(functionName))) {
                matching.add(m);
            }
        }
        int from = 0;
        if (r.marker() != null) {
            from = -1;
            for (int i = 0; i < matching.size(); i++) {
                if (matching.get(i).uuid().equals(r.marker())) {
                    from = i;
                }
            }
            if (from < 0) {
                throw LambdaErrors.invalidParameter("Invalid marker: " + r.marker());
            }
        }
        int max = orDefault(r.maxItems(), DEFAULT_MAX_ITEMS);
        int to = Math.min(matching.size(), from + max);
        List<EventSourceMappingConfiguration> page = new ArrayList<>();
        matching.subList(from, to).forEach(m -> page.add(configuration(m)));
        return ListEventSourceMappingsResponse.builder().eventSourceMappings(page)
                .nextMarker(to < matching.size() ? matching.get(to).uuid() : null).build();
    }

    // ---------------------------------------------------------------- update, delete

    public CompletableFuture<EventSourceMappingConfiguration> update(UpdateEventSourceMappingRequest r) {
        String newOnFailure = onFailureDestination(r.destinationConfig());
        List<String> newFilterPatterns = r.filterCriteria() == null ? null : filterPatterns(r.filterCriteria());
        if (r.sourceAccessConfigurations() != null || r.scalingConfig() != null
                || r.amazonManagedKafkaEventSourceConfig() != null || r.selfManagedKafkaEventSourceConfig() != null
                || r.documentDBEventSourceConfig() != null || r.provisionedPollerConfig() != null) {
            throw LambdaErrors.invalidParameter("Unsupported parameter for a Kinesis event source.");
        }
        if (r.maximumRecordAgeInSeconds() != null) {
            checkMaxRecordAge(r.maximumRecordAgeInSeconds());
        }
        String newFunctionArn = null;
        if (r.functionName() != null) {
            newFunctionArn = functionArn(r.functionName());
            if (!functions.isResolvable(newFunctionArn)) {
                throw LambdaErrors.functionNotFound(newFunctionArn);
            }
        }
        final String functionArn = newFunctionArn;
        return store.change(registry -> {
            Mapping m = registry.byUuid(r.uuid()).orElseThrow(LambdaErrors::mappingNotFound);
            if (m.state().equals(Mapping.DELETING)) {
                throw new io.riffle.aws.wire.AwsServiceException("ResourceInUseException", 400,
                        "Cannot update the event source mapping because it is being deleted.");
            }
            checkNotItsOwnSource(newOnFailure, m.streamArn());
            boolean isEnabled = r.enabled() == null ? m.isEnabled() : r.enabled();
            Mapping changed = new Mapping(m.uuid(), m.eventSourceArn(),
                    functionArn == null ? m.functionArn() : functionArn, isEnabled, m.state(),
                    "USER_INITIATED", clock.millis(), orDefault(r.batchSize(), m.batchSize()),
                    orDefault(r.maximumBatchingWindowInSeconds(), m.maximumBatchingWindowInSeconds()),
                    orDefault(r.parallelizationFactor(), m.parallelizationFactor()), m.startingPosition(),
                    m.startingPositionTimestampMs(),
                    orDefault(r.maximumRecordAgeInSeconds(), m.maximumRecordAgeInSeconds()),
                    r.bisectBatchOnFunctionError() == null ? m.bisectBatchOnFunctionError()
                            : r.bisectBatchOnFunctionError(),
                    orDefault(r.maximumRetryAttempts(), m.maximumRetryAttempts()),
                    r.functionResponseTypes() == null ? m.functionResponseTypes() : r.functionResponseTypes(),
                    orDefault(r.tumblingWindowInSeconds(), m.tumblingWindowInSeconds()),
                    newFilterPatterns == null ? m.filterPatterns() : newFilterPatterns,
                    r.destinationConfig() == null ? m.onFailureDestination() : newOnFailure);
            String state;
            if (isEnabled != m.isEnabled()) {
                state = isEnabled ? Mapping.ENABLING : Mapping.DISABLING;
            } else {
                state = Mapping.UPDATING;
            }
            changed = changed.withState(state, "USER_INITIATED", clock.millis());
            return MappingStore.Decision.of(configuration(changed), new MappingEvent.MappingChanged(changed));
        });
    }

    public CompletableFuture<EventSourceMappingConfiguration> delete(DeleteEventSourceMappingRequest r) {
        return store.change(registry -> {
            Mapping m = registry.byUuid(r.uuid()).orElseThrow(LambdaErrors::mappingNotFound);
            if (m.state().equals(Mapping.DELETING)) {
                return MappingStore.Decision.of(configuration(m));
            }
            Mapping deleting = m.withState(Mapping.DELETING, "USER_INITIATED", clock.millis());
            return MappingStore.Decision.of(configuration(deleting), new MappingEvent.MappingChanged(deleting));
        });
    }

    // ---------------------------------------------------------------- the answer's shape

    /** The mapping as Lambda describes a Kinesis mapping. */
    EventSourceMappingConfiguration configuration(Mapping m) {
        return EventSourceMappingConfiguration.builder()
                .uuid(m.uuid())
                .startingPositionAsString(m.startingPosition())
                .startingPositionTimestamp(m.startingPositionTimestampMs() == null ? null
                        : Instant.ofEpochMilli(m.startingPositionTimestampMs()))
                .batchSize(m.batchSize())
                .maximumBatchingWindowInSeconds(m.maximumBatchingWindowInSeconds())
                .parallelizationFactor(m.parallelizationFactor())
                .eventSourceArn(m.eventSourceArn())
                .functionArn(m.functionArn())
                .lastModified(Instant.ofEpochSecond(m.lastModifiedMs() / 1000))
                .lastProcessingResult(Optional.ofNullable(lastProcessingResult.apply(m.uuid()))
                        .orElse("No records processed"))
                .state(m.state())
                .stateTransitionReason(m.stateTransitionReason())
                .destinationConfig(DestinationConfig.builder().onFailure(OnFailure.builder()
                        .destination(m.onFailureDestination()).build()).build())
                .maximumRecordAgeInSeconds(m.maximumRecordAgeInSeconds())
                .bisectBatchOnFunctionError(m.bisectBatchOnFunctionError())
                .maximumRetryAttempts(m.maximumRetryAttempts())
                .tumblingWindowInSeconds(m.tumblingWindowInSeconds())
                .functionResponseTypes(m.functionResponseTypes())
                .filterCriteria(m.filterPatterns().isEmpty() ? null : FilterCriteria.builder()
                        .filters(m.filterPatterns().stream().map(p -> Filter.builder().pattern(p).build()).toList())
                        .build())
                .eventSourceMappingArn(settings.mappingArn(m.uuid()))
                .build();
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    static boolean sameFunction(String a, String b) {
        return Objects.equals(FunctionName.of(a).orElse(null), FunctionName.of(b).orElse(null));
    }
}
