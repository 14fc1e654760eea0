package io.riffle.it;

import static io.riffle.it.Kit.bytes;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamResponse;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The core flow through {@code KinesisAsyncClient} on Netty over cleartext HTTP/2 with prior
 * knowledge (h2c), the transport KCL and the Flink connector use. The SDK's HTTP/2 metrics
 * prove each call really went over HTTP/2.
 */
class AsyncHttp2IT {

    private static final long TIMEOUT_S = 60;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    @Test
    void createPutGetAndListOverH2c() throws Exception {
        KinesisAsyncClient kinesis = riffle.kinesisAsync();
        riffle.h2Metrics().clear();
        riffle.wireLog().clear();
        String name = name("h2");

        kinesis.createStream(b -> b.streamName(name).shardCount(2)).get(TIMEOUT_S, TimeUnit.SECONDS);
        WaiterResponse<DescribeStreamResponse> waited = SdkClients.fastWaiter(kinesis, 100, 100)
                .waitUntilStreamExists(b -> b.streamName(name)).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(waited.matched().response()).hasValueSatisfying(
                r -> assertThat(r.streamDescription().streamStatus()).isEqualTo(StreamStatus.ACTIVE));

        ListShardsResponse listed = kinesis.listShards(b -> b.streamName(name)).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(listed.shards()).extracting(Shard::shardId)
                .containsExactly("shardId-000000000000", "shardId-000000000001");

        PutRecordResponse one = kinesis.putRecord(b -> b.streamName(name).partitionKey("h2").explicitHashKey("0")
                .data(bytes("first over h2"))).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(one.shardId()).isEqualTo("shardId-000000000000");
        PutRecordsResponse many = kinesis.putRecords(b -> b.streamName(name).records(IntStream.range(0, 50)
                .mapToObj(i -> PutRecordsRequestEntry.builder().partitionKey("h2").explicitHashKey("0")
                        .data(bytes("batch-" + i)).build()).toList())).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(many.failedRecordCount()).isZero();

        String iterator = kinesis.getShardIterator(b -> b.streamName(name).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(one.sequenceNumber()))
                .get(TIMEOUT_S, TimeUnit.SECONDS).shardIterator();
        GetRecordsResponse got = kinesis.getRecords(b -> b.shardIterator(iterator)).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(got.records()).hasSize(51);
        assertThat(got.records().get(0).data().asUtf8String()).isEqualTo("first over h2");
        assertThat(got.records().get(50).data().asUtf8String()).isEqualTo("batch-49");
        assertThat(got.millisBehindLatest()).isZero();

        var summary = kinesis.describeStreamSummary(b -> b.streamName(name)).get(TIMEOUT_S, TimeUnit.SECONDS)
                .streamDescriptionSummary();
        assertThat(summary.openShardCount()).isEqualTo(2);

        Throwable missing = Kit.unwrap(catchThrowable(() -> kinesis.describeStreamSummary(b -> b.streamName("no-such-h2"))
                .get(TIMEOUT_S, TimeUnit.SECONDS)));
        assertThat(missing).isInstanceOf(ResourceNotFoundException.class);
        assertThat(((ResourceNotFoundException) missing).statusCode()).isEqualTo(400);

        kinesis.deleteStream(b -> b.streamName(name)).get(TIMEOUT_S, TimeUnit.SECONDS);
        SdkClients.fastWaiter(kinesis, 100, 100).waitUntilStreamNotExists(b -> b.streamName(name))
                .get(TIMEOUT_S, TimeUnit.SECONDS);

        assertEveryCallWentOverHttp2(11);
        assertThat(riffle.wireLog().exchanges()).allSatisfy(e -> {
            assertThat(e.requestContentType()).isEqualTo(SdkClients.expectedContentType());
            assertThat(e.responseContentType()).startsWith(SdkClients.expectedContentType());
            assertThat(e.requestId()).isNotBlank();
        });
    }

    @Test
    void concurrentRequestsShareTheConnectionAndLargeBodiesFlowControl() throws Exception {
        KinesisAsyncClient kinesis = riffle.kinesisAsync();
        String name = name("h2-concurrent");
        kinesis.createStream(b -> b.streamName(name).shardCount(1)).get(TIMEOUT_S, TimeUnit.SECONDS);
        Kit.await(Duration.ofSeconds(20), name + " ACTIVE", () -> kinesis.describeStreamSummary(b -> b.streamName(name))
                .join().streamDescriptionSummary().streamStatus() == StreamStatus.ACTIVE);
        riffle.h2Metrics().clear();

        List<CompletableFuture<PutRecordResponse>> puts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            puts.add(kinesis.putRecord(b -> b.streamName(name).partitionKey("k" + n).data(bytes("c-" + n))));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(TIMEOUT_S, TimeUnit.SECONDS);
        Set<String> seqs = new HashSet<>();
        puts.forEach(f -> seqs.add(f.join().sequenceNumber()));
        assertThat(seqs).as("100 concurrent puts, 100 sequence numbers").hasSize(100);

        // 1 MiB up and down: larger than HTTP/2's default windows, so flow control must work both ways
        int size = 1024 * 1024 - 3;
        PutRecordResponse big = kinesis.putRecord(b -> b.streamName(name).partitionKey("big").data(bytes(size, 3)))
                .get(TIMEOUT_S, TimeUnit.SECONDS);
        String it = kinesis.getShardIterator(b -> b.streamName(name).shardId(big.shardId())
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(big.sequenceNumber()))
                .get(TIMEOUT_S, TimeUnit.SECONDS).shardIterator();
        List<Record> records = kinesis.getRecords(b -> b.shardIterator(it)).get(TIMEOUT_S, TimeUnit.SECONDS).records();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).data()).isEqualTo(bytes(size, 3));

        assertEveryCallWentOverHttp2(103);
    }

    /** The SDK publishes metrics after a call completes, so wait for them briefly. */
    private static void assertEveryCallWentOverHttp2(int atLeast) {
        Kit.await(Duration.ofSeconds(10), atLeast + " calls' metrics", () -> riffle.h2Metrics().calls().size() >= atLeast);
        assertThat(riffle.h2Metrics().calls()).allSatisfy(c -> {
            assertThat(c.httpClient()).as("HTTP client of %s", c).isEqualTo("NettyNio");
            assertThat(c.sentOverHttp2()).as("%s sent over HTTP/2", c).isTrue();
        });
    }
}
