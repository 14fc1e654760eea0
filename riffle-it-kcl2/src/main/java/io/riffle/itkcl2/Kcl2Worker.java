package io.riffle.itkcl2;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * One KCL 2.x worker, unchanged, run by riffle-it's KclIT in a JVM of its own (the KCL 2.x and 3.x share package
 * names): it consumes a stream from Riffle's Kinesis (polling) with its leases in Riffle's DynamoDB, and appends every
 * record it processes to a file in riffle-it's {@code ProcessedRecord} line format ({@code shardId TAB partitionKey
 * TAB data TAB sequenceNumber TAB processedAtMicros}), flushed before it checkpoints at each batch's last record and at
 * a shard's end. CloudWatch metrics are off, every client has an explicit region and credentials.
 *
 * <p>Arguments: endpoint stream application workerId outputFile
 */
public final class Kcl2Worker {
    private static final long FAILOVER_MS = 4000;

    private Kcl2Worker() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String stream = args[1];
        String application = args[2];
        String workerId = args[3];
        Path output = Path.of(args[4]);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "secret"));
        KinesisAsyncClient kinesis = KinesisAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        DynamoDbAsyncClient dynamoDb = DynamoDbAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder().endpointOverride(endpoint)
                .region(Region.US_EAST_1).credentialsProvider(credentials).build();
        BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        SingleStreamTracker tracker = new SingleStreamTracker(stream,
                InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON));
        ConfigsBuilder configs = new ConfigsBuilder(tracker, application, kinesis, dynamoDb, cloudWatch, workerId,
                () -> new Processor(out));
        Scheduler scheduler = new Scheduler(configs.checkpointConfig(),
                configs.coordinatorConfig().parentShardPollIntervalMillis(1000),
                configs.leaseManagementConfig().failoverTimeMillis(FAILOVER_MS).shardSyncIntervalMillis(5000),
                configs.lifecycleConfig(), configs.metricsConfig().metricsFactory(new NullMetricsFactory()),
                configs.processorConfig(), configs.retrievalConfig().retrievalSpecificConfig(
                        new PollingConfig(stream, kinesis).idleTimeBetweenReadsInMillis(250)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                scheduler.startGracefulShutdown().get();
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        try {
            scheduler.run();
        } catch (Throwable e) {
            e.printStackTrace();
            Runtime.getRuntime().halt(1); // the KCL's own threads would keep a broken worker's JVM alive
        }
        stopped.await();
    }

    /** Writes each record, then checkpoints at the batch's last record; checkpoints a shard's end. */
    private static final class Processor implements ShardRecordProcessor {
        private final BufferedWriter out;
        private String shardId;

        Processor(BufferedWriter out) {
            this.out = out;
        }

        @Override
        public void initialize(InitializationInput input) {
            shardId = input.shardId();
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            if (input.records().isEmpty()) {
                return;
            }
            try {
                synchronized (out) {
                    for (KinesisClientRecord record : input.records()) {
                        Instant now = Instant.now();
                        out.write(shardId + "\t" + record.partitionKey() + "\t"
                                + StandardCharsets.UTF_8.decode(record.data()) + "\t" + record.sequenceNumber() + "\t"
                                + (now.getEpochSecond() * 1_000_000 + now.getNano() / 1000) + "\n");
                    }
                    out.flush();
                }
                KinesisClientRecord last = input.records().get(input.records().size() - 1);
                input.checkpointer().checkpoint(last.sequenceNumber(), last.subSequenceNumber());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("checkpoint of " + shardId + " failed", e);
            }
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            try {
                input.checkpointer().checkpoint();
            } catch (Exception e) {
                throw new IllegalStateException("checkpoint at the end of " + shardId + " failed", e);
            }
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            try {
                input.checkpointer().checkpoint();
            } catch (Exception e) {
                // the lease may already be gone; the next owner resumes from the last checkpoint
            }
        }
    }
}
