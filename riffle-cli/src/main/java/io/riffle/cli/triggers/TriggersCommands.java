package io.riffle.cli.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.SdkJson;
import io.riffle.cli.client.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.model.DestinationConfig;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.Filter;
import software.amazon.awssdk.services.lambda.model.FilterCriteria;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.ListEventSourceMappingsResponse;
import software.amazon.awssdk.services.lambda.model.OnFailure;
import software.amazon.awssdk.services.lambda.model.UpdateEventSourceMappingRequest;

/**
 * The {@code riffle triggers} subcommands: each is one Lambda API call (two for create, which turns a stream name
 * into its ARN), printed as a table or, with {@code -o json}, as {@code aws lambda} prints it.
 */
final class TriggersCommands {
    private TriggersCommands() {
    }

    /** Base: prints one mapping (any of the operations' answers: they share the configuration's members). */
    abstract static class MappingCommand extends KinesisCommand {
        void print(SdkPojo answer) {
            ObjectNode m = SdkJson.tree(answer);
            if (isJson()) {
                printJson(m);
                return;
            }
            Table table = new Table("FIELD", "VALUE");
            for (String field : List.of("UUID", "State", "StateTransitionReason", "FunctionArn", "EventSourceArn",
                    "StartingPosition", "BatchSize", "MaximumBatchingWindowInSeconds", "ParallelizationFactor",
                    "TumblingWindowInSeconds", "BisectBatchOnFunctionError", "MaximumRetryAttempts",
                    "MaximumRecordAgeInSeconds", "LastProcessingResult")) {
                if (m.hasNonNull(field)) {
                    table.row(field, m.get(field).asText());
                }
            }
            m.path("FilterCriteria").path("Filters").forEach(f -> table.row("Filter", f.path("Pattern").asText()));
            JsonNode onFailure = m.path("DestinationConfig").path("OnFailure").path("Destination");
            if (onFailure.isTextual() && !onFailure.asText().isEmpty()) {
                table.row("OnFailure", onFailure.asText());
            }
            out().print(table.render(terminal()));
            out().flush();
        }
    }

    /** The settings create and update share. */
    static final class Settings {
        @Option(names = "--batch-size", description = "Records per invocation (1-10000; default 100).")
        Integer batchSize;
        @Option(names = "--batching-window", paramLabel = "SECONDS",
                description = "MaximumBatchingWindowInSeconds: wait up to this long to fill a batch.")
        Integer batchingWindow;
        @Option(names = "--parallelization", paramLabel = "N", description = "ParallelizationFactor (1-10).")
        Integer parallelization;
        @Option(names = "--filter", paramLabel = "PATTERN",
                description = "A FilterCriteria pattern (repeat for up to 5, ORed), e.g. '{\"data\": {\"kind\": [\"buy\"]}}'.")
        List<String> filters;
        @Option(names = "--tumbling-window", paramLabel = "SECONDS", description = "TumblingWindowInSeconds (0-900).")
        Integer tumblingWindow;
        @Option(names = "--bisect-on-error", arity = "0..1", description = "BisectBatchOnFunctionError.")
        Boolean bisect;
        @Option(names = "--max-retries", paramLabel = "N", description = "MaximumRetryAttempts (-1: until the record expires).")
        Integer maxRetries;
        @Option(names = "--max-record-age", paramLabel = "SECONDS", description = "MaximumRecordAgeInSeconds (-1, or 60-604800).")
        Integer maxRecordAge;
        @Option(names = "--report-batch-item-failures", arity = "0..1",
                description = "FunctionResponseTypes ReportBatchItemFailures.")
        Boolean reportItemFailures;
        @Option(names = "--on-failure", paramLabel = "ARN",
                description = "DestinationConfig.OnFailure: where discarded batches' invocation records go "
                        + "(an S3 bucket, arn:aws:s3:::BUCKET).")
        String onFailure;

        DestinationConfig destinationConfig() {
            return onFailure == null ? null
                    : DestinationConfig.builder().onFailure(OnFailure.builder().destination(onFailure).build()).build();
        }

        FilterCriteria filterCriteria() {
            return filters == null ? null : FilterCriteria.builder()
                    .filters(filters.stream().map(p -> Filter.builder().pattern(p).build()).toList()).build();
        }

        List<FunctionResponseType> responseTypes() {
            return reportItemFailures == null ? null
                    : reportItemFailures ? List.of(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES) : List.of();
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Invoke a function with batches of a stream's records.")
    static final class Create extends MappingCommand {
        @Option(names = "--function", required = true, description = "The function's name or ARN.")
        String function;
        @Option(names = "--stream", required = true, description = "The stream's name or ARN.")
        String stream;
        @Option(names = "--starting-position", defaultValue = "LATEST",
                description = "TRIM_HORIZON, LATEST (default) or AT_TIMESTAMP.")
        String startingPosition;
        @Option(names = "--starting-timestamp", description = "With AT_TIMESTAMP: an ISO-8601 instant.")
        java.time.Instant startingTimestamp;
        @Option(names = "--disabled", description = "Create it disabled.")
        boolean isDisabled;
        @picocli.CommandLine.Mixin
        Settings settings;

        @Override
        protected int run() {
            String arn = stream.startsWith("arn:") ? stream
                    : kinesis().describeStreamSummary(r -> r.streamName(stream)).join().streamDescriptionSummary()
                    .streamARN();
            print(options.lambda().createEventSourceMapping(r -> r.functionName(function).eventSourceArn(arn)
                    .startingPosition(startingPosition).startingPositionTimestamp(startingTimestamp)
                    .enabled(!isDisabled).batchSize(settings.batchSize)
                    .maximumBatchingWindowInSeconds(settings.batchingWindow)
                    .parallelizationFactor(settings.parallelization).filterCriteria(settings.filterCriteria())
                    .tumblingWindowInSeconds(settings.tumblingWindow).bisectBatchOnFunctionError(settings.bisect)
                    .maximumRetryAttempts(settings.maxRetries).maximumRecordAgeInSeconds(settings.maxRecordAge)
                    .functionResponseTypes(settings.responseTypes())
                    .destinationConfig(settings.destinationConfig())).join());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the mappings (of a function or stream).")
    static final class ListMappings extends KinesisCommand {
        @Option(names = "--function", description = "Only this function's mappings.")
        String function;
        @Option(names = "--stream", description = "Only this stream's (ARN).")
        String stream;

        @Override
        protected int run() {
            List<EventSourceMappingConfiguration> all = new ArrayList<>();
            String marker = null;
            do {
                String from = marker;
                ListEventSourceMappingsResponse page = options.lambda().listEventSourceMappings(r -> r
                        .functionName(function).eventSourceArn(stream).marker(from)).join();
                all.addAll(page.eventSourceMappings());
                marker = page.nextMarker();
            } while (marker != null);
            if (isJson()) {
                ObjectNode root = SdkJson.MAPPER.createObjectNode();
                var array = root.putArray("EventSourceMappings");
                all.forEach(m -> array.add(SdkJson.tree(m)));
                printJson(root);
                return 0;
            }
            if (all.isEmpty()) {
                println("no triggers (create one: riffle triggers create --function F --stream S)");
                return 0;
            }
            Table table = new Table("UUID", "STATE", "FUNCTION", "STREAM", "BATCH", "LAST RESULT");
            all.forEach(m -> table.row(m.uuid(), m.state(), m.functionArn(), m.eventSourceArn(), m.batchSize(),
                    m.lastProcessingResult()));
            out().print(table.render(terminal()));
            out().flush();
            return 0;
        }
    }

    /** A command on one mapping named by its UUID, whose answer is printed. */
    abstract static class OnOneMapping extends MappingCommand {
        @Parameters(paramLabel = "UUID")
        String uuid;

        abstract CompletableFuture<? extends SdkPojo> call(LambdaAsyncClient lambda);

        @Override
        protected int run() {
            print(call(options.lambda()).join());
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Change a mapping's settings (those given; --filter replaces the filters).")
    static final class Update extends OnOneMapping {
        @Option(names = "--function", description = "Another function.")
        String function;
        @picocli.CommandLine.Mixin
        Settings settings;

        @Override
        CompletableFuture<? extends SdkPojo> call(LambdaAsyncClient lambda) {
            return lambda.updateEventSourceMapping(UpdateEventSourceMappingRequest.builder().uuid(uuid)
                    .functionName(function).batchSize(settings.batchSize)
                    .maximumBatchingWindowInSeconds(settings.batchingWindow)
                    .parallelizationFactor(settings.parallelization).filterCriteria(settings.filterCriteria())
                    .tumblingWindowInSeconds(settings.tumblingWindow).bisectBatchOnFunctionError(settings.bisect)
                    .maximumRetryAttempts(settings.maxRetries).maximumRecordAgeInSeconds(settings.maxRecordAge)
                    .functionResponseTypes(settings.responseTypes())
                    .destinationConfig(settings.destinationConfig()).build());
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one mapping.")
    static final class Get extends OnOneMapping {
        @Override
        CompletableFuture<? extends SdkPojo> call(LambdaAsyncClient lambda) {
            return lambda.getEventSourceMapping(r -> r.uuid(uuid));
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Resume a mapping where it stopped.")
    static final class Enable extends OnOneMapping {
        @Override
        CompletableFuture<? extends SdkPojo> call(LambdaAsyncClient lambda) {
            return lambda.updateEventSourceMapping(r -> r.uuid(uuid).enabled(true));
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Pause a mapping (its checkpoints are kept).")
    static final class Disable extends OnOneMapping {
        @Override
        CompletableFuture<? extends SdkPojo> call(LambdaAsyncClient lambda) {
            return lambda.updateEventSourceMapping(r -> r.uuid(uuid).enabled(false));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a mapping and its checkpoints.")
    static final class Delete extends OnOneMapping {
        @Override
        CompletableFuture<? extends SdkPojo> call(LambdaAsyncClient lambda) {
            return lambda.deleteEventSourceMapping(r -> r.uuid(uuid));
        }
    }
}
