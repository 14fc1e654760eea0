package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.FormEncoding;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * {@link RestOperationTable} and {@link UriTemplate} against the AWS SDK v2's Lambda client: each request the
 * SDK builds for the event-source-mapping API (labels percent-encoded its way, query parameters) is found as
 * its operation with its labels decoded.
 */
class RestBindingOracleTest {

    private static final RestOperationTable<String> MAPPINGS = new RestOperationTable<String>()
            .add("POST", "/2015-03-31/event-source-mappings", "CreateEventSourceMapping")
            .add("GET", "/2015-03-31/event-source-mappings", "ListEventSourceMappings")
            .add("GET", "/2015-03-31/event-source-mappings/{UUID}", "GetEventSourceMapping")
            .add("PUT", "/2015-03-31/event-source-mappings/{UUID}", "UpdateEventSourceMapping")
            .add("DELETE", "/2015-03-31/event-source-mappings/{UUID}", "DeleteEventSourceMapping");

    @Test
    void theSdksRequestsFindTheirOperations() {
        ScriptedSdkHttpClient http = new ScriptedSdkHttpClient(sent -> ScriptedSdkHttpClient.Answer.json(
                sent.request().method().name().equals("GET") || sent.request().method().name().equals("PUT") ? 200 : 202, "{}"));
        String awkward = "a/b c+d%é~";
        try (LambdaClient lambda = LambdaClient.builder().httpClient(http).region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://riffle"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret"))).build()) {
            lambda.getEventSourceMapping(b -> b.uuid("14e0db71-5d35-4eb5-b481-8945cf9d10c2"));
            lambda.deleteEventSourceMapping(b -> b.uuid(awkward));
            lambda.updateEventSourceMapping(b -> b.uuid(awkward).batchSize(10));
            lambda.listEventSourceMappings(b -> b.functionName("f n").maxItems(5));
            lambda.createEventSourceMapping(b -> b.functionName("f").eventSourceArn("arn:aws:kinesis:us-east-1:000000000000:stream/s"));
        }
        List<RestOperationTable.Found<String>> found = http.sent.stream().map(sent -> {
            String rawQuery = sent.request().encodedQueryParameters().map(Object::toString).orElse("");
            Map<String, List<String>> query = FormEncoding.decode(rawQuery);
            return MAPPINGS.find(sent.request().method().name(), sent.request().encodedPath(), query);
        }).toList();
        assertThat(found).containsExactly(
                new RestOperationTable.Found<>("GetEventSourceMapping", Map.of("UUID", "14e0db71-5d35-4eb5-b481-8945cf9d10c2")),
                new RestOperationTable.Found<>("DeleteEventSourceMapping", Map.of("UUID", awkward)),
                new RestOperationTable.Found<>("UpdateEventSourceMapping", Map.of("UUID", awkward)),
                new RestOperationTable.Found<>("ListEventSourceMappings", Map.of()),
                new RestOperationTable.Found<>("CreateEventSourceMapping", Map.of()));
        assertThat(http.sent.get(1).request().encodedPath())
                .isEqualTo(UriTemplate.parse("/2015-03-31/event-source-mappings/{UUID}").expand(Map.of("UUID", awkward)));
        assertThat(FormEncoding.decode(http.sent.get(3).request().encodedQueryParameters().orElseThrow()))
                .containsEntry("FunctionName", List.of("f n")).containsEntry("MaxItems", List.of("5"));
    }
}
