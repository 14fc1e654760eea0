package io.riffle.it;

import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Kinesis' per-shard throughput limits, end to end with the SDK, on a server started with
 * {@code throughput-limits=true} and the default limits (per shard: writes 1 MiB/s and 1,000
 * records/s, reads 5 GetRecords calls/s).
 *
 * <p>Each producer or consumer runs a few seconds paced by a fixed pause after every call (so a
 * stall never turns into a catch-up burst). At 3x a limit it must see throttling; at half a limit
 * it must never. The checks are on behaviour, never on timings: 3x against 0.5x leaves a wide
 * margin on a slow machine. Throttling is counted with a client whose retries are off, so every
 * ProvisionedThroughputExceededException reaches the test; one test checks that the SDK's default
 * client retries it.
 */
class ThrottlingIT {

    private static final String SHARD_0 = "shardId-000000000000";
    private static final long RUN_MS = 3_000;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("throughput-limits=true");

    private static KinesisClient noRetries;

    /** A client that reports every throttling on the first attempt. */
    private static synchronized KinesisClient noRetries() {
        if (noRetries == null) {
            noRetries = KinesisClient.builder()
                    .endpointOverride(riffle.endpoint())
                    .region(SdkClients.REGION)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY)))
                    .httpClientBuilder(ApacheHttpClient.builder())
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                    .build();
        }
        return noRetries;
    }

    @AfterAll
    static void closeClient() {
        if (noRetries != null) {
            noRetries.close();
        }
    }

    /** Runs {@code step} for {@code runMs}, pausing {@code pauseMs} after each call. */
    private static void paced(long runMs, long pauseMs, Runnable step) {
        long end = System.nanoTime() + runMs * 1_000_000;
        while (System.nanoTime() < end) {
            step.run();
            Kit.pause(pauseMs);
        }
    }

    /**
     * Counts the records of shard 0, reading as a well-behaved consumer does: a pause between
     * calls, and a second's wait whenever a call is throttled (a read of several MiB throttles
     * the calls after it).
     */
    private static int countRecords(String stream) {
        String iterator = noRetries().getShardIterator(b -> b.streamName(stream).shardId(SHARD_0)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        int count = 0;
        for (int calls = 0; calls < 100; calls++) {
            String current = iterator;
            GetRecordsResponse r;
            try {
                r = noRetries().getRecords(b -> b.shardIterator(current));
            } catch (ProvisionedThroughputExceededException e) {
                Kit.pause(1000);
                continue;
            }
            count += r.records().size();
            if (r.records().isEmpty() && Long.valueOf(0).equals(r.millisBehindLatest())) {
                return count;
            }
            iterator = r.nextShardIterator();
            Kit.pause(250);
        }
        throw new AssertionError("shard 0 of " + stream + " not read to its end in 100 GetRecords calls");
    }

    private static List<PutRecordsRequestEntry> entries(int count, int dataBytes, AtomicInteger serial) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey("pk-" + serial.incrementAndGet())
                    .data(SdkBytes.fromByteArrayUnsafe(new byte[dataBytes])).build());
        }
        return entries;
    }

    private static String writeMessage(String stream) {
        return "Rate exceeded for shard " + SHARD_0 + " in stream " + stream + " under account " + SdkClients.ACCOUNT + ".";
    }

    /** Tallies of a PutRecords run. */
    private static final class Tally {
        int calls;
        int succeeded;
        int throttled;
    }

    private static Tally putRecordsPaced(String stream, int perCall, int dataBytes, long pauseMs) {
        Tally tally = new Tally();
        AtomicInteger serial = new AtomicInteger();
        paced(RUN_MS, pauseMs, () -> {
            PutRecordsResponse r = noRetries().putRecords(b -> b.streamName(stream)
                    .records(entries(perCall, dataBytes, serial)));
            tally.calls++;
            int failed = 0;
            for (PutRecordsResultEntry e : r.records()) {
                if (e.errorCode() == null) {
                    assertThat(e.shardId()).isEqualTo(SHARD_0);
                    tally.succeeded++;
                } else {
                    assertThat(e.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
                    assertThat(e.errorMessage()).isEqualTo(writeMessage(stream));
                    assertThat(e.sequenceNumber()).isNull();
                    failed++;
                }
            }
            assertThat(r.failedRecordCount()).as("FailedRecordCount").isEqualTo(failed);
            tally.throttled += failed;
        });
        return tally;
    }

    @Test
    void putRecordsAtThreeTimesTheRecordLimitFailsEntriesAndWritesOnlyTheOthers() {
        String stream = createActive(riffle.kinesis(), name("throttle-records"), 1);
        // 300 records every 100 ms: 3,000 records/s into one shard
        Tally tally = putRecordsPaced(stream, 300, 10, 100);

        assertThat(tally.throttled).as("entries throttled in %d calls", tally.calls).isPositive();
        assertThat(tally.succeeded).as("entries written").isPositive();
        assertThat(countRecords(stream)).as("records in the shard: exactly the entries that succeeded")
                .isEqualTo(tally.succeeded);
    }

    @Test
    void putRecordsAtHalfTheLimitsIsNeverThrottled() {
        String stream = createActive(riffle.kinesis(), name("throttle-half"), 1);
        // 50 records of 1,000 bytes every 100 ms: at most 500 records/s and 500 KB/s
        Tally tally = putRecordsPaced(stream, 50, 1000, 100);

        assertThat(tally.calls).isGreaterThan(5);
        assertThat(tally.throttled).as("entries throttled in %d calls", tally.calls).isZero();
        assertThat(tally.succeeded).isEqualTo(tally.calls * 50);
    }

    @Test
    void putRecordAtThreeTimesTheByteLimitThrowsTheKinesisError() {
        String stream = createActive(riffle.kinesis(), name("throttle-bytes"), 1);
        SdkBytes quarterMiB = SdkBytes.fromByteArrayUnsafe(new byte[256 * 1024 - 2]);
        int[] succeeded = new int[1];
        List<ProvisionedThroughputExceededException> throttled = new ArrayList<>();
        // 256 KiB every 80 ms: 3.2 MiB/s into one shard
        paced(RUN_MS, 80, () -> {
            try {
                noRetries().putRecord(b -> b.streamName(stream).partitionKey("pk").data(quarterMiB));
                succeeded[0]++;
            } catch (ProvisionedThroughputExceededException e) {
                throttled.add(e);
            }
        });

        assertThat(throttled).as("throttled PutRecord calls (%d succeeded)", succeeded[0]).isNotEmpty();
        assertThat(succeeded[0]).isPositive();
        for (ProvisionedThroughputExceededException e : throttled) {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.numAttempts()).isEqualTo(1);
            assertThat(Kit.errorCode(e)).isEqualTo("ProvisionedThroughputExceededException");
            assertThat(Kit.message(e)).isEqualTo(writeMessage(stream));
        }
        assertThat(countRecords(stream)).as("records in the shard").isEqualTo(succeeded[0]);
    }

    @Test
    void putRecordAtHalfTheByteLimitIsNeverThrottled() {
        String stream = createActive(riffle.kinesis(), name("throttle-bytes-half"), 1);
        SdkBytes record = SdkBytes.fromByteArrayUnsafe(new byte[64 * 1024 - 2]);
        int[] calls = new int[1];
        // 64 KiB every 125 ms: at most 512 KiB/s
        paced(RUN_MS, 125, () -> {
            noRetries().putRecord(b -> b.streamName(stream).partitionKey("pk").data(record));
            calls[0]++;
        });
        assertThat(calls[0]).isGreaterThan(5);
    }

    @Test
    void theSdksDefaultClientRetriesAThrottledWrite() {
        String stream = createActive(riffle.kinesis(), name("throttle-retry"), 1);
        // spend the shard's whole byte budget (1 MiB with the 2-byte key)...
        noRetries().putRecord(b -> b.streamName(stream).partitionKey("pk")
                .data(SdkBytes.fromByteArrayUnsafe(new byte[1024 * 1024 - 2])));
        // ...so the next 1 MB record must wait ~1 s: its first attempt is throttled and the SDK retries
        WireLog wire = new WireLog();
        try (KinesisClient retrying = SdkClients.sync(riffle.endpoint(), wire)) {
            Throwable outcome = null;
            try {
                retrying.putRecord(b -> b.streamName(stream).partitionKey("pk")
                        .data(SdkBytes.fromByteArrayUnsafe(new byte[1_000_000])));
            } catch (ProvisionedThroughputExceededException e) {
                outcome = e; // the retries ran out before the budget came back: still retried
                assertThat(e.numAttempts()).isGreaterThan(1);
            }
            List<WireLog.Exchange> attempts = wire.of("PutRecord");
            assertThat(attempts).as("attempts of one PutRecord (outcome %s)", outcome).hasSizeGreaterThan(1);
            assertThat(attempts.getFirst().status()).isEqualTo(400);
        }
    }

    @Test
    void getRecordsAtMoreThanFiveCallsPerSecondIsThrottled() {
        String stream = createActive(riffle.kinesis(), name("throttle-reads"), 1);
        riffle.kinesis().putRecord(b -> b.streamName(stream).partitionKey("pk").data(Kit.bytes("x")));
        String first = noRetries().getShardIterator(b -> b.streamName(stream).shardId(SHARD_0)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        String[] iterator = {first};
        int[] served = new int[1];
        List<ProvisionedThroughputExceededException> throttled = new ArrayList<>();
        // a call every 50 ms: 20 calls/s, 4x the limit
        paced(RUN_MS, 50, () -> {
            try {
                GetRecordsResponse r = noRetries().getRecords(b -> b.shardIterator(iterator[0]));
                iterator[0] = r.nextShardIterator();
                served[0]++;
            } catch (ProvisionedThroughputExceededException e) {
                throttled.add(e);
            }
        });

        assertThat(throttled).as("throttled GetRecords calls (%d served)", served[0]).isNotEmpty();
        assertThat(served[0]).isPositive();
        for (ProvisionedThroughputExceededException e : throttled) {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.numAttempts()).isEqualTo(1);
            assertThat(Kit.message(e)).isEqualTo("Rate exceeded for Shard - " + SdkClients.ACCOUNT + "/" + stream
                    + "/" + SHARD_0);
        }
    }

    @Test
    void getRecordsAtTwoCallsPerSecondIsNeverThrottled() {
        String stream = createActive(riffle.kinesis(), name("throttle-reads-slow"), 1);
        riffle.kinesis().putRecord(b -> b.streamName(stream).partitionKey("pk").data(Kit.bytes("x")));
        String first = noRetries().getShardIterator(b -> b.streamName(stream).shardId(SHARD_0)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        String[] iterator = {first};
        int[] calls = new int[1];
        // a call every 500 ms: at most 2 calls/s
        paced(RUN_MS, 500, () -> {
            iterator[0] = noRetries().getRecords(b -> b.shardIterator(iterator[0])).nextShardIterator();
            calls[0]++;
        });
        assertThat(calls[0]).isGreaterThan(2);
    }
}
