package io.riffle.it;

import static io.riffle.it.Kit.bytes;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * A server started with {@code tls=true} and its generated certificate, and AWS SDK v2 clients
 * that trust that certificate (a trust store built from the PEM file the server announced): the
 * sync client over HTTPS (HTTP/1.1), the async Netty client over HTTP/2 chosen by ALPN, plaintext
 * HTTP/1.1 and h2c on the same port, a client that does not trust the certificate refused, and the
 * same certificate after a restart.
 */
class TlsIT {

    private static final long TIMEOUT_S = 60;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("tls=true");

    @Test
    void theSyncClientCreatesPutsAndGetsOverHttps() {
        assertThat(riffle.endpoint().getScheme()).isEqualTo("https");
        assertThat(riffle.server().tlsCertificate()).isEqualTo(riffle.server().dataDir().resolve("tls")
                .resolve("riffle.crt").toAbsolutePath().normalize());
        KinesisClient kinesis = riffle.kinesis();
        riffle.wireLog().clear();
        String stream = Kit.createActive(kinesis, name("tls-sync"), 2);

        PutRecordResponse one = kinesis.putRecord(b -> b.streamName(stream).partitionKey("tls").explicitHashKey("0")
                .data(bytes("first over https")));
        PutRecordsResponse many = kinesis.putRecords(b -> b.streamName(stream).records(IntStream.range(0, 100)
                .mapToObj(i -> PutRecordsRequestEntry.builder().partitionKey("k" + i).data(bytes("r-" + i)).build())
                .toList()));
        assertThat(many.failedRecordCount()).isZero();

        List<Record> shard0 = Kit.readAll(kinesis, stream, one.shardId());
        assertThat(shard0.get(0).data().asUtf8String()).isEqualTo("first over https");
        int total = 0;
        for (Shard shard : Kit.shards(kinesis, stream)) {
            total += Kit.readAll(kinesis, stream, shard.shardId()).size();
        }
        assertThat(total).isEqualTo(101);
        assertThat(riffle.wireLog().exchanges()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.requestContentType()).isEqualTo(SdkClients.expectedContentType());
            assertThat(e.requestId()).isNotBlank();
        });
        Kit.deleteAndAwaitGone(kinesis, stream);
    }

    @Test
    void theAsyncNettyClientSpeaksHttp2ChosenByAlpn() throws Exception {
        // ASSUME_PROTOCOL (the SDK's default, which KCL and Flink use) and explicit ALPN both offer h2 in the handshake
        KinesisAsyncClient assumed = riffle.kinesisAsync();
        H2Metrics alpnMetrics = new H2Metrics();
        try (KinesisAsyncClient alpn = SdkClients.asyncHttp2(riffle.endpoint(), null, alpnMetrics,
                riffle.server().tlsCertificate(), ProtocolNegotiation.ALPN)) {
            for (KinesisAsyncClient kinesis : List.of(assumed, alpn)) {
                riffle.h2Metrics().clear();
                alpnMetrics.clear();
                String stream = name("tls-h2");
                kinesis.createStream(b -> b.streamName(stream).shardCount(1)).get(TIMEOUT_S, TimeUnit.SECONDS);
                SdkClients.fastWaiter(kinesis, 100, 100).waitUntilStreamExists(b -> b.streamName(stream))
                        .get(TIMEOUT_S, TimeUnit.SECONDS);
                // 1 MiB each way: more than HTTP/2's default windows, so flow control works over TLS too
                int size = 1024 * 1024 - 3;
                PutRecordResponse big = kinesis.putRecord(b -> b.streamName(stream).partitionKey("big")
                        .data(bytes(size, 7))).get(TIMEOUT_S, TimeUnit.SECONDS);
                String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(big.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).get(TIMEOUT_S, TimeUnit.SECONDS)
                        .shardIterator();
                GetRecordsResponse got = kinesis.getRecords(b -> b.shardIterator(iterator))
                        .get(TIMEOUT_S, TimeUnit.SECONDS);
                assertThat(got.records()).hasSize(1);
                assertThat(got.records().get(0).data()).isEqualTo(bytes(size, 7));
                kinesis.deleteStream(b -> b.streamName(stream)).get(TIMEOUT_S, TimeUnit.SECONDS);

                H2Metrics metrics = kinesis == assumed ? riffle.h2Metrics() : alpnMetrics;
                Kit.await(Duration.ofSeconds(10), "5 calls' metrics", () -> metrics.calls().size() >= 5);
                assertThat(metrics.calls()).allSatisfy(c -> {
                    assertThat(c.httpClient()).as("HTTP client of %s", c).isEqualTo("NettyNio");
                    assertThat(c.sentOverHttp2()).as("%s sent over HTTP/2", c).isTrue();
                });
            }
        }
    }

    @Test
    void subscribeToShardPushesOverHttp2AndTls() throws Exception {
        KinesisClient kinesis = riffle.kinesis();
        String stream = Kit.createActive(kinesis, name("tls-efo"), 1);
        String consumer = kinesis.registerStreamConsumer(b -> b.streamARN(SdkClients.streamArn(stream))
                .consumerName("tls-consumer")).consumer().consumerARN();
        Kit.await(Kit.STATE_DEADLINE, "consumer ACTIVE", () -> kinesis.describeStreamConsumer(b -> b.consumerARN(consumer))
                .consumerDescription().consumerStatus() == ConsumerStatus.ACTIVE);
        PushedEvents pushed = PushedEvents.fast();
        riffle.kinesisAsync().subscribeToShard(b -> b.consumerARN(consumer).shardId("shardId-000000000000")
                .startingPosition(p -> p.type(ShardIteratorType.LATEST)), pushed.handler());
        Kit.await(Duration.ofSeconds(10), "the first event", () -> !pushed.events.isEmpty());
        for (int i = 0; i < 20; i++) {
            int n = i;
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(bytes("over-tls-" + n)));
        }
        Kit.await(Duration.ofSeconds(20), "20 records pushed over TLS", () -> pushed.records.size() >= 20);
        assertThat(pushed.texts()).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 20).mapToObj(i -> "over-tls-" + i).toList());
    }

    @Test
    void plaintextHttp1AndH2cStillServeOnTheSamePort() throws Exception {
        String stream = Kit.createActive(riffle.kinesis(), name("tls-plain"), 1);
        assertThat(riffle.server().plaintextEndpoint().getPort()).isEqualTo(riffle.endpoint().getPort());

        try (KinesisClient plain = SdkClients.sync(riffle.server().plaintextEndpoint(), null)) {
            assertThat(plain.listStreams().streamNames()).contains(stream);
            plain.putRecord(b -> b.streamName(stream).partitionKey("p").data(bytes("over plain HTTP/1.1")));
        }
        H2Metrics h2cMetrics = new H2Metrics();
        try (KinesisAsyncClient h2c = SdkClients.asyncHttp2(riffle.server().plaintextEndpoint(), null, h2cMetrics)) {
            h2c.putRecord(b -> b.streamName(stream).partitionKey("p").data(bytes("over h2c")))
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        Kit.await(Duration.ofSeconds(10), "the h2c call's metrics", () -> !h2cMetrics.calls().isEmpty());
        assertThat(h2cMetrics.calls()).allSatisfy(c -> assertThat(c.sentOverHttp2()).isTrue());

        List<String> read = new ArrayList<>();
        Kit.readAll(riffle.kinesis(), stream, "shardId-000000000000").forEach(r -> read.add(r.data().asUtf8String()));
        assertThat(read).containsExactly("over plain HTTP/1.1", "over h2c");
        Kit.deleteAndAwaitGone(riffle.kinesis(), stream);
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() {
        try (KinesisClient untrusting = SdkClients.sync(riffle.endpoint(), null, null)) { // the JDK's CAs only
            Throwable refused = catchThrowable(untrusting::listStreams);
            assertThat(refused).isInstanceOf(SdkClientException.class);
            assertThat(causes(refused)).as("causes of %s", refused).hasAtLeastOneElementOfType(SSLHandshakeException.class);
        }
    }

    @Test
    void theGeneratedCertificateIsKeptAcrossARestart() throws Exception {
        Path certificate = riffle.server().tlsCertificate();
        byte[] before = Files.readAllBytes(certificate);
        String stream = Kit.createActive(riffle.kinesis(), name("tls-restart"), 1);

        riffle.restart();

        assertThat(riffle.server().tlsCertificate()).isEqualTo(certificate);
        assertThat(Files.readAllBytes(certificate)).isEqualTo(before);
        // a client built from the same PEM file (the port changed) still trusts the server
        assertThat(riffle.kinesis().listStreams().streamNames()).contains(stream);
        Kit.deleteAndAwaitGone(riffle.kinesis(), stream);
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable cause = t; cause != null && !causes.contains(cause); cause = cause.getCause()) {
            causes.add(cause);
        }
        return causes;
    }
}
