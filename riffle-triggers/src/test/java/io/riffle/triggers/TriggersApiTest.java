package io.riffle.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.functions.FunctionInvoker;
import io.riffle.functions.InvokeResult;
import io.riffle.kinesis.source.StreamSource;
import io.riffle.storage.memory.InMemoryLogStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API in process: routing by method and path, the model's constraints, Lambda's errors, paging, state changes. */
class TriggersApiTest {
    private static final String STREAM = "arn:aws:kinesis:us-east-1:000000000000:stream/s";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private MappingStore store;
    private TriggersApi api;

    /** One stream, ACTIVE with one shard; nothing is read in these tests. */
    private static final StreamSource STREAMS = new StreamSource() {
        @Override
        public Optional<Stream> stream(String streamArn) {
            return streamArn.equals(STREAM) ? Optional.of(new Stream(STREAM, "s", 1,
                    List.of(new Shard("shardId-000000000000", null, null, false)))) : Optional.empty();
        }

        @Override
        public Optional<Consumer> consumer(String consumerArn) {
            return Optional.ofNullable(switch (consumerArn.substring(STREAM.length())) {
                case "/consumer/ready:1700000000" -> new Consumer(consumerArn, "ready", STREAM, "ACTIVE");
                case "/consumer/new:1700000000" -> new Consumer(consumerArn, "new", STREAM, "CREATING");
                default -> null;
            });
        }

        @Override
        public Optional<Long> startPosition(String arn, long incarnation, String shardId, Start start, long atMs) {
            return Optional.of(0L);
        }

        @Override
        public CompletableFuture<Batch> read(String arn, long incarnation, String shardId, long position, int max,
                                             long maxBytes) {
            return CompletableFuture.completedFuture(new Batch(List.of(), position, false, 0));
        }

        @Override
        public AutoCloseable onRecords(long incarnation, String shardId, Runnable listener) {
            return () -> { };
        }
    };

    /** Resolves the functions f and g only; never invoked here. */
    private static final FunctionInvoker FUNCTIONS = new FunctionInvoker() {
        @Override
        public boolean isResolvable(String function) {
            return function.endsWith(":function:f") || function.endsWith(":function:g");
        }

        @Override
        public CompletableFuture<InvokeResult> invoke(String function, byte[] payload) {
            throw new AssertionError("not invoked in these tests");
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void open() throws Exception {
        store = MappingStore.open(InMemoryLogStore.open(), 60_000, clock); // transitions stay visible
        api = new TriggersApi(new MappingOperations(store, STREAMS, FUNCTIONS,
                TriggerSettings.defaults("us-east-1", "000000000000"), clock, uuid -> null));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private record Reply(int status, String errorType, JsonNode body) {
    }

    private Reply call(String method, String uri, String body) throws Exception {
        AwsAnswer answer = api.serve(AwsRequest.of(method, uri, Map.of("Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        String text = answer.bodyText();
        return new Reply(answer.status(), answer.headers().get("x-amzn-ErrorType"),
                text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text));
    }

    /** A mapping of {@code function} with FilterCriteria holding {@code patterns}. */
    private Reply createFiltered(String function, List<String> patterns) throws Exception {
        var body = JSON.createObjectNode().put("FunctionName", function).put("EventSourceArn", STREAM)
                .put("StartingPosition", "LATEST");
        var filters = body.putObject("FilterCriteria").putArray("Filters");
        patterns.forEach(p -> filters.addObject().put("Pattern", p));
        return call("POST", "/2015-03-31/event-source-mappings/", JSON.writeValueAsString(body));
    }

    private Reply create(String function) throws Exception {
        return call("POST", "/2015-03-31/event-source-mappings/", "{\"FunctionName\":\"" + function
                + "\",\"EventSourceArn\":\"" + STREAM + "\",\"StartingPosition\":\"TRIM_HORIZON\"}");
    }

    @Test
    void createAnswersTheMappingCreatingWithLambdasDefaults() throws Exception {
        Reply created = create("f");
        assertThat(created.status()).isEqualTo(202);
        JsonNode m = created.body();
        assertThat(m.path("State").asText()).isEqualTo("Creating");
        assertThat(m.path("StateTransitionReason").asText()).isEqualTo("USER_INITIATED");
        assertThat(m.path("FunctionArn").asText()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:f");
        assertThat(m.path("BatchSize").asInt()).isEqualTo(100);
        assertThat(m.path("MaximumBatchingWindowInSeconds").asInt()).isZero();
        assertThat(m.path("ParallelizationFactor").asInt()).isEqualTo(1);
        assertThat(m.path("MaximumRetryAttempts").asInt()).isEqualTo(-1);
        assertThat(m.path("MaximumRecordAgeInSeconds").asInt()).isEqualTo(-1);
        assertThat(m.path("BisectBatchOnFunctionError").asBoolean()).isFalse();
        assertThat(m.path("LastProcessingResult").asText()).isEqualTo("No records processed");
        assertThat(m.path("LastModified").asLong()).isEqualTo(1_700_000_000L);
        assertThat(m.path("EventSourceMappingArn").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:event-source-mapping:" + m.path("UUID").asText());
        assertThat(call("GET", "/2015-03-31/event-source-mappings/" + m.path("UUID").asText(), "").body()
                .path("State").asText()).isEqualTo("Creating");
    }

    private Reply createFrom(String sourceArn) throws Exception {
        return call("POST", "/2015-03-31/event-source-mappings/", "{\"FunctionName\":\"f\",\"EventSourceArn\":\""
                + sourceArn + "\",\"StartingPosition\":\"TRIM_HORIZON\"}");
    }

    @Test
    void anActiveStreamConsumerIsASourceOfItsOwnBesideTheStream() throws Exception {
        String consumer = STREAM + "/consumer/ready:1700000000";
        Reply created = createFrom(consumer);
        assertThat(created.status()).isEqualTo(202);
        assertThat(created.body().path("EventSourceArn").asText()).isEqualTo(consumer);
        assertThat(create("f").status()).as("the stream itself, for the same function").isEqualTo(202);
        Reply again = createFrom(consumer);
        assertThat(again.errorType()).isEqualTo("ResourceConflictException");

        JsonNode byConsumer = call("GET", "/2015-03-31/event-source-mappings/?EventSourceArn=" + consumer, "").body();
        assertThat(byConsumer.path("EventSourceMappings")).singleElement()
                .satisfies(m -> assertThat(m.path("EventSourceArn").asText()).isEqualTo(consumer));
        JsonNode byStream = call("GET", "/2015-03-31/event-source-mappings/?EventSourceArn=" + STREAM, "").body();
        assertThat(byStream.path("EventSourceMappings")).singleElement()
                .satisfies(m -> assertThat(m.path("EventSourceArn").asText()).isEqualTo(STREAM));

        Reply unknown = createFrom(STREAM + "/consumer/nobody:1700000000");
        assertThat(unknown.errorType()).isEqualTo("InvalidParameterValueException");
        assertThat(unknown.body().path("message").asText())
                .isEqualTo("Stream consumer not found: " + STREAM + "/consumer/nobody:1700000000");
        Reply creating = createFrom(STREAM + "/consumer/new:1700000000");
        assertThat(creating.errorType()).isEqualTo("InvalidParameterValueException");
        assertThat(creating.body().path("message").asText()).contains("is not ACTIVE (it is CREATING)");
    }

    @Test
    void refusalsCarryLambdasTypeStatusAndMessage() throws Exception {
        Reply noFunction = create("nowhere");
        assertThat(noFunction.status()).isEqualTo(404);
        assertThat(noFunction.errorType()).isEqualTo("ResourceNotFoundException");
        assertThat(noFunction.body().path("message").asText())
                .isEqualTo("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nowhere");

        String uuid = create("f").body().path("UUID").asText();
        Reply duplicate = create("arn:aws:lambda:us-east-1:000000000000:function:f");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.errorType()).isEqualTo("ResourceConflictException");
        assertThat(duplicate.body().path("message").asText()).endsWith("existing mapping with UUID " + uuid);

        Reply tooLarge = call("POST", "/2015-03-31/event-source-mappings/", "{\"FunctionName\":\"g\",\"EventSourceArn\":\""
                + STREAM + "\",\"StartingPosition\":\"LATEST\",\"BatchSize\":10001}");
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.errorType()).isEqualTo("ValidationException");

        Reply badPattern = createFiltered("g", List.of("{\"a\": \"not a list\"}"));
        assertThat(badPattern.status()).isEqualTo(400);
        assertThat(badPattern.errorType()).isEqualTo("InvalidParameterValueException");
        assertThat(badPattern.body().path("message").asText()).isEqualTo("Invalid filter pattern definition.");
        Reply tooMany = createFiltered("g", java.util.Collections.nCopies(6, "{\"a\": [1]}"));
        assertThat(tooMany.errorType()).isEqualTo("InvalidParameterValueException");
        assertThat(tooMany.body().path("message").asText()).contains("exceeds the limit of 5 filters");

        Reply noStream = call("POST", "/2015-03-31/event-source-mappings/", "{\"FunctionName\":\"g\",\"EventSourceArn\":"
                + "\"arn:aws:kinesis:us-east-1:000000000000:stream/other\",\"StartingPosition\":\"LATEST\"}");
        assertThat(noStream.errorType()).isEqualTo("InvalidParameterValueException");
        assertThat(noStream.body().path("message").asText())
                .isEqualTo("Stream not found: arn:aws:kinesis:us-east-1:000000000000:stream/other");

        Reply unknown = call("GET", "/2015-03-31/event-source-mappings/00000000-0000-4000-8000-000000000000", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("message").asText()).isEqualTo("The resource you requested does not exist.");

        assertThat(call("POST", "/2015-03-31/event-source-mappings/", "{not json").errorType())
                .isEqualTo("SerializationException");
    }

    @Test
    void updateAndDeleteGoThroughTheirTransitionalStates() throws Exception {
        String uuid = create("f").body().path("UUID").asText();
        clock.advanceMs(60_000);
        store.fireDueTimers().get(10, TimeUnit.SECONDS);
        assertThat(call("GET", "/2015-03-31/event-source-mappings/" + uuid, "").body().path("State").asText())
                .isEqualTo("Enabled");

        Reply disabling = call("PUT", "/2015-03-31/event-source-mappings/" + uuid, "{\"Enabled\":false,\"BatchSize\":5}");
        assertThat(disabling.status()).isEqualTo(202);
        assertThat(disabling.body().path("State").asText()).isEqualTo("Disabling");
        assertThat(disabling.body().path("BatchSize").asInt()).isEqualTo(5);
        clock.advanceMs(60_000);
        store.fireDueTimers().get(10, TimeUnit.SECONDS);
        assertThat(call("GET", "/2015-03-31/event-source-mappings/" + uuid, "").body().path("State").asText())
                .isEqualTo("Disabled");

        assertThat(call("DELETE", "/2015-03-31/event-source-mappings/" + uuid, "").body().path("State").asText())
                .isEqualTo("Deleting");
        clock.advanceMs(60_000);
        store.fireDueTimers().get(10, TimeUnit.SECONDS);
        assertThat(call("GET", "/2015-03-31/event-source-mappings/" + uuid, "").status()).isEqualTo(404);
    }

    @Test
    void filterCriteriaAreStoredReportedAndClearedByAnEmptyList() throws Exception {
        String pattern = "{\"data\": {\"score\": [{\"numeric\": [\">\", 100]}]}}";
        JsonNode created = createFiltered("g", List.of(pattern)).body();
        assertThat(created.path("FilterCriteria").path("Filters").get(0).path("Pattern").asText()).isEqualTo(pattern);
        String uuid = created.path("UUID").asText();
        JsonNode got = call("GET", "/2015-03-31/event-source-mappings/" + uuid, "").body();
        assertThat(got.path("FilterCriteria").path("Filters").get(0).path("Pattern").asText()).isEqualTo(pattern);

        JsonNode cleared = call("PUT", "/2015-03-31/event-source-mappings/" + uuid,
                "{\"FilterCriteria\": {\"Filters\": []}}").body();
        assertThat(cleared.has("FilterCriteria")).isFalse();
    }

    @Test
    void listFiltersAndPages() throws Exception {
        String first = create("f").body().path("UUID").asText();
        String second = create("g").body().path("UUID").asText();
        JsonNode page1 = call("GET", "/2015-03-31/event-source-mappings/?EventSourceArn=" + STREAM + "&MaxItems=1", "").body();
        assertThat(page1.path("EventSourceMappings")).hasSize(1);
        assertThat(page1.path("EventSourceMappings").get(0).path("UUID").asText()).isEqualTo(first);
        assertThat(page1.path("NextMarker").asText()).isEqualTo(second);
        JsonNode page2 = call("GET", "/2015-03-31/event-source-mappings/?MaxItems=1&Marker=" + second, "").body();
        assertThat(page2.path("EventSourceMappings").get(0).path("UUID").asText()).isEqualTo(second);
        assertThat(page2.has("NextMarker")).isFalse();
        JsonNode byFunction = call("GET", "/2015-03-31/event-source-mappings/?FunctionName="
                + "arn:aws:lambda:us-east-1:000000000000:function:g", "").body();
        assertThat(byFunction.path("EventSourceMappings")).hasSize(1);
        assertThat(byFunction.path("EventSourceMappings").get(0).path("UUID").asText()).isEqualTo(second);
    }
}
