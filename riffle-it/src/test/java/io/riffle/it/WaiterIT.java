package io.riffle.it;

import static io.riffle.it.Kit.bytes;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamResponse;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The time rules, shortened by settings: stream state delays as Kinesis has them (CREATING
 * then ACTIVE, DELETING then gone) at 500 ms, the SDK's waiters polling every 200 ms instead of
 * their default 10 s, and shard iterators expiring after 1.5 s instead of 5 minutes.
 */
class WaiterIT {

    private static final long DELAY_MS = 500;

    private static final long ITERATOR_TTL_MS = 1500;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension(
            "stream-create-delay-ms=" + DELAY_MS, "stream-delete-delay-ms=" + DELAY_MS,
            "iterator-ttl-ms=" + ITERATOR_TTL_MS);

    @Test
    void streamIsCreatingThenActiveAndRefusesWritesWhileCreating() {
        KinesisClient kinesis = riffle.kinesis();
        kinesis.listStreams(); // warm the client up so the calls below fit in the 500 ms

        // PutRecord while CREATING must be ResourceNotFoundException. The put only proves that
        // when DescribeStreamSummary still says CREATING after it (states only move forward), so
        // a run where a slow machine let the stream turn ACTIVE in between is tried again.
        boolean proven = false;
        for (int attempt = 0; attempt < 5 && !proven; attempt++) {
            String name = name("waiter");
            long created = System.nanoTime();
            kinesis.createStream(b -> b.streamName(name).shardCount(1));
            StreamStatus first = status(kinesis, name);
            assertThat(first).as("right after CreateStream").isIn(StreamStatus.CREATING, StreamStatus.ACTIVE);

            if (first == StreamStatus.CREATING) {
                Throwable put = catchThrowable(
                        () -> kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(bytes("early"))));
                if (status(kinesis, name) == StreamStatus.CREATING) {
                    Kit.expectError(ResourceNotFoundException.class, () -> {
                        if (put != null) {
                            throw put;
                        }
                    });
                    proven = true;
                }
            }

            List<StreamStatus> seen = new ArrayList<>();
            Kit.await(Duration.ofSeconds(10), name + " to become ACTIVE", () -> {
                StreamStatus s = status(kinesis, name);
                if (seen.isEmpty() || seen.getLast() != s) {
                    seen.add(s);
                }
                return s == StreamStatus.ACTIVE;
            });
            long tookMs = (System.nanoTime() - created) / 1_000_000;
            assertThat(tookMs).as("ms until ACTIVE with a %d ms create delay", DELAY_MS).isGreaterThanOrEqualTo(DELAY_MS - 50);
            assertThat(seen).as("states seen while polling").last().isEqualTo(StreamStatus.ACTIVE);
            assertThat(seen).as("states seen while polling").isSubsetOf(StreamStatus.CREATING, StreamStatus.ACTIVE);
            kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(bytes("once active")));
        }
        assertThat(proven).as("in one of 5 tries, a stream was seen CREATING before and after a PutRecord").isTrue();
    }

    @Test
    void sdkWaitersSeeTheStreamAppearAndDisappear() {
        KinesisClient kinesis = riffle.kinesis();
        String name = name("sdk-waiter");

        kinesis.createStream(b -> b.streamName(name).shardCount(2));
        WaiterResponse<DescribeStreamResponse> exists = SdkClients.fastWaiter(kinesis, 200, 50)
                .waitUntilStreamExists(b -> b.streamName(name));

        assertThat(exists.matched().response()).hasValueSatisfying(
                r -> assertThat(r.streamDescription().streamStatus()).isEqualTo(StreamStatus.ACTIVE));
        assertThat(exists.attemptsExecuted()).as("DescribeStream polls (CREATING first)").isGreaterThanOrEqualTo(2);

        kinesis.deleteStream(b -> b.streamName(name));
        assertThat(status(kinesis, name)).as("right after DeleteStream").isEqualTo(StreamStatus.DELETING);
        WaiterResponse<DescribeStreamResponse> gone = SdkClients.fastWaiter(kinesis, 200, 50)
                .waitUntilStreamNotExists(b -> b.streamName(name));

        assertThat(gone.matched().exception()).hasValueSatisfying(
                e -> assertThat(e).isInstanceOf(ResourceNotFoundException.class));
        assertThat(gone.attemptsExecuted()).as("DescribeStream polls (DELETING first)").isGreaterThanOrEqualTo(2);
    }

    @Test
    void shardIteratorsExpireAfterTheirTtl() {
        KinesisClient kinesis = riffle.kinesis();
        String name = Kit.createActive(kinesis, name("expiry"), 1);
        kinesis.putRecord(b -> b.streamName(name).partitionKey("k").data(bytes("one")));

        long issued = System.nanoTime();
        String iterator = kinesis.getShardIterator(b -> b.streamName(name).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        GetRecordsResponse fresh = kinesis.getRecords(b -> b.shardIterator(iterator));
        assertThat(fresh.records()).hasSize(1);
        long freshNextIssued = System.nanoTime();
        Kit.await(Duration.ofSeconds(10), "the iterator TTL to pass",
                () -> System.nanoTime() - issued > (ITERATOR_TTL_MS + 200) * 1_000_000);

        ExpiredIteratorException expired = Kit.expectError(ExpiredIteratorException.class,
                () -> kinesis.getRecords(b -> b.shardIterator(iterator)));
        assertThat(Kit.message(expired)).isNotBlank();
        if (System.nanoTime() - freshNextIssued > (ITERATOR_TTL_MS + 200) * 1_000_000) {
            Kit.expectError(ExpiredIteratorException.class,
                    () -> kinesis.getRecords(b -> b.shardIterator(fresh.nextShardIterator())));
        }
        String renewed = kinesis.getShardIterator(b -> b.streamName(name).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        assertThat(kinesis.getRecords(b -> b.shardIterator(renewed)).records()).hasSize(1);
    }

    private static StreamStatus status(KinesisClient kinesis, String name) {
        return kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamStatus();
    }
}
