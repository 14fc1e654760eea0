package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.LongSummaryStatistics;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The KCL end-to-end figure (a measurement, not a check; run on demand, see docs/benchmarks.md): two KCL 3.5.1
 * worker JVMs (polling, checkpointing every 1,000 records per shard), both holding leases, consume
 * {@value #RECORDS} records of {@value #RECORD_BYTES} bytes on 4 shards, sent as fast as one PutRecords client
 * can, with Kinesis' throughput limits off; printed: records/s from the first record processed to the last, by
 * the workers' clocks.
 *
 * <pre>./mvnw -B -o verify -pl riffle-it -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=KclThroughputIT -Dfailsafe.skip.json=true -Driffle.kcl.bench=true</pre>
 */
class KclThroughputIT {
    private static final int RECORDS = 200_000;
    private static final int RECORD_BYTES = 100;
    private static final int BATCH = 500;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("throughput-limits=false");

    @RegisterExtension
    final KclWorkers workers = new KclWorkers(riffle);

    @Test
    void twoWorkersConsumeABacklog() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("riffle.kcl.bench"), "a benchmark: -Driffle.kcl.bench=true runs it");
        KinesisClient kinesis = riffle.kinesis();
        String stream = Kit.createActive(kinesis, "kcl-bench", 4);
        String application = "kcl-bench-app";
        try (DynamoDbClient ddb = SdkClients.dynamoDb(riffle.endpoint())) {
            workers.start(stream, application, "b1", "polling");
            workers.awaitMigrationState(ddb, application);
            workers.start(stream, application, "b2", "polling");
            // both workers hold leases before the records come, so that both take part from the first
            workers.awaitWhileAlive("both workers to hold leases", () -> Set.copyOf(
                    KclWorkers.leaseOwners(ddb, application).values()).equals(Set.of("b1", "b2")));
            String padding = ".".repeat(RECORD_BYTES - 8);
            for (int sent = 0; sent < RECORDS; sent += BATCH) {
                List<PutRecordsRequestEntry> batch = new ArrayList<>();
                for (int i = sent; i < sent + BATCH; i++) {
                    batch.add(PutRecordsRequestEntry.builder().partitionKey("key-" + (i % 1000))
                            .data(SdkBytes.fromUtf8String(String.format("%08d", i) + padding)).build());
                }
                assertThat(kinesis.putRecords(b -> b.streamName(stream).records(batch)).failedRecordCount()).isZero();
            }
            // probed once a second: reading the outputs more often would take CPU from the workers being measured
            List<ProcessedRecord> processed = workers.processed();
            long deadline = System.nanoTime() + KclWorkers.DEADLINE.toNanos();
            while (ProcessedRecord.distinct(processed).size() < RECORDS) {
                assertThat(System.nanoTime()).as("all records processed in time; logs:%n%s", workers.logs())
                        .isLessThan(deadline);
                Kit.pause(1000);
                processed = workers.processed();
            }
            LongSummaryStatistics times = processed.stream().mapToLong(ProcessedRecord::processedAtMicros)
                    .summaryStatistics();
            double seconds = (times.getMax() - times.getMin()) / 1e6;
            long byWorker2 = processed.stream().filter(r -> r.worker().equals("b2")).count();
            System.out.printf("KCL throughput: %d records of %d B processed by 2 workers (%d by b2) in %.1f s:"
                    + " %.0f records/s (checkpoint every %d)%n", processed.size(), RECORD_BYTES, byWorker2, seconds,
                    processed.size() / seconds, KclWorker.CHECKPOINT_EVERY);
        }
    }
}
