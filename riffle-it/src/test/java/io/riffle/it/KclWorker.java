package io.riffle.it;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.fanout.FanOutConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * One KCL 3.x worker, unchanged, in its own JVM (started by {@link KclWorkers}): it consumes a stream
 * from Riffle's Kinesis with its leases in Riffle's DynamoDB, and appends every record it processes
 * to a file as a {@link ProcessedRecord} line, flushed before each checkpoint (every
 * {@code riffle.kcl.checkpointEvery} records, default {@value #CHECKPOINT_EVERY}, and at each shard's end).
 * CloudWatch metrics and worker metrics are off, every client has an explicit region and credentials:
 * nothing reaches AWS or the EC2 metadata address.
 *
 * <p>Failover is tuned down from the KCL's defaults so that tests see it in seconds, not minutes:
 * a lease unrenewed for {@code riffle.kcl.failoverMs} (default 4 s; the KCL's is 10 s) is expired, the
 * leader assigns new and expired leases every 2 s (the KCL's: twice the failover time), workers report their
 * liveness every 2 s (30 s) and the leader's lock lasts 6 s (2 min), so a dead leader is replaced quickly too.
 *
 * <p>Arguments: endpoint stream application workerId polling|fanout outputFile
 */
public final class KclWorker {
    static final int CHECKPOINT_EVERY = 1000;
    static final long FAILOVER_MS = 4000;
    static final long ASSIGNMENT_MS = 2000;
    static final long LEADER_LOCK_MS = 6000;
    static final long LEADER_HEARTBEAT_MS = 2000;
    static final long WORKER_REPORT_MS = 2000;

    private KclWorker() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String stream = args[1];
        String application = args[2];
        String workerId = args[3];
        boolean isFanOut = args[4].equals("fanout");
        Path output = Path.of(args[5]);
        KinesisAsyncClient kinesis = KinesisAsyncClient.builder().endpointOverride(endpoint).region(SdkClients.REGION)
                .credentialsProvider(SdkClients.credentials()).build();
        DynamoDbAsyncClient dynamoDb = DynamoDbAsyncClient.builder().endpointOverride(endpoint).region(SdkClients.REGION)
                .credentialsProvider(SdkClients.credentials()).build();
        CloudWatchAsyncClient cloudWatch = CloudWatchAsyncClient.builder().endpointOverride(endpoint)
                .region(SdkClients.REGION).credentialsProvider(SdkClients.credentials()).build();
        BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        SingleStreamTracker tracker = new SingleStreamTracker(StreamIdentifier.singleStreamInstance(stream),
                InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON));
        ConfigsBuilder configs = new ConfigsBuilder(tracker, application, kinesis, dynamoDb, cloudWatch, workerId,
                () -> new Processor(out, Integer.getInteger("riffle.kcl.checkpointEvery", CHECKPOINT_EVERY)));
        var leases = configs.leaseManagementConfig().failoverTimeMillis(Long.getLong("riffle.kcl.failoverMs", FAILOVER_MS))
                .shardSyncIntervalMillis(5000).leaseAssignmentIntervalMillis(ASSIGNMENT_MS)
                .dynamoDbLockBasedLeaderLeaseDurationInMillis(LEADER_LOCK_MS)
                .dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(LEADER_HEARTBEAT_MS);
        leases.workerUtilizationAwareAssignmentConfig().disableWorkerMetrics(true)
                .workerMetricsReporterFreqInMillis(WORKER_REPORT_MS);
        var retrieval = configs.retrievalConfig();
        retrieval.retrievalSpecificConfig(isFanOut ? new FanOutConfig(kinesis).streamName(stream).applicationName(application)
                : new PollingConfig(stream, kinesis).idleTimeBetweenReadsInMillis(250));
        Scheduler scheduler = new Scheduler(configs.checkpointConfig(),
                configs.coordinatorConfig().parentShardPollIntervalMillis(1000),
                leases, configs.lifecycleConfig(), configs.metricsConfig().metricsFactory(new NullMetricsFactory()),
                configs.processorConfig(), retrieval);
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

    /** Writes each record; checkpoints at every {@code checkpointEvery}-th record and at a shard's end. */
    private static final class Processor implements ShardRecordProcessor {
        private final BufferedWriter out;
        private final int checkpointEvery;
        private String shardId;
        private int sinceCheckpoint;

        Processor(BufferedWriter out, int checkpointEvery) {
            this.out = out;
            this.checkpointEvery = checkpointEvery;
        }

        @Override
        public void initialize(InitializationInput input) {
            shardId = input.shardId();
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            try {
                synchronized (out) {
                    for (KinesisClientRecord record : input.records()) {
                        out.write(ProcessedRecord.line(shardId, record.partitionKey(),
                                StandardCharsets.UTF_8.decode(record.data()).toString(), record.sequenceNumber()));
                    }
                    out.flush();
                }
                // checkpoint at the record that completes each checkpointEvery, even inside a batch: the records
                // after it are in flight, processed again by whoever resumes the shard
                KinesisClientRecord due = null;
                for (KinesisClientRecord record : input.records()) {
                    if (++sinceCheckpoint >= checkpointEvery) {
                        due = record;
                        sinceCheckpoint = 0;
                    }
                }
                if (due != null) {
                    input.checkpointer().checkpoint(due.sequenceNumber(), due.subSequenceNumber());
                }
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
