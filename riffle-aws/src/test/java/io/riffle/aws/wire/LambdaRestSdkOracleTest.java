package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.riffle.aws.FormEncoding;
import io.riffle.aws.wire.lambda.CreateEventSourceMappingRequest;
import io.riffle.aws.wire.lambda.EventSourceMappingConfiguration;
import io.riffle.aws.wire.lambda.EventSourcePosition;
import io.riffle.aws.wire.lambda.GetEventSourceMappingRequest;
import io.riffle.aws.wire.lambda.InvocationRequest;
import io.riffle.aws.wire.lambda.InvocationResponse;
import io.riffle.aws.wire.lambda.InvocationType;
import io.riffle.aws.wire.lambda.LambdaRestCodec;
import io.riffle.aws.wire.lambda.ListEventSourceMappingsRequest;
import io.riffle.aws.wire.lambda.ListEventSourceMappingsResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The AWS SDK v2's Lambda client as the oracle of the generated restJson codec: the requests it sends (URI labels
 * percent-encoded, query strings, headers, JSON bodies, a blob payload) decode to what it was given; it reads our
 * answers (status codes, headers, JSON bodies, a payload) and our x-amzn-ErrorType errors.
 */
class LambdaRestSdkOracleTest {
    private static final WireCodec CODEC = WireCodec.standard();

    private HttpServer server;
    private LambdaClient client;
    private final AtomicReference<Object> received = new AtomicReference<>();
    private final AtomicReference<String> operation = new AtomicReference<>();
    private final AtomicReference<Object> answer = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
        client = LambdaClient.builder()
                .endpointOverride(URI.create("http://localhost:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        Map<String, List<String>> query = uri.getRawQuery() == null ? Map.of() : FormEncoding.decode(uri.getRawQuery());
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
        RestRequest request = new RestRequest(exchange.getRequestMethod(), uri.getRawPath(), query, headers,
                exchange.getRequestBody().readAllBytes());
        String op = LambdaRestCodec.operationFor(request.method(), request.path());
        operation.set(op);
        received.set(LambdaRestCodec.decodeRequest(op, request, CODEC));
        RestAnswer out = answer.get() instanceof AwsServiceException error ? RestJsonProtocol.error(CODEC, error)
                : LambdaRestCodec.encodeResponse(op, answer.get(), CODEC);
        out.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(out.status(), out.body().length == 0 ? -1 : out.body().length);
        if (out.body().length > 0) {
            exchange.getResponseBody().write(out.body());
        }
        exchange.close();
    }

    private static EventSourceMappingConfiguration mapping(String uuid) {
        return EventSourceMappingConfiguration.builder().uuid(uuid).state("Creating").batchSize(100)
                .functionArn("arn:aws:lambda:us-east-1:000000000000:function:f")
                .eventSourceArn("arn:aws:kinesis:us-east-1:000000000000:stream/s")
                .startingPosition(EventSourcePosition.LATEST).lastModified(Instant.ofEpochMilli(1_700_000_000_500L))
                .build();
    }

    @Test
    void createEventSourceMappingTravelsBothWays() {
        answer.set(mapping("uuid-1"));

        var created = client.createEventSourceMapping(r -> r.functionName("f").batchSize(100)
                .eventSourceArn("arn:aws:kinesis:us-east-1:000000000000:stream/s")
                .startingPosition(software.amazon.awssdk.services.lambda.model.EventSourcePosition.LATEST));

        assertThat(operation.get()).isEqualTo("CreateEventSourceMapping");
        CreateEventSourceMappingRequest in = (CreateEventSourceMappingRequest) received.get();
        assertThat(in.functionName()).isEqualTo("f");
        assertThat(in.batchSize()).isEqualTo(100);
        assertThat(in.startingPosition()).isEqualTo(EventSourcePosition.LATEST);
        assertThat(created.uuid()).isEqualTo("uuid-1");
        assertThat(created.state()).isEqualTo("Creating");
        assertThat(created.lastModified()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_500L));
        assertThat(created.startingPositionAsString()).isEqualTo("LATEST");
    }

    @Test
    void uriLabelsAndQueryStringsAreDecoded() {
        answer.set(mapping("a b/c"));
        var got = client.getEventSourceMapping(r -> r.uuid("a b/c"));
        assertThat(operation.get()).isEqualTo("GetEventSourceMapping");
        assertThat(((GetEventSourceMappingRequest) received.get()).uuid()).isEqualTo("a b/c");
        assertThat(got.uuid()).isEqualTo("a b/c");

        answer.set(ListEventSourceMappingsResponse.builder().eventSourceMappings(List.of(mapping("u1"), mapping("u2")))
                .nextMarker("m2").build());
        var listed = client.listEventSourceMappings(r -> r.functionName("f").maxItems(5).marker("m 1"));
        ListEventSourceMappingsRequest in = (ListEventSourceMappingsRequest) received.get();
        assertThat(in.functionName()).isEqualTo("f");
        assertThat(in.maxItems()).isEqualTo(5);
        assertThat(in.marker()).isEqualTo("m 1");
        assertThat(listed.eventSourceMappings()).extracting(m -> m.uuid()).containsExactly("u1", "u2");
        assertThat(listed.nextMarker()).isEqualTo("m2");
    }

    @Test
    void invokeCarriesHeadersAPayloadAndAStatusCode() {
        answer.set(InvocationResponse.builder().statusCode(202).functionError("Unhandled").executedVersion("$LATEST")
                .payload(Blob.copyOf("{\"ok\":1}".getBytes(StandardCharsets.UTF_8))).build());

        var response = client.invoke(r -> r.functionName("f").qualifier("live")
                .invocationType(software.amazon.awssdk.services.lambda.model.InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"n\":1}")));

        assertThat(operation.get()).isEqualTo("Invoke");
        InvocationRequest in = (InvocationRequest) received.get();
        assertThat(in.functionName()).isEqualTo("f");
        assertThat(in.qualifier()).isEqualTo("live");
        assertThat(in.invocationType()).isEqualTo(InvocationType.EVENT);
        assertThat(new String(in.payload().toByteArray(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(response.executedVersion()).isEqualTo("$LATEST");
        assertThat(response.payload().asUtf8String()).isEqualTo("{\"ok\":1}");
    }

    @Test
    void errorsCarryTheirCodeInXAmznErrorType() {
        answer.set(new AwsServiceException("ResourceNotFoundException", 404, "Function not found: f"));

        assertThatThrownBy(() -> client.getEventSourceMapping(r -> r.uuid("nope")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Function not found: f");
                });
    }

    @Test
    void uriTemplatesMatchLabelsGreedyLabelsAndTrailingSlashes() {
        UriTemplate template = new UriTemplate("/2015-03-31/functions/{FunctionName}/invocations");
        assertThat(template.match("/2015-03-31/functions/my%3Afn/invocations")).containsEntry("FunctionName", "my:fn");
        assertThat(template.match("/2015-03-31/functions//invocations")).isNull();
        assertThat(template.match("/2015-03-31/functions/f/other")).isNull();
        assertThat(new UriTemplate("/{Bucket}/{Key+}").match("/b/a/b%20c")).containsEntry("Key", "a/b c");
        assertThat(new UriTemplate("/2015-03-31/event-source-mappings/").match("/2015-03-31/event-source-mappings"))
                .isEmpty();
        assertThat(LambdaRestCodec.operationFor("GET", "/2015-03-31/event-source-mappings/")).isEqualTo(
                "ListEventSourceMappings");
    }
}
