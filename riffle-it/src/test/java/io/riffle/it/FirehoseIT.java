package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.nio.ByteBuffer;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedInputStream;
import org.junit.jupiter.api.AfterAll;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.BufferingHints;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.ConcurrentModificationException;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.LimitExceededException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.ContentEncoding;
import software.amazon.awssdk.services.firehose.model.HttpEndpointCommonAttribute;
import software.amazon.awssdk.services.firehose.model.HttpEndpointDestinationDescription;
import software.amazon.awssdk.services.firehose.model.HttpEndpointS3BackupMode;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.S3BackupMode;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;
import software.amazon.awssdk.services.firehose.model.ResourceInUseException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Firehose against a real Riffle process delivering to a real S3-compatible server (s3proxy, started here),
 * with the AWS SDK v2's FirehoseClient (awsJson 1.1): object contents and keys, GZIP, buffering by
 * interval and by size, Firehose's errors, and an S3 that is down while the server is killed with
 * kill -9 between acknowledgement and delivery: everything acknowledged is delivered after the
 * restart, exactly once. Snappy and Hadoop-Snappy objects read back; puts over the quota told "Slow down.";
 * {@code riffle firehose flush}; an HTTP endpoint (a JDK HttpServer here) with a retry and a 413 backed up.
 */
class FirehoseIT {
    static final S3ProxyServer S3 = S3ProxyServer.start();
    /** The delivery streams' DirectPut quota here: two 1 MB records a second fit, a third does not. */
    private static final long PUT_BYTES_PER_SECOND = 2L << 20;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension(FirehoseTesting.serverSettings(S3,
            "firehose-put-bytes-per-second=" + PUT_BYTES_PER_SECOND, "firehose-http-endpoint-plain-http=true"));

    private static final Duration WAIT = FirehoseTesting.WAIT;
    private static final String ROLE = FirehoseTesting.ROLE;

    private final S3Client s3 = S3.client();
    private final List<FirehoseClient> clients = new ArrayList<>();

    @AfterAll
    static void stopS3() {
        S3.close();
    }

    /** A client for the server as it runs now (a restart moves it to another port). */
    private FirehoseClient firehose() {
        FirehoseClient client = FirehoseTesting.client(riffle.endpoint());
        clients.add(client);
        return client;
    }

    private static void createActive(FirehoseClient client, String name, String bucket, int sizeMiB, int intervalS,
                                     CompressionFormat compression, String prefix) {
        client.createDeliveryStream(b -> b.deliveryStreamName(name).deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                .extendedS3DestinationConfiguration(ExtendedS3DestinationConfiguration.builder().roleARN(ROLE)
                        .bucketARN("arn:aws:s3:::" + bucket).prefix(prefix)
                        .bufferingHints(BufferingHints.builder().sizeInMBs(sizeMiB).intervalInSeconds(intervalS).build())
                        .compressionFormat(compression).build())
                .tags(Tag.builder().key("team").value("it").build()));
        Kit.await(WAIT, name + " ACTIVE", () -> client.describeDeliveryStream(b -> b.deliveryStreamName(name))
                .deliveryStreamDescription().deliveryStreamStatus() == DeliveryStreamStatus.ACTIVE);
    }

    private List<S3Object> objects(String bucket) {
        return s3.listObjectsV2(b -> b.bucket(bucket)).contents();
    }

    private byte[] object(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    private static String gunzip(byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Record> records(int count, String prefix) {
        return IntStream.range(0, count).mapToObj(i -> Record.builder()
                .data(SdkBytes.fromUtf8String(prefix + "-" + i + "\n")).build()).toList();
    }

    private static String joined(List<Record> records) {
        StringBuilder all = new StringBuilder();
        records.forEach(r -> all.append(r.data().asUtf8String()));
        return all.toString();
    }

    private long metric(String name, String stream) {
        return FirehoseTesting.metric(riffle.endpoint(), name, stream);
    }

    @Test
    void gzipObjectsArriveUnderFirehosesKeysWithEveryRecordInOrder() {
        FirehoseClient client = firehose();
        s3.createBucket(b -> b.bucket("fh-gzip"));
        createActive(client, "orders", "fh-gzip", 5, 1, CompressionFormat.GZIP, "orders/");

        DeliveryStreamDescription d = client.describeDeliveryStream(b -> b.deliveryStreamName("orders"))
                .deliveryStreamDescription();
        assertThat(d.deliveryStreamARN()).isEqualTo("arn:aws:firehose:us-east-1:000000000000:deliverystream/orders");
        assertThat(d.versionId()).isEqualTo("1");
        assertThat(d.hasMoreDestinations()).isFalse();
        assertThat(d.destinations()).singleElement().satisfies(dest -> {
            assertThat(dest.destinationId()).isEqualTo("destinationId-000000000001");
            ExtendedS3DestinationDescription s = dest.extendedS3DestinationDescription();
            assertThat(s.bucketARN()).isEqualTo("arn:aws:s3:::fh-gzip");
            assertThat(s.compressionFormat()).isEqualTo(CompressionFormat.GZIP);
            assertThat(s.bufferingHints().intervalInSeconds()).isEqualTo(1);
            assertThat(s.prefix()).isEqualTo("orders/");
        });

        List<Record> records = records(500, "order");
        PutRecordBatchResponse put = client.putRecordBatch(b -> b.deliveryStreamName("orders").records(records));
        assertThat(put.failedPutCount()).isZero();
        assertThat(put.requestResponses()).hasSize(500).allSatisfy(e -> assertThat(e.recordId()).isNotEmpty());
        assertThat(client.putRecord(b -> b.deliveryStreamName("orders")
                .record(Record.builder().data(SdkBytes.fromUtf8String("last\n")).build())).recordId()).isNotEmpty();

        Kit.await(WAIT, "the objects of orders", () -> metric("riffle_firehose_delivery_to_s3_records_total", "orders") == 501);
        StringBuilder delivered = new StringBuilder();
        List<S3Object> objects = objects("fh-gzip");
        for (S3Object o : objects) {
            assertThat(o.key()).matches("orders/\\d{4}/\\d{2}/\\d{2}/\\d{2}/orders-1-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}"
                    + "-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.gz");
        }
        objects.stream().sorted((a, b) -> a.key().compareTo(b.key()))
                .forEach(o -> delivered.append(gunzip(object("fh-gzip", o.key()))));
        assertThat(delivered.toString()).hasSameSizeAs(joined(records) + "last\n");
        assertThat(delivered.toString().lines().sorted().toList())
                .isEqualTo((joined(records) + "last\n").lines().sorted().toList());
    }

    @Test
    void aFullBufferIsDeliveredWithoutWaitingForItsInterval() {
        FirehoseClient client = firehose();
        s3.createBucket(b -> b.bucket("fh-size"));
        createActive(client, "sized", "fh-size", 1, 900, CompressionFormat.UNCOMPRESSED, "");
        String chunk = "y".repeat(100 * 1024 - 1) + "\n";
        List<Record> records = IntStream.range(0, 11).mapToObj(i -> Record.builder()
                .data(SdkBytes.fromUtf8String(chunk)).build()).toList();
        assertThat(client.putRecordBatch(b -> b.deliveryStreamName("sized").records(records)).failedPutCount()).isZero();
        Kit.await(WAIT, "the object of sized", () -> !objects("fh-size").isEmpty());
        S3Object o = objects("fh-size").get(0);
        assertThat(o.size()).isEqualTo(11L * 100 * 1024);
        assertThat(new String(object("fh-size", o.key()), StandardCharsets.UTF_8)).isEqualTo(joined(records));
        assertThat(o.key()).doesNotEndWith(".gz");
    }

    @Test
    void firehosesErrorsReachTheSdkAsItsExceptionClasses() {
        FirehoseClient client = firehose();
        assertThatThrownBy(() -> client.describeDeliveryStream(b -> b.deliveryStreamName("nope")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("Firehose nope under account 000000000000 not found.");
        assertThatThrownBy(() -> client.createDeliveryStream(b -> b.deliveryStreamName("bad name")
                .extendedS3DestinationConfiguration(ExtendedS3DestinationConfiguration.builder().roleARN(ROLE)
                        .bucketARN("arn:aws:s3:::b").build())))
                .isInstanceOfSatisfying(FirehoseException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value 'bad name'"
                            + " at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular"
                            + " expression pattern: [a-zA-Z0-9_.-]+");
                });
        assertThatThrownBy(() -> client.createDeliveryStream(b -> b.deliveryStreamName("nobackup")
                .extendedS3DestinationConfiguration(ExtendedS3DestinationConfiguration.builder().roleARN(ROLE)
                        .bucketARN("arn:aws:s3:::b").s3BackupMode(S3BackupMode.ENABLED).build())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("S3BackupConfiguration is required when S3BackupMode is Enabled.");

        s3.createBucket(b -> b.bucket("fh-errors"));
        createActive(client, "errs", "fh-errors", 5, 300, CompressionFormat.UNCOMPRESSED, "");
        assertThatThrownBy(() -> client.createDeliveryStream(b -> b.deliveryStreamName("errs")
                .extendedS3DestinationConfiguration(ExtendedS3DestinationConfiguration.builder().roleARN(ROLE)
                        .bucketARN("arn:aws:s3:::b").build())))
                .isInstanceOf(ResourceInUseException.class);
        assertThatThrownBy(() -> client.putRecordBatch(b -> b.deliveryStreamName("errs").records(records(501, "x"))))
                .isInstanceOfSatisfying(FirehoseException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("1 validation error detected: Value '[").endsWith("at 'records' failed to satisfy"
                                + " constraint: Member must have length less than or equal to 500"));
        assertThatThrownBy(() -> client.updateDestination(b -> b.deliveryStreamName("errs")
                .currentDeliveryStreamVersionId("7").destinationId("destinationId-000000000001")
                .extendedS3DestinationUpdate(u -> u.prefix("new/"))))
                .isInstanceOf(ConcurrentModificationException.class);
        client.updateDestination(b -> b.deliveryStreamName("errs").currentDeliveryStreamVersionId("1")
                .destinationId("destinationId-000000000001").extendedS3DestinationUpdate(u -> u.prefix("new/")));
        DeliveryStreamDescription d = client.describeDeliveryStream(b -> b.deliveryStreamName("errs"))
                .deliveryStreamDescription();
        assertThat(d.versionId()).isEqualTo("2");
        assertThat(d.destinations().get(0).extendedS3DestinationDescription().prefix()).isEqualTo("new/");
        assertThat(d.destinations().get(0).extendedS3DestinationDescription().bufferingHints().sizeInMBs()).isEqualTo(5);

        assertThat(client.listTagsForDeliveryStream(b -> b.deliveryStreamName("errs")).tags())
                .containsExactly(Tag.builder().key("team").value("it").build());
        assertThat(client.listDeliveryStreams(b -> b.deliveryStreamType(DeliveryStreamType.DIRECT_PUT))
                .deliveryStreamNames()).contains("errs");
        client.deleteDeliveryStream(b -> b.deliveryStreamName("errs"));
        Kit.await(WAIT, "errs gone", () -> !client.listDeliveryStreams(b -> b.limit(100)).deliveryStreamNames().contains("errs"));
        // the server logged each change of the delivery stream once it was applied
        Kit.await(WAIT, "the server's log line of the deletion",
                () -> riffle.server().stderr().contains("delivery stream errs deleted"));
        assertThat(riffle.server().stderr()).contains("delivery stream errs created (DirectPut)",
                "delivery stream errs is ACTIVE", "delivery stream errs: destination updated (version 2)");
    }

    @Test
    void recordsAcknowledgedWhileS3IsDownAreDeliveredOnceAfterAKill9() {
        FirehoseClient client = firehose();
        createActive(client, "late", "fh-late", 5, 1, CompressionFormat.GZIP, "");
        List<Record> records = records(200, "late");
        assertThat(client.putRecordBatch(b -> b.deliveryStreamName("late").records(records)).failedPutCount()).isZero();
        // the bucket does not exist yet: an attempt fails, so the records are acknowledged and not delivered
        Kit.await(WAIT, "a failed delivery attempt", () -> metric("riffle_firehose_delivery_to_s3_failures_total", "late") >= 1);
        riffle.server().kill9();
        s3.createBucket(b -> b.bucket("fh-late"));
        riffle.server().start();

        Kit.await(WAIT, "the object of late", () -> !objects("fh-late").isEmpty());
        Kit.await(WAIT, "its checkpoint", () -> metric("riffle_firehose_delivery_to_s3_records_total", "late") == 200);
        List<S3Object> objects = objects("fh-late");
        assertThat(objects).hasSize(1);
        assertThat(gunzip(object("fh-late", objects.get(0).key()))).isEqualTo(joined(records));
    }

    @Test
    void snappyAndHadoopSnappyObjectsReadBackAsTheirRecords() throws IOException {
        FirehoseClient client = firehose();
        s3.createBucket(b -> b.bucket("fh-snappy"));
        createActive(client, "snappy", "fh-snappy", 5, 1, CompressionFormat.SNAPPY, "framed/");
        createActive(client, "hsnappy", "fh-snappy", 5, 1, CompressionFormat.HADOOP_SNAPPY, "hadoop/");
        List<Record> records = records(300, "reading");
        assertThat(client.putRecordBatch(b -> b.deliveryStreamName("snappy").records(records)).failedPutCount()).isZero();
        assertThat(client.putRecordBatch(b -> b.deliveryStreamName("hsnappy").records(records)).failedPutCount()).isZero();
        Kit.await(WAIT, "both streams' objects", () -> metric("riffle_firehose_delivery_to_s3_records_total", "snappy")
                == 300 && metric("riffle_firehose_delivery_to_s3_records_total", "hsnappy") == 300);

        StringBuilder framed = new StringBuilder();
        StringBuilder hadoop = new StringBuilder();
        for (S3Object o : objects("fh-snappy").stream().sorted((a, b) -> a.key().compareTo(b.key())).toList()) {
            byte[] bytes = object("fh-snappy", o.key());
            if (o.key().startsWith("framed/")) {
                assertThat(o.key()).endsWith(".snappy");
                try (InputStream in = new SnappyFramedInputStream(new java.io.ByteArrayInputStream(bytes))) {
                    framed.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } else {
                assertThat(o.key()).startsWith("hadoop/").endsWith(".hsnappy");
                hadoop.append(unHadoopSnappy(bytes));
            }
        }
        assertThat(framed.toString()).isEqualTo(joined(records));
        assertThat(hadoop.toString()).isEqualTo(joined(records));
    }

    /** Hadoop's SnappyCodec stream: blocks of [uncompressed length][compressed length][Snappy bytes]..., big-endian. */
    private static String unHadoopSnappy(byte[] bytes) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (in.hasRemaining()) {
            int rawLength = in.getInt();
            int read = 0;
            while (read < rawLength) {
                byte[] chunk = new byte[in.getInt()];
                in.get(chunk);
                byte[] raw = Snappy.uncompress(chunk);
                out.writeBytes(raw);
                read += raw.length;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void controlPlaneCallsOverFirehosesRateAreLimitExceeded() {
        // Firehose's rate (5 calls a second per operation), which this class's server turns off for its polling
        try (RiffleServerProcess server = RiffleServerProcess.start("firehose-rate");
             FirehoseClient client = FirehoseClient.builder().endpointOverride(server.endpoint())
                     .region(SdkClients.REGION).credentialsProvider(SdkClients.credentials())
                     .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
                     .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            List<LimitExceededException> refused = new ArrayList<>();
            Kit.await(WAIT, "a ListDeliveryStreams over the rate", () -> {
                try {
                    client.listDeliveryStreams(b -> b.limit(10));
                    return false;
                } catch (LimitExceededException e) {
                    refused.add(e);
                    return true;
                }
            });
            assertThat(refused.get(0).statusCode()).isEqualTo(400);
            assertThat(refused.get(0).awsErrorDetails().errorMessage())
                    .isEqualTo("Rate exceeded for ListDeliveryStreams: at most 5 calls per second.");
            // each operation has its own rate
            assertThatThrownBy(() -> client.describeDeliveryStream(b -> b.deliveryStreamName("none")))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void putsOverTheDeliveryStreamsQuotaAreToldToSlowDown() {
        // the SDK retries a 503 by itself; this client shows each answer as it is
        FirehoseClient client = FirehoseClient.builder().endpointOverride(riffle.endpoint()).region(SdkClients.REGION)
                .credentialsProvider(SdkClients.credentials())
                .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        clients.add(client);
        s3.createBucket(b -> b.bucket("fh-quota"));
        createActive(client, "quota", "fh-quota", 5, 1, CompressionFormat.UNCOMPRESSED, "");
        Record megabyte = Record.builder().data(SdkBytes.fromByteArray(new byte[1_000_000])).build();

        // a fresh stream holds one second's worth (2 MiB): the first two records fit, the last two do not
        PutRecordBatchResponse put = client.putRecordBatch(b -> b.deliveryStreamName("quota")
                .records(megabyte, megabyte, megabyte, megabyte));
        assertThat(put.failedPutCount()).isEqualTo(2);
        assertThat(put.requestResponses().subList(0, 2)).allSatisfy(e -> assertThat(e.recordId()).isNotEmpty());
        assertThat(put.requestResponses().subList(2, 4)).allSatisfy(e -> {
            assertThat(e.errorCode()).isEqualTo("ServiceUnavailableException");
            assertThat(e.errorMessage()).isEqualTo("Slow down.");
        });
        // PutRecord shares the quota: sending on at once soon meets the refusal, as the whole call
        List<ServiceUnavailableException> refused = new ArrayList<>();
        Kit.await(WAIT, "a PutRecord told to slow down", () -> {
            try {
                client.putRecord(b -> b.deliveryStreamName("quota").record(megabyte));
                return false;
            } catch (ServiceUnavailableException e) {
                refused.add(e);
                return true;
            }
        });
        assertThat(refused.get(0).statusCode()).isEqualTo(503);
        assertThat(refused.get(0).awsErrorDetails().errorMessage()).isEqualTo("Slow down.");
        assertThat(metric("riffle_firehose_throttled_records_total", "quota")).isEqualTo(3);
        assertThat(metric("riffle_firehose_incoming_records_total", "quota"))
                .isEqualTo(metric("riffle_firehose_incoming_put_requests_total", "quota") + 1);
    }

    @Test
    void riffleFirehoseFlushDeliversABufferBeforeItsInterval(@TempDir Path tmp) {
        FirehoseClient client = firehose();
        s3.createBucket(b -> b.bucket("fh-flush"));
        createActive(client, "flushed", "fh-flush", 128, 900, CompressionFormat.UNCOMPRESSED, "");
        List<Record> records = records(3, "now");
        assertThat(client.putRecordBatch(b -> b.deliveryStreamName("flushed").records(records)).failedPutCount()).isZero();

        RiffleCli cli = new RiffleCli(riffle.endpoint(), tmp);
        Kit.await(WAIT, "three records buffered", () -> metric("riffle_firehose_buffered_records", "flushed") == 3);
        RiffleCli.Result listed = cli.run("firehose", "list");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out()).as(listed.toString()).containsPattern("(?m)^flushed +ACTIVE +DirectPut +S3 arn:aws:s3:::fh-flush");
        RiffleCli.Result buffered = cli.run("firehose", "status", "flushed");
        assertThat(buffered.exitCode()).as(buffered.toString()).isZero();
        assertThat(buffered.out()).as(buffered.toString()).contains("flushed: ACTIVE, ExtendedS3")
                .containsPattern("all records +3 +18 B of 134 MB").contains("No deliveries since the server started.");

        RiffleCli.Result flush = cli.run("firehose", "flush", "flushed");
        assertThat(flush.exitCode()).as(flush.toString()).isZero();
        assertThat(flush.out()).as(flush.toString()).contains("Flushed flushed: 1 object(s) delivered.");
        assertThat(objects("fh-flush")).singleElement().satisfies(o -> {
            assertThat(new String(object("fh-flush", o.key()), StandardCharsets.UTF_8)).isEqualTo(joined(records));
            RiffleCli.Result delivered = cli.run("firehose", "status", "flushed", "--output", "json");
            assertThat(delivered.exitCode()).as(delivered.toString()).isZero();
            assertThat(delivered.out()).as(delivered.toString()).contains("\"buffers\" : [ ]")
                    .contains("\"target\" : \"fh-flush/" + o.key() + "\"").contains("\"records\" : 3");
        });
    }

    /** An HTTP endpoint speaking Firehose's protocol, answering each request with the next queued status (else 200). */
    private static final class Endpoint implements AutoCloseable {
        final HttpServer server;
        final BlockingQueue<Integer> statuses = new LinkedBlockingQueue<>();
        final List<Map<String, String>> headers = Collections.synchronizedList(new ArrayList<>());
        final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());

        Endpoint() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/ingest", exchange -> {
                byte[] raw = exchange.getRequestBody().readAllBytes();
                boolean isGzip = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"));
                JsonNode body = new ObjectMapper().readTree(isGzip ? new GZIPInputStream(
                        new java.io.ByteArrayInputStream(raw)).readAllBytes() : raw);
                Map<String, String> seen = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((name, values) -> seen.put(name, values.get(0)));
                headers.add(seen);
                bodies.add(body);
                Integer queued = statuses.poll();
                int status = queued == null ? 200 : queued;
                byte[] answer = ("{\"requestId\":\"" + body.path("requestId").asText() + "\",\"timestamp\":1"
                        + (status == 200 ? "" : ",\"errorMessage\":\"status " + status + "\"") + "}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/ingest";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void anHttpEndpointGetsFirehosesRequestsRetriedUntilTakenAndA413IsBackedUp() throws IOException {
        FirehoseClient client = firehose();
        s3.createBucket(b -> b.bucket("fh-web"));
        try (Endpoint endpoint = new Endpoint()) {
            endpoint.statuses.add(500); // the first request fails: retried with the same request id
            client.createDeliveryStream(b -> b.deliveryStreamName("web").httpEndpointDestinationConfiguration(d -> d
                    .endpointConfiguration(e -> e.url(endpoint.url()).name("web").accessKey("k-1"))
                    .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(1))
                    .requestConfiguration(r -> r.contentEncoding(ContentEncoding.GZIP).commonAttributes(
                            HttpEndpointCommonAttribute.builder().attributeName("team").attributeValue("web").build()))
                    .retryOptions(r -> r.durationInSeconds(60)).roleARN(ROLE)
                    .s3BackupMode(HttpEndpointS3BackupMode.FAILED_DATA_ONLY)
                    .s3Configuration(s -> s.roleARN(ROLE).bucketARN("arn:aws:s3:::fh-web"))));
            Kit.await(WAIT, "web ACTIVE", () -> client.describeDeliveryStream(b -> b.deliveryStreamName("web"))
                    .deliveryStreamDescription().deliveryStreamStatus() == DeliveryStreamStatus.ACTIVE);
            HttpEndpointDestinationDescription described = client.describeDeliveryStream(b -> b
                    .deliveryStreamName("web")).deliveryStreamDescription().destinations().get(0)
                    .httpEndpointDestinationDescription();
            assertThat(described.endpointConfiguration().url()).isEqualTo(endpoint.url());
            assertThat(described.retryOptions().durationInSeconds()).isEqualTo(60);
            assertThat(described.s3DestinationDescription().bucketARN()).isEqualTo("arn:aws:s3:::fh-web");

            List<Record> records = records(20, "web");
            assertThat(client.putRecordBatch(b -> b.deliveryStreamName("web").records(records)).failedPutCount()).isZero();
            Kit.await(WAIT, "the batch taken", () -> metric("riffle_firehose_delivery_to_http_endpoint_records_total",
                    "web") == 20);
            assertThat(endpoint.headers).hasSize(2);
            for (int i = 0; i < 2; i++) {
                Map<String, String> h = endpoint.headers.get(i);
                assertThat(h.get("X-Amz-Firehose-Protocol-Version")).isEqualTo("1.0");
                assertThat(h.get("X-Amz-Firehose-Source-Arn"))
                        .isEqualTo("arn:aws:firehose:us-east-1:000000000000:deliverystream/web");
                assertThat(h.get("X-Amz-Firehose-Access-Key")).isEqualTo("k-1");
                assertThat(h.get("X-Amz-Firehose-Common-Attributes")).isEqualTo("{\"commonAttributes\":{\"team\":\"web\"}}");
                assertThat(h.get("Content-Type")).isEqualTo("application/json");
                assertThat(h.get("X-Amz-Firehose-Request-Id")).isEqualTo(endpoint.headers.get(0)
                        .get("X-Amz-Firehose-Request-Id")).isEqualTo(endpoint.bodies.get(i).path("requestId").asText());
                StringBuilder sent = new StringBuilder();
                endpoint.bodies.get(i).path("records").forEach(r -> sent.append(new String(
                        java.util.Base64.getDecoder().decode(r.path("data").asText()), StandardCharsets.UTF_8)));
                assertThat(sent.toString()).isEqualTo(joined(records));
            }

            endpoint.statuses.add(413); // too large: not retried, backed up under http-endpoint-failed/
            List<Record> refused = records(5, "big");
            assertThat(client.putRecordBatch(b -> b.deliveryStreamName("web").records(refused)).failedPutCount()).isZero();
            Kit.await(WAIT, "the refused batch backed up", () -> objects("fh-web").stream()
                    .anyMatch(o -> o.key().startsWith("http-endpoint-failed/")));
            S3Object backedUp = objects("fh-web").stream().filter(o -> o.key().startsWith("http-endpoint-failed/"))
                    .findFirst().orElseThrow();
            assertThat(backedUp.key()).matches("http-endpoint-failed/\\d{4}/\\d{2}/\\d{2}/\\d{2}/web-1-.*");
            List<JsonNode> errors = new String(object("fh-web", backedUp.key()), StandardCharsets.UTF_8).lines()
                    .map(line -> {
                        try {
                            return new ObjectMapper().readTree(line);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).toList();
            assertThat(errors).hasSize(5).allSatisfy(e -> {
                assertThat(e.path("errorCode").asText()).isEqualTo("HttpEndpoint.RequestEntityTooLarge");
                assertThat(e.path("attemptsMade").asInt()).isEqualTo(1);
                assertThat(e.path("errorMessage").asText()).isEqualTo("status 413");
            });
            assertThat(errors.stream().map(e -> new String(java.util.Base64.getDecoder().decode(e.path("rawData")
                    .asText()), StandardCharsets.UTF_8)).reduce("", String::concat)).isEqualTo(joined(refused));
            assertThat(endpoint.bodies).hasSize(3);
            assertThat(metric("riffle_firehose_delivery_to_http_endpoint_failures_total", "web")).isEqualTo(1);

            // UpdateDestination merges member by member; the access key stays when the update leaves it out
            client.updateDestination(b -> b.deliveryStreamName("web").currentDeliveryStreamVersionId("1")
                    .destinationId("destinationId-000000000001").httpEndpointDestinationUpdate(u -> u
                            .endpointConfiguration(e -> e.url(endpoint.url()).name("web-2"))
                            .retryOptions(r -> r.durationInSeconds(120))));
            HttpEndpointDestinationDescription updated = client.describeDeliveryStream(b -> b
                    .deliveryStreamName("web")).deliveryStreamDescription().destinations().get(0)
                    .httpEndpointDestinationDescription();
            assertThat(updated.endpointConfiguration().name()).isEqualTo("web-2");
            assertThat(updated.retryOptions().durationInSeconds()).isEqualTo(120);
            assertThat(updated.bufferingHints().intervalInSeconds()).isEqualTo(1);
            assertThat(client.putRecord(b -> b.deliveryStreamName("web").record(r -> r.data(SdkBytes.fromUtf8String(
                    "after")))).recordId()).isNotEmpty();
            Kit.await(WAIT, "the record after the update", () -> endpoint.bodies.size() == 4);
            assertThat(endpoint.headers.get(3).get("X-Amz-Firehose-Access-Key")).isEqualTo("k-1");
            assertThatThrownBy(() -> client.updateDestination(b -> b.deliveryStreamName("web")
                    .currentDeliveryStreamVersionId("2").destinationId("destinationId-000000000001")
                    .extendedS3DestinationUpdate(u -> u.prefix("x/"))))
                    .as("another destination type replaces the destination, merging nothing, as Firehose does")
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("RoleARN and BucketARN are"
                            + " required when UpdateDestination replaces the destination with another type");
        }
    }
}
