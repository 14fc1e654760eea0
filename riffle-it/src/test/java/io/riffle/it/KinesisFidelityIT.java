package io.riffle.it;

import static io.riffle.it.Kit.bytes;
import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Points where an application could tell Riffle from Kinesis (issue 12), each as Kinesis answers it:
 * through the SDK (both wire formats, as every SDK IT runs) where a client can send the request, raw
 * HTTP where only raw HTTP can.
 */
class KinesisFidelityIT {

    private static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/%s/"
            + "aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef";

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    private static HttpClient http;

    @BeforeAll
    static void client() {
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void close() {
        http.close();
    }

    private KinesisClient kinesis() {
        return riffle.kinesis();
    }

    /** Kinesis reads a shard id by its number: shardId-0, shard-0, anything-0 and 0 all name shardId-000000000000. */
    @Test
    void abbreviatedShardIdsNameTheShard() {
        String name = createActive(kinesis(), name("abbrev"), 1);
        PutRecordResponse put = kinesis().putRecord(b -> b.streamName(name).partitionKey("k").data(bytes("v")));
        for (String shardId : List.of("shardId-000000000000", "shardId-0", "shard-0", "anything-0", "0")) {
            String iterator = kinesis().getShardIterator(b -> b.streamName(name).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<Record> records = kinesis().getRecords(b -> b.shardIterator(iterator)).records();
            assertThat(records).as(shardId).extracting(Record::sequenceNumber).containsExactly(put.sequenceNumber());
        }
        ResourceNotFoundException missing = catchThrowableOfType(ResourceNotFoundException.class,
                () -> kinesis().getShardIterator(b -> b.streamName(name).shardId("shard-1")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)));
        assertThat(missing.awsErrorDetails().errorMessage()).contains("in stream " + name);
    }

    /** A SequenceNumberForOrdering in Kinesis' own 56-digit shape (taken from Kinesis) is accepted. */
    @Test
    void kinesisOwnSequenceNumbersAreAcceptedForOrdering() {
        String name = createActive(kinesis(), name("ordering"), 1);
        String fromKinesis = "49546986683135544286507457936321625675700192471156785154";
        PutRecordResponse put = kinesis().putRecord(b -> b.streamName(name).partitionKey("k").data(bytes("v"))
                .sequenceNumberForOrdering(fromKinesis));
        assertThat(put.shardId()).isEqualTo("shardId-000000000000");
    }

    /** Shard iterators in Kinesis' shape: standard base64 of an 8-byte header and 16-byte blocks, >= 152 bytes. */
    @Test
    void shardIteratorsHaveKinesisShape() {
        String name = createActive(kinesis(), name("iterator"), 1);
        kinesis().putRecord(b -> b.streamName(name).partitionKey("k").data(bytes("v")));
        String iterator = kinesis().getShardIterator(b -> b.streamName(name).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        String next = kinesis().getRecords(b -> b.shardIterator(iterator)).nextShardIterator();
        for (String text : List.of(iterator, next)) {
            assertThat(text).matches("[A-Za-z0-9+/]+={0,2}");
            byte[] bytes = Base64.getDecoder().decode(text);
            assertThat(bytes.length).isGreaterThanOrEqualTo(152);
            assertThat((bytes.length - 8) % 16).isZero();
        }
    }

    /** An iterator of a stream deleted since names the stream, not "(deleted)". */
    @Test
    void anIteratorOfADeletedStreamNamesTheStream() {
        String name = createActive(kinesis(), name("deleted"), 1);
        String iterator = kinesis().getShardIterator(b -> b.streamName(name).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        Kit.deleteAndAwaitGone(kinesis(), name);
        ResourceNotFoundException gone = catchThrowableOfType(ResourceNotFoundException.class,
                () -> kinesis().getRecords(b -> b.shardIterator(iterator)));
        assertThat(gone.awsErrorDetails().errorMessage()).isEqualTo("Shard shardId-000000000000 in stream " + name
                + " under account " + SdkClients.ACCOUNT + " does not exist");
    }

    // ---- the connection layer: raw HTTP, no SDK sends these

    @Test
    void everyAnswerCarriesAnExtendedRequestId() throws Exception {
        HttpResponse<byte[]> ok = send(request("/").header("Content-Type", SdkClients.JSON)
                .header("X-Amz-Target", "Kinesis_20131202.ListStreams").header("X-Amz-Date", "20240101T000000Z")
                .header("Authorization", AUTH.formatted("kinesis")).POST(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<byte[]> refused = send(request("/").GET());
        for (HttpResponse<byte[]> r : List.of(ok, refused)) {
            assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
            assertThat(r.headers().firstValue("x-amz-id-2")).hasValueSatisfying(id ->
                    assertThat(Base64.getDecoder().decode(id)).hasSize(72));
        }
        assertThat(ok.headers().firstValue("x-amz-id-2")).isNotEqualTo(refused.headers().firstValue("x-amz-id-2"));
    }

    @Test
    void aPostWithoutTargetIsABareUnknownOperationInCborUnlessJson() throws Exception {
        HttpResponse<byte[]> untyped = send(request("/").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(untyped.statusCode()).isEqualTo(400);
        assertThat(untyped.headers().firstValue("Content-Type")).hasValue(SdkClients.CBOR);
        // a CBOR map (major type 5) holding __type and no message
        assertThat(untyped.body()[0] & 0xE0).isEqualTo(0xA0);
        assertThat(new String(untyped.body(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("__type").contains("UnknownOperationException").doesNotContain("message");

        HttpResponse<byte[]> json = send(request("/").header("Content-Type", SdkClients.JSON)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.headers().firstValue("Content-Type")).hasValue(SdkClients.JSON);
        assertThat(new String(json.body())).isEqualTo("{\"__type\":\"UnknownOperationException\"}");
    }

    @Test
    void otherMethodsOnTheRootAreAccessDeniedInXml() throws Exception {
        for (String method : List.of("GET", "PUT", "DELETE")) {
            HttpResponse<byte[]> r = send(request("/").header("Authorization", AUTH.formatted("kinesis"))
                    .header("X-Amz-Date", "20240101T000000Z").method(method, HttpRequest.BodyPublishers.noBody()));
            assertThat(r.statusCode()).as(method).isEqualTo(403);
            assertThat(new String(r.body())).isEqualTo("<AccessDeniedException>\n  <Message>Unable to determine "
                    + "service/operation name to be authorized</Message>\n</AccessDeniedException>\n");
        }
    }

    /** An untyped POST is taken for STS' query form only when it names an Action. */
    @Test
    void anUntypedFormNamingAnActionReachesSts() throws Exception {
        HttpResponse<byte[]> sts = send(request("/").header("Authorization", AUTH.formatted("sts"))
                .header("X-Amz-Date", "20240101T000000Z")
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15")));
        assertThat(sts.statusCode()).as(new String(sts.body())).isEqualTo(200);
        assertThat(new String(sts.body())).contains("<GetCallerIdentityResponse").contains("<Account>");

        HttpResponse<byte[]> other = send(request("/").header("Authorization", AUTH.formatted("sts"))
                .header("X-Amz-Date", "20240101T000000Z").POST(HttpRequest.BodyPublishers.ofString("Version=2011-06-15")));
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
    }

    /** Query-string (presigned) signatures: read, and refused in Kinesis' words when both forms or incomplete. */
    @Test
    void querySignaturesAreRecognised() throws Exception {
        String complete = "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101%2F"
                + "us-east-1%2Fkinesis%2Faws4_request&X-Amz-Date=20240101T000000Z&X-Amz-Expires=300"
                + "&X-Amz-SignedHeaders=host&X-Amz-Signature=0123456789abcdef";
        HttpResponse<byte[]> presigned = send(listStreams(complete));
        assertThat(presigned.statusCode()).as(new String(presigned.body())).isEqualTo(200);
        assertThat(new String(presigned.body())).contains("\"StreamNames\"");

        HttpResponse<byte[]> both = send(listStreams(complete).header("Authorization", AUTH.formatted("kinesis"))
                .header("X-Amz-Date", "20240101T000000Z"));
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(new String(both.body())).isEqualTo("{\"__type\":\"InvalidSignatureException\",\"message\":"
                + "\"Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.\"}");

        HttpResponse<byte[]> incomplete = send(listStreams(complete.replace("&X-Amz-SignedHeaders=host", "")
                .replace("&X-Amz-Date=20240101T000000Z", "")));
        assertThat(incomplete.statusCode()).isEqualTo(400);
        assertThat(new String(incomplete.body())).isEqualTo("{\"__type\":\"IncompleteSignatureException\",\"message\":"
                + "\"AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must "
                + "include 'X-Amz-Date'. Re-examine the query-string parameters.\"}");
    }

    /**
     * Kinesis names its own errors in the body's {@code __type} only, with no {@code x-amzn-ErrorType}
     * header: kinesalite reproduces the service's answers with x-amzn-RequestId and x-amz-id-2 and no such
     * header, and the API reference's error example (Common Errors) shows none. In JSON and in CBOR.
     */
    @Test
    void kinesisErrorsNameTheirTypeInTheBodyOnly() throws Exception {
        for (String mediaType : List.of(SdkClients.JSON, SdkClients.CBOR)) {
            byte[] body = mediaType.equals(SdkClients.JSON) ? "{\"StreamName\":\"nope\"}".getBytes()
                    : new byte[] {(byte) 0xa1, 0x6a, 'S', 't', 'r', 'e', 'a', 'm', 'N', 'a', 'm', 'e', 0x64, 'n', 'o', 'p', 'e'};
            HttpResponse<byte[]> r = send(request("/").header("Content-Type", mediaType)
                    .header("X-Amz-Target", "Kinesis_20131202.DescribeStreamSummary")
                    .header("Authorization", AUTH.formatted("kinesis")).header("X-Amz-Date", "20240101T000000Z")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            assertThat(r.statusCode()).as(mediaType).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).as(mediaType).hasValue(mediaType);
            assertThat(new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).as(mediaType)
                    .contains("__type").contains("ResourceNotFoundException");
            assertThat(r.headers().firstValue("x-amzn-ErrorType")).as(mediaType).isEmpty();
            assertThat(r.headers().firstValue("x-amzn-RequestId")).as(mediaType).isPresent();
        }
    }

    private static HttpRequest.Builder listStreams(String uri) {
        return request(uri).header("Content-Type", SdkClients.JSON).header("X-Amz-Target", "Kinesis_20131202.ListStreams")
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(riffle.endpoint().resolve(path)).timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
