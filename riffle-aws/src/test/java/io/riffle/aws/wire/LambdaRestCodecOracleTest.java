package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.aws.FormEncoding;
import io.riffle.aws.wire.lambda.CreateEventSourceMappingRequest;
import io.riffle.aws.wire.lambda.EventSourceMappingConfiguration;
import io.riffle.aws.wire.lambda.ListEventSourceMappingsRequest;
import io.riffle.aws.wire.lambda.ListEventSourceMappingsResponse;
import io.riffle.aws.wire.lambda.LambdaOperations;
import io.riffle.aws.wire.lambda.LambdaRestCodec;
import io.riffle.aws.wire.lambda.UpdateEventSourceMappingRequest;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;

/**
 * The generated {@code LambdaRestCodec} (riffle-codegen over Lambda's event-source-mapping operations) against
 * the AWS SDK v2's Lambda client: each request the SDK sends finds its operation in a {@link RestOperationTable}
 * built from {@code LambdaOperations.ALL}, decodes (label, query string, JSON body) into the generated record,
 * and the generated answer (status, JSON body, epoch-second timestamps) decodes in the SDK.
 */
class LambdaRestCodecOracleTest {

    private static final WireCodec CODEC = WireCodec.standard();
    private static final Instant MODIFIED = Instant.parse("2026-12-04T05:00:01Z");
    private static final String STREAM = "arn:aws:kinesis:us-east-1:000000000000:stream/s";

    private final RestOperationTable<OperationSpec<?, ?>> table = new RestOperationTable<>();
    private final List<Object> decoded = new ArrayList<>();

    LambdaRestCodecOracleTest() {
        for (OperationSpec<?, ?> operation : LambdaOperations.ALL) {
            table.add(operation.httpMethod(), operation.requestUri(), operation);
        }
    }

    private ScriptedSdkHttpClient.Answer serve(ScriptedSdkHttpClient.Sent sent) {
        Map<String, List<String>> query = FormEncoding.decode(sent.request().encodedQueryParameters().orElse(""));
        RestOperationTable.Found<OperationSpec<?, ?>> found = table.find(sent.request().method().name(),
                sent.request().encodedPath(), query);
        Map<String, String> headers = new HashMap<>();
        sent.request().headers().forEach((name, values) -> headers.put(name, values.get(0)));
        RestRequest request = new RestRequest(found.labels(), query, headers, sent.body());
        RestResponse response = switch (found.operation().name()) {
            case "CreateEventSourceMapping" -> {
                CreateEventSourceMappingRequest in = LambdaRestCodec.readCreateEventSourceMappingInput(request, CODEC);
                decoded.add(in);
                yield LambdaRestCodec.writeCreateEventSourceMappingOutput(mapping("u-1", in.functionName(), "Creating")
                        .toBuilder().batchSize(in.batchSize()).startingPositionAsString(in.startingPositionAsString()).build(), CODEC);
            }
            case "GetEventSourceMapping" -> {
                String uuid = LambdaRestCodec.readGetEventSourceMappingInput(request, CODEC).uUID();
                decoded.add(uuid);
                yield LambdaRestCodec.writeGetEventSourceMappingOutput(mapping(uuid, "f", "Enabled"), CODEC);
            }
            case "UpdateEventSourceMapping" -> {
                UpdateEventSourceMappingRequest in = LambdaRestCodec.readUpdateEventSourceMappingInput(request, CODEC);
                decoded.add(in);
                yield LambdaRestCodec.writeUpdateEventSourceMappingOutput(
                        mapping(in.uUID(), "f", "Updating").toBuilder().batchSize(in.batchSize()).build(), CODEC);
            }
            case "ListEventSourceMappings" -> {
                ListEventSourceMappingsRequest in = LambdaRestCodec.readListEventSourceMappingsInput(request, CODEC);
                decoded.add(in);
                yield LambdaRestCodec.writeListEventSourceMappingsOutput(ListEventSourceMappingsResponse.builder()
                        .eventSourceMappings(List.of(mapping("u-1", in.functionName(), "Enabled"),
                                mapping("u-2", in.functionName(), "Disabled")))
                        .nextMarker("m-" + in.maxItems()).build(), CODEC);
            }
            case "DeleteEventSourceMapping" -> {
                String uuid = LambdaRestCodec.readDeleteEventSourceMappingInput(request, CODEC).uUID();
                decoded.add(uuid);
                yield LambdaRestCodec.writeDeleteEventSourceMappingOutput(mapping(uuid, "f", "Deleting"), CODEC);
            }
            default -> throw new AssertionError(found.operation().name());
        };
        Map<String, String> answerHeaders = new HashMap<>(response.headers());
        answerHeaders.put("Content-Type", response.contentType());
        return new ScriptedSdkHttpClient.Answer(response.status(), answerHeaders, response.body());
    }

    private static EventSourceMappingConfiguration mapping(String uuid, String function, String state) {
        return EventSourceMappingConfiguration.builder().uUID(uuid)
                .functionArn("arn:aws:lambda:us-east-1:000000000000:function:" + function)
                .eventSourceArn(STREAM).state(state).lastModified(MODIFIED).batchSize(100).build();
    }

    @Test
    void theEventSourceMappingApiRoundTrips() {
        ScriptedSdkHttpClient http = new ScriptedSdkHttpClient(this::serve);
        String awkward = "u/2 é+";
        try (LambdaClient lambda = LambdaClient.builder().httpClient(http).region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://riffle"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret"))).build()) {
            var created = lambda.createEventSourceMapping(b -> b.functionName("f").eventSourceArn(STREAM).batchSize(50)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON).tags(Map.of("team", "x")));
            assertThat(created.uuid()).isEqualTo("u-1");
            assertThat(created.state()).isEqualTo("Creating");
            assertThat(created.batchSize()).isEqualTo(50);
            assertThat(created.startingPosition()).isEqualTo(EventSourcePosition.TRIM_HORIZON);
            assertThat(created.lastModified()).isEqualTo(MODIFIED);

            var got = lambda.getEventSourceMapping(b -> b.uuid(awkward));
            assertThat(got.uuid()).isEqualTo(awkward);
            assertThat(got.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:f");

            var updated = lambda.updateEventSourceMapping(b -> b.uuid("u-1").batchSize(7));
            assertThat(updated.batchSize()).isEqualTo(7);

            var listed = lambda.listEventSourceMappings(b -> b.functionName("f n").maxItems(5));
            assertThat(listed.eventSourceMappings()).extracting(m -> m.uuid()).containsExactly("u-1", "u-2");
            assertThat(listed.nextMarker()).isEqualTo("m-5");

            var deleted = lambda.deleteEventSourceMapping(b -> b.uuid("u-1"));
            assertThat(deleted.state()).isEqualTo("Deleting");
        }
        CreateEventSourceMappingRequest create = (CreateEventSourceMappingRequest) decoded.get(0);
        assertThat(create.functionName()).isEqualTo("f");
        assertThat(create.eventSourceArn()).isEqualTo(STREAM);
        assertThat(create.batchSize()).isEqualTo(50);
        assertThat(create.startingPositionAsString()).isEqualTo("TRIM_HORIZON");
        assertThat(create.tags()).containsExactly(Map.entry("team", "x"));
        assertThat(decoded.get(1)).isEqualTo(awkward);
        UpdateEventSourceMappingRequest update = (UpdateEventSourceMappingRequest) decoded.get(2);
        assertThat(update.uUID()).isEqualTo("u-1");
        assertThat(update.batchSize()).isEqualTo(7);
        ListEventSourceMappingsRequest list = (ListEventSourceMappingsRequest) decoded.get(3);
        assertThat(list.functionName()).isEqualTo("f n");
        assertThat(list.maxItems()).isEqualTo(5);
        assertThat(list.eventSourceArn()).isNull();
        assertThat(decoded.get(4)).isEqualTo("u-1");
    }

    @Test
    void aBoundValueOfTheWrongTypeNamesWhereItWas() {
        RestRequest request = new RestRequest(Map.of(), Map.of("MaxItems", List.of("many")), Map.of(), new byte[0]);
        assertThatThrownBy(() -> LambdaRestCodec.readListEventSourceMappingsInput(request, CODEC))
                .isInstanceOf(RestRequest.MalformedValueException.class)
                .hasMessage("'many' in query parameter MaxItems is not an integer");
    }
}
